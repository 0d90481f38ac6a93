import Foundation
import CallMeter

/// What every command gets: where the database and rules are, and where to print.
struct CommandContext {
    /// The database as given (`--db`, `CALLMETER_DB`), resolved through links when its folder exists.
    let databasePath: String
    let rulesDirectory: URL
    /// Relative paths given on the command line are taken from here.
    let workingDirectory: URL
    let console: Console
    let environment: [String: String]
    /// The current time; fixed in tests.
    var clock: @Sendable () -> Date = { Date() }
    /// Where `weights` reads scoring runs; nil: the database's scoring tables.
    var scoringRuns: (any ScoringResults)?
    /// How long a writer waits for the database (`--wait`), in seconds.
    var waitSeconds: Double = DatabaseWaiting.defaultSeconds
    /// What this run is, as other processes see it in lock messages ("ingest cdr a.csv").
    var commandLine: String = ""
    /// The lock this run holds and whether it said that it waits.
    let waiting = DatabaseWaiting()

    /// Unix seconds now, by `clock`.
    var now: Int64 { Int64(clock().timeIntervalSince1970.rounded(.down)) }

    /// Opens the database, waiting up to `--wait` for another writer; an SQLite failure while
    /// opening (a full disk cannot create the WAL index, a read-only mount) says what is wrong with
    /// the database and what to do. `verifyingKey: false` is for `check` only (see `Store`).
    func openStore(create: Bool = false, verifyingKey: Bool = true) throws -> Store {
        do {
            let store = try Store(path: databasePath, create: create, verifyingKey: verifyingKey)
            let waiting = waiting
            let console = console
            let path = databasePath
            let seconds = waitSeconds
            store.waitWhenBusy(limitSeconds: seconds, onWait: {
                waiting.announce(database: path, limitSeconds: seconds, console: console)
            })
            return store
        } catch let error as SQLiteError {
            let problem = DatabaseProblem(error, context: self)
            throw CommandFailure(problem.message, status: problem.status)
        }
    }

    /// Takes the database's lock in `mode`, waiting up to `--wait` seconds with one line on standard
    /// error; fails with `DatabaseLock.Failure` (busy: exit 75).
    func lockDatabase(_ mode: DatabaseLock.Mode, waiting limit: Double? = nil) throws(DatabaseLock.Failure) -> DatabaseLock {
        let waitSeconds = limit ?? waitSeconds
        return try DatabaseLock.acquire(database: databasePath, mode: mode, command: commandLine, waitSeconds: waitSeconds) { holders in
            waiting.announce(database: databasePath, holders: holders, limitSeconds: waitSeconds, console: console)
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
    /// What the command does to the database: `CLI.run` takes the lock a writer needs before `run`.
    var databaseAccess: DatabaseAccess { get }
    func run(_ context: CommandContext) throws -> ExitStatus
}

/// What a command does to the database, which decides the lock it holds while it runs.
enum DatabaseAccess {
    /// Reads it, or does not use it: no lock.
    case read
    /// Writes to it: the shared lock (see `DatabaseLock`), taken by `CLI.run`.
    case write
    /// Replaces the file: the command takes the exclusive lock itself (`restore`).
    case replace
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
    var databaseAccess: DatabaseAccess { .read }

    static func isHelp(_ argument: String) -> Bool { argument == "--help" || argument == "-h" }
}
