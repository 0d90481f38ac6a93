import CallMeter
import CallMeterDaemon
import Foundation

/// `callmeter backup FILE`
struct BackupCommand: Command {
    static let name = "backup"
    static let abstract = "Copy the database and its key to a backup file, even while it is in use."
    static let help = """
        USAGE: callmeter [--db PATH] backup FILE

        Copies the database to FILE with SQLite's online backup API: the daemon and ingests may keep
        writing meanwhile. The copy is written to FILE.tmp and renamed when complete, with mode 0600.
        The caller-pseudonym key is copied beside it as FILE.key (0600): keep the two together, a
        backup without its key cannot pseudonymise callers consistently.
        """

    let file: String

    init(arguments: [String]) throws(UsageError) {
        file = try Self.singleFile(arguments, command: "backup")
    }

    /// The one FILE argument of `backup` and `restore`.
    static func singleFile(_ arguments: [String], command: String) throws(UsageError) -> String {
        var cursor = ArgumentCursor(arguments)
        var file: String?
        while let argument = cursor.next() {
            if argument.hasPrefix("-") && argument != "-" && argument != "--" { throw UsageError("unknown option '\(argument)'") }
            if argument == "--" { continue }
            guard file == nil else { throw UsageError("unexpected argument '\(argument)'") }
            file = argument
        }
        guard let file else { throw UsageError("\(command) needs a FILE") }
        return file
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let target = CLI.resolve(file, against: context.workingDirectory).path
        guard target != context.databasePath else { throw CommandFailure("the backup cannot be the database itself") }
        let store = try context.openStore()
        let pages = try store.backup(to: target)
        context.console.print("Backed up \(store.path) to \(target) (\(pages) pages) with its key \(target).key.")
        return .success
    }
}

/// `callmeter restore FILE`
struct RestoreCommand: Command {
    static let name = "restore"
    static let abstract = "Replace the database with a backup that passes the check."
    static let help = """
        USAGE: callmeter [--db PATH] restore FILE

        Replaces the database at --db with the backup FILE and its key FILE.key. The backup is copied
        beside the database and checked first (as by 'callmeter check'); when the check fails,
        nothing is changed and the problems are listed (exit 1). The current database and its key
        are kept aside as PATH.before-restore-TIMESTAMP and PATH.before-restore-TIMESTAMP.key.
        FILE itself is left as it is. Refused (exit 75) while callmeterd runs on the database: stop
        it first.
        """

    let file: String

    init(arguments: [String]) throws(UsageError) {
        file = try BackupCommand.singleFile(arguments, command: "restore")
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let source = CLI.resolve(file, against: context.workingDirectory).path
        guard source != context.databasePath else { throw CommandFailure("the backup cannot be the database itself") }
        let stamp = Timestamp.formatUTC(milliseconds: context.now * 1000)
            .filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        // The daemon's own lock: no callmeterd starts while the files are swapped, and none runs.
        let lock: InstanceLock
        do {
            lock = try InstanceLock.acquire(forDatabase: context.databasePath)
        } catch {
            throw CommandFailure("cannot restore now: \(error)", status: .temporaryFailure)
        }
        defer { withExtendedLifetime(lock) {} }
        do {
            let outcome = try Restore.run(backup: source, database: context.databasePath, stamp: stamp)
            if let aside = outcome.keptAside {
                context.console.print("The previous database and its key are kept as \(aside) and \(aside).key.")
            }
            context.console.print("Restored \(context.databasePath) from \(source).")
            return .success
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
