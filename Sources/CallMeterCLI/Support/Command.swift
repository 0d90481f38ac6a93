import Foundation
import CallMeter

/// What every command gets: where the database and rules are, and where to print.
struct CommandContext {
    let databasePath: String
    let rulesDirectory: URL
    /// Relative paths given on the command line are taken from here.
    let workingDirectory: URL
    let console: Console
    let environment: [String: String]
    /// The current time; fixed in tests.
    var clock: @Sendable () -> Date = { Date() }
    /// Where `weights` reads scoring runs; nil: the database's scoring tables.
    var scoringRuns: (any ScoringRunSource)?

    /// Unix seconds now, by `clock`.
    var now: Int64 { Int64(clock().timeIntervalSince1970.rounded(.down)) }

    /// Opens the database; an SQLite failure while opening (a full disk cannot create the WAL
    /// index) names the database. `verifyingKey: false` is for `check` only (see `Store`).
    func openStore(create: Bool = false, verifyingKey: Bool = true) throws -> Store {
        do {
            return try Store(path: databasePath, create: create, verifyingKey: verifyingKey)
        } catch let error as SQLiteError {
            var text = "cannot open database \(databasePath): \(error)"
            // SQLITE_READONLY (8), SQLITE_CANTOPEN (14): even reading needs the folder writable.
            let folder = URL(fileURLWithPath: databasePath).deletingLastPathComponent().path
            if [8, 14].contains(error.code), access(folder, W_OK) != 0 {
                text += "; the folder \(folder) is not writable (\(String(cString: strerror(errno)))), and SQLite keeps"
                    + " its -wal and -shm files beside the database"
            }
            throw CommandFailure(text)
        }
    }

    func centerRules() throws -> CenterRules {
        try CenterRules.load(directory: rulesDirectory)
    }

    func routingRules() throws -> RoutingRules {
        try RoutingRules.load(directory: rulesDirectory)
    }
}

/// One subcommand of `callmeter`.
protocol Command {
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// The full help text: usage line, description, options.
    static var help: String { get }

    /// Parses the arguments after the command name.
    init(arguments: [String]) throws(UsageError)
    func run(_ context: CommandContext) throws -> ExitStatus
}

/// Pops arguments in order; `--name value` and `--name=value` are both accepted.
struct ArgumentCursor {
    private var rest: ArraySlice<String>
    private var pendingValue: String?

    init(_ arguments: [String]) { rest = arguments[...] }

    /// The next argument, or nil at the end. An `--opt=value` comes back as `--opt` and its value
    /// is kept for `value(for:)`.
    mutating func next() -> String? {
        guard let argument = rest.popFirst() else { return nil }
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
            pendingValue = String(argument[argument.index(after: equals)...])
            return String(argument[..<equals])
        }
        pendingValue = nil
        return argument
    }

    mutating func value(for option: String) throws(UsageError) -> String {
        if let pendingValue {
            self.pendingValue = nil
            return pendingValue
        }
        guard let value = rest.popFirst() else { throw UsageError("\(option) needs a value") }
        return value
    }

    mutating func integer(for option: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        let text = try value(for: option)
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("\(option) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// The value of an `--opt=value` just returned by `next()`, handed over once.
    mutating func pendingEqualsValue() -> String? {
        defer { pendingValue = nil }
        return pendingValue
    }

    mutating func remaining() -> [String] {
        defer { rest = [] }
        return Array(rest)
    }
}

extension Command {
    static func isHelp(_ argument: String) -> Bool { argument == "--help" || argument == "-h" }
}
