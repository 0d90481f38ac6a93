import CallMeter
import Foundation

/// An SQLite error turned into what the user can act on: which database, what is wrong with it,
/// what to do. SQLite's own words are kept at the end for a bug report; the SQL text never is.
struct DatabaseProblem {
    let message: String
    let status: ExitStatus

    init(_ error: SQLiteError, context: CommandContext) {
        self.init(error, database: context.databasePath, holders: { context.waiting.otherHolders(of: context.databasePath) },
                  waitSeconds: context.waitSeconds)
    }

    init(_ error: SQLiteError, database: String, holders: () -> [DatabaseLock.Holder], waitSeconds: Double) {
        let folder = URL(fileURLWithPath: database).deletingLastPathComponent().path
        let sqlite = "(SQLite: \(error.message))"
        switch error.code {
        case 5, 6:  // SQLITE_BUSY, SQLITE_LOCKED
            message = "the database \(database) is busy: another writer (\(DatabaseLock.describe(holders()))) kept it for the "
                + "\(Int(waitSeconds)) s this command waits. Nothing of this command was stored; try again later, "
                + "or wait longer with --wait SECONDS"
            status = .temporaryFailure
        case 8:  // SQLITE_READONLY
            message = "cannot write to the database \(database): " + Self.whyReadOnly(database: database, folder: folder)
                + ". Nothing was changed \(sqlite)"
            status = .failure
        case _ where error.code == 13 || (error.code == 10 && error.message.contains(String(cString: strerror(ENOSPC)))):
            // SQLITE_FULL, or an I/O error whose reason is ENOSPC (creating the WAL index on open)
            message = "the disk holding the database \(database) is full: free some space and run the command again. "
                + "Nothing of this command was stored \(sqlite)"
            status = .failure
        case 14:  // SQLITE_CANTOPEN
            if access(folder, F_OK) != 0 {
                message = "the folder \(folder) does not exist, so the database \(database) cannot be opened: create it or fix --db"
            } else {
                message = "cannot open the database \(database): " + Self.whyReadOnly(database: database, folder: folder) + " \(sqlite)"
            }
            status = .failure
        case 10:  // SQLITE_IOERR
            message = "reading or writing the database \(database) failed: check the disk and the file system, then run "
                + "'callmeter check' \(sqlite)"
            status = .failure
        case 11, 26:  // SQLITE_CORRUPT, SQLITE_NOTADB
            message = "\(database) is damaged or not a CallMeter database: run 'callmeter check', or restore a backup "
                + "with 'callmeter restore FILE' \(sqlite)"
            status = .failure
        default:
            message = "the database \(database) refused the change: SQLite error \(error.extendedCode), \(error.message). "
                + "Run 'callmeter check'; if it passes, this is a bug of callmeter: please report it"
            status = .failure
        }
    }

    /// Why a database cannot be written: the mount, the file's mode, the folder's mode.
    static func whyReadOnly(database: String, folder: String) -> String {
        var fs = statvfs()
        if statvfs(folder, &fs) == 0, fs.f_flag & UInt(ST_RDONLY) != 0 {
            return "its file system (the folder \(folder)) is mounted read-only; remount it read-write"
        }
        if access(database, F_OK) == 0, access(database, W_OK) != 0 {
            if errno == EPERM {
                return "the file is immutable (chattr +i, see lsattr \(database)); make it writable with chattr -i"
            }
            return "the file is read-only for this user; make it writable (chmod u+w \(database)) or run as its owner"
        }
        if access(folder, W_OK) != 0 {
            return "the folder \(folder) is not writable for this user, and SQLite keeps its -wal and -shm files beside the "
                + "database; make it writable or run as its owner"
        }
        for sidecar in ["-wal", "-shm"] where access(database + sidecar, F_OK) == 0 && access(database + sidecar, W_OK) != 0 {
            return "\(database + sidecar) is read-only for this user; make it writable or run as its owner"
        }
        return "it is read-only; make the file, its -wal and -shm files and its folder writable for this user"
    }
}
