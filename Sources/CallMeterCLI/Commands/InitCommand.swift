import CallMeter

/// `callmeter init`
struct InitCommand: Command {
    static let name = "init"
    static let abstract = "Create the database and its caller-pseudonym key."
    static let help = """
        USAGE: callmeter [--db PATH] init

        Creates the database (mode 0600) and, beside it, PATH.key: the secret key under which caller
        numbers are pseudonymised (HMAC-SHA256). Keep the key with the database and back them up
        together: without it, repeat callers can no longer be matched. Running init on an existing
        database only brings its schema up to date.
        """

    static let options = OptionTable([], unknownOption: .unexpectedArgument)

    init(arguments: [String]) throws(UsageError) {
        _ = try Self.parseOptionsOnly(arguments)
    }

    var databaseAccess: DatabaseAccess { .write }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let store = try context.openStore(create: true)
        context.console.print("Database \(store.path) is ready (schema version \(Store.schemaVersion)).")
        return .success
    }
}
