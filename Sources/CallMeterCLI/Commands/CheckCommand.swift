import CallMeter

/// `callmeter check`
struct CheckCommand: Command {
    static let name = "check"
    static let abstract = "Check the database: SQLite's integrity and CallMeter's invariants."
    static let help = """
        USAGE: callmeter [--db PATH] check

        Checks that the caller-pseudonym key DB.key is private (no access for group or others) and is
        the database's own (the fingerprint recorded in the database), runs SQLite's integrity_check
        and foreign_key_check, then CallMeter's own invariants: every rating points at a stored call
        or waits for a call that is not ingested yet; the pay lines of every closed period still match
        the export digest, line count and total stored when it was closed; no call is stored or paid
        twice; disposition, direction and ended_by hold valid values.

        Prints "ok" and exits 0, or prints one line per problem and exits 1. Never prints a caller
        number.
        """

    static let options = OptionTable([], unknownOption: .unexpectedArgument)

    init(arguments: [String]) throws(UsageError) {
        _ = try Self.parseOptionsOnly(arguments)
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        // A key that is not the database's, or open to others, is one of the problems listed.
        let problems = try Maintenance(store: context.openStore(verifyingKey: false)).integrityProblems()
        guard !problems.isEmpty else {
            context.console.print("ok")
            return .success
        }
        for problem in problems { context.console.print(problem.description) }
        context.console.error("\(problems.count) problem\(problems.count == 1 ? "" : "s") found")
        return .failure
    }
}
