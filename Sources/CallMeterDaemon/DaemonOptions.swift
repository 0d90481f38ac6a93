import Foundation

/// The command line of `callmeterd`.
public struct DaemonOptions: Sendable, Equatable {
    public var databasePath: String
    public var rulesDirectory: String
    public var inbox: String
    public var nightly = NightlyTime.default
    public var pollSeconds = 5
    public var settleSeconds = 5
    public var once = false

    public static let usage = """
        USAGE: callmeterd --db PATH --rules DIR --inbox DIR [--nightly HH:MM] [--poll SECONDS]
                          [--settle SECONDS] [--once]

        Takes the files dropped into the inbox and ingests them, and runs the nightly job.

          --db PATH          the CallMeter database (created when missing); one callmeterd per
                             database (lock file PATH.lock)
          --rules DIR        the rule files (center, scoring, routing, tiers, payroll, asterisk,
                             report .json), checked as one set at start; SIGHUP loads them again,
                             taken only when every file loads (edits do nothing until then)
          --inbox DIR        the inbox: files in cdr/, ratings/, agents/, asterisk-csv/ and
                             asterisk-queue-log/ are taken; they move to archive/YYYY-MM-DD/ or failed/
          --nightly HH:MM    local time of the nightly job in the center's time zone (default 02:30)
          --poll SECONDS     how often the inbox is looked at (default 5)
          --settle SECONDS   a file is taken once its size and time have not changed for this long
                             (default 5)
          --once             one inbox pass and the nightly job if it is due, then exit

        Producers write NAME.part (or NAME.tmp, or a hidden .NAME) and rename it when complete.

        EXIT STATUS: 0 stopped by SIGTERM/SIGINT, or --once done; 1 cannot start (database, rules,
        inbox), or --once when the nightly job failed or a file was left for later (not settled
        yet, or a temporary failure);
        64 usage error; 75 another callmeterd holds the database's lock.
        """

    public init(databasePath: String, rulesDirectory: String, inbox: String) {
        self.databasePath = databasePath
        self.rulesDirectory = rulesDirectory
        self.inbox = inbox
    }

    public enum Parsed: Equatable, Sendable {
        case run(DaemonOptions)
        case help
        case version
    }

    /// Parses the arguments after the program name; relative paths are resolved against
    /// `workingDirectory`.
    public static func parse(_ arguments: [String], workingDirectory: String) throws(DaemonUsageError) -> Parsed {
        var database: String?, rules: String?, inbox: String?
        var nightly = NightlyTime.default
        var poll = 5, settle = 5, once = false
        var rest = arguments[...]

        func value(_ option: String, _ inline: String?) throws(DaemonUsageError) -> String {
            if let inline { return inline }
            guard let next = rest.popFirst() else { throw DaemonUsageError("\(option) needs a value") }
            return next
        }
        func seconds(_ option: String, _ text: String, _ range: ClosedRange<Int>) throws(DaemonUsageError) -> Int {
            guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text), range.contains(value) else {
                throw DaemonUsageError("\(option) takes a whole number of seconds from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            }
            return value
        }

        while let argument = rest.popFirst() {
            var option = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                option = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            switch option {
            case "--help", "-h": return .help
            case "--version": return .version
            case "--db": database = try value(option, inline)
            case "--rules": rules = try value(option, inline)
            case "--inbox": inbox = try value(option, inline)
            case "--nightly":
                let text = try value(option, inline)
                guard let time = NightlyTime(text) else { throw DaemonUsageError("--nightly takes a local time HH:MM (00:00 to 23:59), not '\(text)'") }
                nightly = time
            case "--poll": poll = try seconds(option, try value(option, inline), 1...86_400)
            case "--settle": settle = try seconds(option, try value(option, inline), 0...86_400)
            case "--once":
                if inline != nil { throw DaemonUsageError("--once takes no value") }
                once = true
            default:
                if argument.hasPrefix("-") { throw DaemonUsageError("unknown option '\(argument)'") }
                throw DaemonUsageError("unexpected argument '\(argument)'")
            }
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
public struct DaemonUsageError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
