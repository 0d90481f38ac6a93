import Foundation
package import CallMeter

/// The command line of `callmeterd`.
package struct DaemonOptions: Sendable, Equatable {
    package var databasePath: String
    package var rulesDirectory: String
    package var inbox: String
    package var nightly = NightlyTime.default
    package var pollSeconds = 5
    package var settleSeconds = 5
    package var once = false

    package static let usage = """
        USAGE: callmeterd --db PATH --rules DIR --inbox DIR [--nightly HH:MM] [--poll SECONDS]
                          [--settle SECONDS] [--once]

        Takes the files dropped into the inbox and ingests them, and runs the nightly job.

        \(options.listing)

        Producers write NAME.part (or NAME.tmp, or a hidden .NAME) and rename it when complete.

        EXIT STATUS: 0 stopped by SIGTERM/SIGINT, or --once done; 1 cannot start (database, rules,
        inbox), or --once when the nightly job failed or a file was left for later (not settled
        yet, or a temporary failure);
        64 usage error; 75 another callmeterd holds the database's lock.
        """

    /// The options of `callmeterd` (besides --help and --version, which the usage does not list).
    package static let options = OptionTable([
        CommandOption("--db", "PATH", help: """
            the CallMeter database (created when missing); one callmeterd per
            database (lock file PATH.lock)
            """),
        CommandOption("--rules", "DIR", help: """
            the rule files (center, scoring, routing, tiers, payroll, asterisk,
            freeswitch, report, integrity, staffing .json), checked as one set at
            start; SIGHUP loads them again, taken only when every file loads (edits
            do nothing until then)
            """),
        CommandOption("--inbox", "DIR", help: """
            the inbox: files in cdr/, ratings/, agents/, commitments/, asterisk-csv/,
            asterisk-queue-log/ and freeswitch-csv/ are taken; they move to
            archive/YYYY-MM-DD/ or failed/
            """),
        CommandOption("--nightly", "HH:MM", help: "local time of the nightly job in the center's time zone (default 02:30)"),
        CommandOption("--poll", "SECONDS", .integer(1...86_400, unit: "seconds"), help: "how often the inbox is looked at (default 5)"),
        CommandOption("--settle", "SECONDS", .integer(0...86_400, unit: "seconds"), help: """
            a file is taken once its size and time have not changed for this long
            (default 5)
            """),
        CommandOption("--once", help: "one inbox pass and the nightly job if it is due, then exit"),
    ], helpColumn: 21)

    package init(databasePath: String, rulesDirectory: String, inbox: String) {
        self.databasePath = databasePath
        self.rulesDirectory = rulesDirectory
        self.inbox = inbox
    }

    package enum Parsed: Equatable, Sendable {
        case run(DaemonOptions)
        case help
        case version
    }

    /// Parses the arguments after the program name; relative paths are resolved against
    /// `workingDirectory`.
    package static func parse(_ arguments: [String], workingDirectory: String) throws(DaemonUsageError) -> Parsed {
        var database: String?, rules: String?, inbox: String?
        var nightly = NightlyTime.default
        var poll = 5, settle = 5, once = false
        var rest = arguments[...]
        do throws(OptionUsageError) {
            while let argument = rest.popFirst() {
                switch argument {
                case "--help", "-h": return .help
                case "--version": return .version
                default: break
                }
                guard let (option, value) = try options.read(argument, from: &rest) else {
                    if argument.hasPrefix("-") { throw OptionUsageError("unknown option '\(argument)'") }
                    throw OptionUsageError("unexpected argument '\(argument)'")
                }
                switch option.name {
                case "--db": database = value
                case "--rules": rules = value
                case "--inbox": inbox = value
                case "--nightly":
                    guard let text = value, let time = NightlyTime(text) else {
                        throw OptionUsageError("--nightly takes a local time HH:MM (00:00 to 23:59), not '\(value ?? "")'")
                    }
                    nightly = time
                case "--poll": poll = value.flatMap { Int($0) } ?? poll
                case "--settle": settle = value.flatMap { Int($0) } ?? settle
                default: once = true
                }
            }
        } catch {
            throw DaemonUsageError(error.message)
        }
        guard let database, !database.isEmpty else { throw DaemonUsageError("--db PATH is required") }
        guard let rules, !rules.isEmpty else { throw DaemonUsageError("--rules DIR is required") }
        guard let inbox, !inbox.isEmpty else { throw DaemonUsageError("--inbox DIR is required") }

        func absolute(_ path: String) -> String {
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: workingDirectory).appendingPathComponent(path)
            return url.standardizedFileURL.path
        }
        var options = DaemonOptions(databasePath: absolute(database), rulesDirectory: absolute(rules), inbox: absolute(inbox))
        options.nightly = nightly
        options.pollSeconds = poll
        options.settleSeconds = settle
        options.once = once
        return .run(options)
    }
}

/// A mistake on the command line: `Error: …` and a hint on standard error, exit 64.
package struct DaemonUsageError: Error, CustomStringConvertible, Sendable, Equatable {
    package let message: String
    init(_ message: String) { self.message = message }
    package var description: String { message }
}
