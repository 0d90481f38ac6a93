import CallMeter
/// `callmeter help [COMMAND]`
struct HelpCommand: Command {
    static let name = "help"
    static let abstract = "Show help for callmeter or one of its commands."
    static let help = """
        USAGE: callmeter help [COMMAND]

        Shows the list of commands, or the help of one command (the same as 'callmeter COMMAND --help').
        """

    static var overview: String {
        let width = CLI.commands.map { $0.name.count }.max() ?? 8
        let lines = CLI.commands.map { type in
            "  " + type.name + String(repeating: " ", count: width - type.name.count + 2) + type.abstract
        }
        return """
            callmeter — quality scores, routing weights and per-minute payroll for virtual call centers.

            USAGE: callmeter [--db PATH] [--rules DIR] [--wait SECONDS] COMMAND [ARGUMENTS]

            OPTIONS:
            \(CLI.globalOptions.listing)

            COMMANDS:
            \(lines.joined(separator: "\n"))

            EXIT STATUS: 0 success; 1 failure, nothing stored; 64 usage error; 65 some rows rejected,
            the rest stored; 75 try again later (the database is busy, callmeterd runs, a guard refused).

            See 'callmeter help COMMAND' for the options of a command.
            """
    }

    let topic: String?

    init(arguments: [String]) throws(UsageError) {
        guard arguments.count <= 1 else { throw UsageError("help takes at most one command name") }
        topic = arguments.first
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        guard let topic else {
            context.console.print(Self.overview)
            return .success
        }
        guard let type = CLI.command(named: topic) else {
            // Not a UsageError: its hint would send the user to 'callmeter help help'.
            context.console.error("Error: unknown command '\(topic)'")
            context.console.error("See 'callmeter help' for the list of commands.")
            return .usage
        }
        context.console.print(type.help)
        return .success
    }
}
