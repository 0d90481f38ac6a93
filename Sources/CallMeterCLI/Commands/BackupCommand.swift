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
        let parsed = try BackupCommand.parse(arguments)
        guard let file = parsed.positionals.first else { throw UsageError("\(command) needs a FILE") }
        if let extra = parsed.positionals.dropFirst().first { throw UsageError("unexpected argument '\(extra)'") }
        return file
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let target = CLI.resolve(file, against: context.workingDirectory).path
        guard target != context.databasePath else { throw CommandFailure("the backup cannot be the database itself") }
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure("the folder \(folder) does not exist, so no backup can be written to \(target): create it first or choose another FILE")
        }
        let store = try context.openStore()
        let pages: Int
        do {
            pages = try Maintenance(store: store).backup(to: target)
        } catch let error as SQLiteError {
            // The copy failed: the error is about the backup file, not the database.
            let why = error.code == 13 ? "the disk holding \(folder) is full; free some space"
                : DatabaseProblem.whyReadOnly(database: target + ".tmp", folder: folder)
            throw CommandFailure("cannot write the backup \(target): \(why). The database is unchanged (SQLite: \(error.message))")
        }
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
        FILE itself is left as it is. Refused (exit 75) while callmeterd runs on the database (stop
        it first), and while another command writes to it: restore waits up to --wait seconds
        (default 60) for it to finish, then names it (pid and command) and exits 75.
        """

    let file: String

    init(arguments: [String]) throws(UsageError) {
        file = try BackupCommand.singleFile(arguments, command: "restore")
    }

    var databaseAccess: DatabaseAccess { .replace }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let source = CLI.resolve(file, against: context.workingDirectory).path
        guard (try? DatabaseLock.resolve(source)) ?? source != context.databasePath else {
            throw CommandFailure("the backup cannot be the database itself")
        }
        let stamp = Timestamp.formatUTC(milliseconds: context.now * 1000)
            .filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        // The daemon's own lock first: a running callmeterd keeps the old file open for good, so
        // waiting for it is pointless; and no callmeterd starts while the files are swapped.
        let database = try DatabaseLock.resolve(context.databasePath)
        let instance: InstanceLock
        do {
            instance = try InstanceLock.acquire(forDatabase: database)
        } catch {
            if case .held = error { throw CommandFailure("cannot restore now: \(error)", status: .temporaryFailure) }
            throw CommandFailure("cannot restore \(database): \(error)")
        }
        defer { withExtendedLifetime(instance) {} }
        // Then every writer out: a restore never swaps the file under an ingest. It does not wait
        // for them either: what a running ingest goes on to acknowledge would land in the copy
        // kept aside, so the user is told who writes and runs restore again when they are done.
        let lock: DatabaseLock
        do {
            lock = try context.lockDatabase(.exclusive, waiting: 0)
        } catch {
            if case .busy(let database, let holders, _) = error {
                throw CommandFailure(
                    "cannot restore now: the database \(database) is being written by \(DatabaseLock.describe(holders))."
                        + " Restore does not wait for writers: what they store from now on would end up in the copy kept"
                        + " aside. Run restore again when they are done.",
                    status: .temporaryFailure)
            }
            throw CommandFailure("cannot restore now: \(error)", status: error.isTemporary ? .temporaryFailure : .failure)
        }
        defer { withExtendedLifetime(lock) {} }
        do {
            let outcome = try Maintenance.restore(backup: source, database: lock.database, stamp: stamp)
            if let aside = outcome.keptAside {
                context.console.print("The previous database and its key are kept as \(aside) and \(aside).key.")
            }
            context.console.print("Restored \(lock.database) from \(source).")
            return .success
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
