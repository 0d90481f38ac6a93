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
    /// The full help text: usage line, description, and the listing of `options`.
    static var help: String { get }
    /// Every option the command takes, declared once: parsing and the OPTIONS listing of `help`
    /// come from it.
    static var options: OptionTable { get }

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

extension Command {
    var databaseAccess: DatabaseAccess { .read }

    /// A command without options.
    static var options: OptionTable { OptionTable([]) }

    /// `arguments` read against `options`.
    static func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        do throws(OptionUsageError) {
            return try options.parse(arguments)
        } catch {
            throw UsageError(error)
        }
    }

    /// `arguments` read against `options`, for a command that takes no operands: the first one is
    /// an unexpected argument.
    static func parseOptionsOnly(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        let parsed = try parse(arguments)
        if let extra = parsed.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        return parsed
    }
}
