package import Foundation
package import CallMeter

/// The `callmeter` command line: parses global options, dispatches to a command, maps errors to
/// exit statuses. Tests call `run` in-process.
package enum CLI {
    package static let version = "0.1.0"

    static var commands: [any Command.Type] { [
        InitCommand.self, IngestCommand.self, StatusCommand.self, BatchesCommand.self, BatchCommand.self, RejectsCommand.self, ScoreCommand.self, ScoresCommand.self, IntegrityCommand.self,
        WeightsCommand.self, PayrollCommand.self, AdherenceCommand.self, CoverageCommand.self, ReportCommand.self, ErlangCommand.self,
        GenerateCommand.self, DemoCommand.self,
        CheckCommand.self, BackupCommand.self, RestoreCommand.self, HelpCommand.self,
    ] }

    /// The options before the command (and, but for --version and --help, after it too).
    static let globalOptions = OptionTable([
        CommandOption("--db", "PATH", help: "The database (default: $CALLMETER_DB, else ./callmeter.sqlite)."),
        CommandOption("--rules", "DIR", help: "The rule files (default: $CALLMETER_RULES, else ./Rules)."),
        CommandOption("--wait", "SECONDS", .integer(0...86_400), help: """
            How long a command that writes waits for the database while a restore
            or another writer holds it (default 60; 0: not at all), then exit 75.
            """),
        CommandOption("--version", help: "Print the version."),
        CommandOption("--help", label: "-h, --help", aliases: ["-h"], help: "Show this help."),
    ], helpColumn: 17)

    static func command(named name: String) -> (any Command.Type)? {
        commands.first { $0.name == name }
    }

    /// Runs `callmeter ARGUMENTS` and returns the exit status. `clock` gives the current time
    /// (feeds are stamped with it); tests pass a fixed one.
    package static func run(
        _ arguments: [String],
        console: Console = .standard(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) -> Int32 {
        run(arguments, console: console, environment: environment, workingDirectory: workingDirectory, clock: clock, scoringRuns: nil)
    }

    /// The same, with the scoring runs that `weights` reads coming from `scoringRuns` instead of
    /// the database's scoring tables when given (tests feed snapshots this way).
    package static func run(
        _ arguments: [String],
        console: Console,
        environment: [String: String],
        workingDirectory: URL,
        clock: @escaping @Sendable () -> Date,
        scoringRuns: (any ScoringResults)?
    ) -> Int32 {
        var databasePath = environment["CALLMETER_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "callmeter.sqlite"
        var rulesPath = environment["CALLMETER_RULES"].flatMap { $0.isEmpty ? nil : $0 } ?? "Rules"
        var commandArguments: [String] = []
        var commandName: String?
        var waitSeconds = DatabaseWaiting.defaultSeconds

        var rest = arguments[...]
        do throws(OptionUsageError) {
            while let argument = rest.popFirst() {
                // Global options are also accepted after the command.
                if let (option, value) = try globalOptions.read(argument, from: &rest) {
                    switch option.name {
                    case "--db": databasePath = value ?? databasePath
                    case "--rules": rulesPath = value ?? rulesPath
                    case "--wait": waitSeconds = Double(value.flatMap { Int($0) } ?? 0)
                    case "--version" where commandName == nil:
                        console.print("callmeter \(version)")
                        return ExitStatus.success.rawValue
                    case "--help" where commandName == nil:
                        console.print(HelpCommand.overview)
                        return ExitStatus.success.rawValue
                    default:
                        // --version and --help after the command are the command's.
                        commandArguments.append(argument)
                    }
                } else if commandName == nil {
                    if argument.hasPrefix("-") { throw OptionUsageError("unknown option '\(argument)'") }
                    commandName = argument
                } else if argument == "--" {
                    commandArguments.append(argument)
                    commandArguments += rest
                    rest = []
                } else {
                    commandArguments.append(argument)
                }
            }
        } catch {
            console.error("Error: \(error.message)")
            console.error("See 'callmeter help'.")
            return ExitStatus.usage.rawValue
        }

        guard let commandName else {
            console.print(HelpCommand.overview)
            return ExitStatus.success.rawValue
        }
        guard let type = command(named: commandName) else {
            console.error("Error: unknown command '\(commandName)'")
            console.error("See 'callmeter help'.")
            return ExitStatus.usage.rawValue
        }
        if commandArguments.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
            console.print(type.help)
            return ExitStatus.success.rawValue
        }
        let command: any Command
        do throws(UsageError) {
            command = try type.init(arguments: commandArguments)
        } catch {
            console.error("Error: \(error.message)")
            console.error("See 'callmeter help \(type.name)'.")
            return ExitStatus.usage.rawValue
        }
        let givenDatabase = resolve(databasePath, against: workingDirectory).path
        var context = CommandContext(
            // Through links to the real file: a linked database is the same database, with the same
            // key beside it and the same lock.
            databasePath: (try? DatabaseLock.resolve(givenDatabase)) ?? givenDatabase,
            rulesDirectory: resolve(rulesPath, against: workingDirectory),
            workingDirectory: workingDirectory, console: console, environment: environment, clock: clock,
            scoringRuns: scoringRuns)
        context.waitSeconds = waitSeconds
        context.commandLine = ([commandName] + commandArguments).joined(separator: " ")
        defer { context.waiting.databaseLock = nil }
        do {
            if command.databaseAccess == .write {
                context.waiting.databaseLock = try context.lockDatabase(.shared)
            }
            return try command.run(context).rawValue
        } catch let problem as DatabaseLock.Failure {
            console.error("Error: \(problem)")
            return (problem.isTemporary ? ExitStatus.temporaryFailure : ExitStatus.failure).rawValue
        } catch let error as SQLiteError {
            let problem = DatabaseProblem(error, context: context)
            console.error("Error: \(problem.message)")
            return problem.status.rawValue
        } catch let trip as CircuitBreaker.Trip {
            console.error("Error: \(CommandLineHints.message(for: trip))")
            return ExitStatus.temporaryFailure.rawValue
        } catch let failure as CommandFailure {
            console.error("Error: \(failure.message)")
            return failure.status.rawValue
        } catch let usage as UsageError {
            console.error("Error: \(usage.message)")
            console.error("See 'callmeter help \(type.name)'.")
            return ExitStatus.usage.rawValue
        } catch {
            console.error("Error: \(CommandLineHints.message(for: error))")
            return ExitStatus.failure.rawValue
        }
    }

    static func resolve(_ path: String, against directory: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
    }
}
