internal import CSQLite
import Foundation

/// Why a backup or a restore failed.
package struct BackupError: Error, CustomStringConvertible, Sendable {
    package let description: String
    init(_ description: String) { self.description = description }
}

extension Maintenance {
    /// Copies the database to `path` with SQLite's online backup API, which works while other
    /// connections (the daemon, an ingest) write: the copy is taken in chunks and restarted when
    /// the source changes in between. It goes to `path.tmp` (mode 0600) first, is turned into a
    /// single file (rollback journal, no `-wal`) and renamed into place; the caller-pseudonym key is
    /// copied beside it as `path.key` (0600). Returns the number of pages copied.
    @discardableResult
    package func backup(to path: String) throws -> Int {
        let temporary = path + ".tmp"
        for leftover in [temporary, temporary + "-journal", temporary + "-wal", temporary + "-shm"] { unlink(leftover) }
        var pages = 0
        do {
            let destination = try Connection(path: temporary, create: true)
            pages = try Self.copyPages(from: store.connection, to: destination)
            // A single self-contained file: the copy's pages leave the WAL for the main file.
            try destination.execute("PRAGMA journal_mode=DELETE")
        } catch {
            for leftover in [temporary, temporary + "-journal", temporary + "-wal", temporary + "-shm"] { unlink(leftover) }
            throw error
        }
        do {
            let fd = open(temporary, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { _ = fsync(fd); close(fd) }
            guard chmod(temporary, 0o600) == 0, rename(temporary, path) == 0 else {
                throw BackupError(AtomicFile.systemError("cannot move the backup to \(path)"))
            }
            let key = try Self.readFile(CallerPseudonymizer.keyPath(forDatabase: store.path))
            try AtomicFile.write(key, to: CallerPseudonymizer.keyPath(forDatabase: path), permissions: 0o600)
        } catch {
            unlink(temporary)
            throw error
        }
        return pages
    }

    /// Steps the backup 256 pages at a time, sleeping briefly while the source is locked. After many
    /// restarts (a writer changing the source between every two steps) it copies the rest in one step,
    /// which holds a read transaction: in WAL mode that does not block the writers.
    private static func copyPages(from source: Connection, to destination: Connection) throws -> Int {
        guard let backup = sqlite3_backup_init(destination.handle, "main", source.handle, "main") else {
            throw destination.error(sql: nil)
        }
        var rc: Int32 = SQLITE_OK
        var lastRemaining = Int32.max
        var restarts = 0
        var waits = 0
        while true {
            rc = sqlite3_backup_step(backup, restarts > 16 ? -1 : 256)
            if rc == SQLITE_DONE { break }
            if rc == SQLITE_OK {
                let remaining = sqlite3_backup_remaining(backup)
                if remaining > lastRemaining { restarts += 1 }
                lastRemaining = remaining
                continue
            }
            let primary = rc & 0xff
            if primary == SQLITE_BUSY || primary == SQLITE_LOCKED, waits < 3_000 {
                waits += 1
                usleep(5_000)
                continue
            }
            break
        }
        let pages = Int(sqlite3_backup_pagecount(backup))
        let finish = sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE, finish == SQLITE_OK else {
            throw SQLiteError(extendedCode: rc == SQLITE_DONE ? finish : rc, message: String(cString: sqlite3_errstr(rc == SQLITE_DONE ? finish : rc)), sql: nil)
        }
        return pages
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BackupError("cannot read \(path)")
        }
        return Array(data)
    }
}

extension Maintenance {
    /// `callmeter restore`: replaces `database` with `backup` once a copy of it passes the check
    /// (see `Restore.run`). Static: the database to replace is not opened.
    package static func restore(backup: String, database: String, stamp: String) throws(Restore.Failure) -> Restore.Outcome {
        try Restore.run(backup: backup, database: database, stamp: stamp)
    }
}

/// `callmeter restore`: replaces a database with a backup that passes the check.
package enum Restore {
    /// What a restore did.
    package struct Outcome: Sendable {
        /// Where the replaced database (and its key) now are; nil when there was none.
        package let keptAside: String?
    }

    package enum Failure: Error, CustomStringConvertible {
        case unusable(backup: String, reason: String)
        case failsCheck(backup: String, problems: [IntegrityProblem])
        case io(String)

        package var description: String {
            switch self {
            case .unusable(let backup, let reason): "\(backup) is not a usable CallMeter backup: \(reason)"
            case .failsCheck(let backup, let problems):
                "\(backup) fails the check; nothing was changed:\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
            case .io(let message): message
            }
        }
    }

    /// Copies `source` to a new file `destination` (mode 0600) in 1 MiB pieces, and fsyncs it:
    /// a database may be far larger than what should be read into memory at once.
    static func copyFile(_ source: String, to destination: String) throws(Failure) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .io(AtomicFile.systemError("cannot open \(source)")) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw .io(AtomicFile.systemError("cannot create \(destination)")) }
        var failure: String?
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        copying: while true {
            let n = read(input, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                failure = AtomicFile.systemError("cannot read \(source)")
                break
            }
            if n == 0 { break }
            var written = 0
            while written < n {
                let w = write(output, buffer.baseAddress! + written, n - written)
                if w < 0 {
                    if errno == EINTR { continue }
                    failure = AtomicFile.systemError("cannot write \(destination)")
                    break copying
                }
                written += w
            }
        }
        if failure == nil, fsync(output) != 0 { failure = AtomicFile.systemError("cannot fsync \(destination)") }
        if close(output) != 0, failure == nil { failure = AtomicFile.systemError("cannot close \(destination)") }
        if let failure { throw .io(failure) }
    }

    /// Copies `backup` (and `backup.key`) beside `database`, checks the copy and only then moves
    /// the current database (with its key and any `-wal`) aside as `database.before-restore-STAMP`
    /// and the copy into place. The backup file itself is left as it is.
    package static func run(backup: String, database: String, stamp: String) throws(Failure) -> Outcome {
        let staging = database + ".restoring"
        let stagingKey = CallerPseudonymizer.keyPath(forDatabase: staging)
        let sidecars = ["", "-wal", "-shm", "-journal"]
        func removeStaging() {
            for suffix in sidecars { unlink(staging + suffix) }
            unlink(stagingKey)
        }
        removeStaging()
        let backupKey = CallerPseudonymizer.keyPath(forDatabase: backup)
        guard FileManager.default.fileExists(atPath: backup) else { throw .unusable(backup: backup, reason: "no such file") }
        guard FileManager.default.fileExists(atPath: backupKey) else {
            throw .unusable(backup: backup, reason: "its key \(backupKey) is missing (callmeter backup writes it beside the backup)")
        }
        do {
            try copyFile(backup, to: staging)
            try AtomicFile.write(try Maintenance.readFile(backupKey), to: stagingKey, permissions: 0o600)
        } catch {
            removeStaging()
            throw .io("cannot copy the backup beside \(database): \(error)")
        }

        let problems: [IntegrityProblem]
        do {
            let store = try Store(path: staging, create: false)
            problems = try Maintenance(store: store).integrityProblems()
        } catch StoreError.keyMismatch {
            removeStaging()
            throw .unusable(
                backup: backup,
                reason: "its key \(backupKey) is not the key of this backup (its fingerprint differs from the one recorded in the"
                    + " backup): use the FILE.key that 'callmeter backup' wrote with it")
        } catch {
            removeStaging()
            throw .unusable(backup: backup, reason: "\(error)")
        }
        guard problems.isEmpty else {
            removeStaging()
            throw .failsCheck(backup: backup, problems: problems)
        }
        for suffix in ["-wal", "-shm", "-journal"] { unlink(staging + suffix) }

        var keptAside: String?
        let manager = FileManager.default
        if manager.fileExists(atPath: database) {
            // Fold the WAL into the main file, so the database kept aside is one file.
            if let old = try? Connection(path: database, create: false) {
                try? old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            }
            var aside = database + ".before-restore-" + stamp
            // rename() would replace an earlier one kept aside in the same second.
            var attempt = 1
            while sidecars.contains(where: { manager.fileExists(atPath: aside + $0) })
                    || manager.fileExists(atPath: CallerPseudonymizer.keyPath(forDatabase: aside)) {
                attempt += 1
                aside = database + ".before-restore-" + stamp + "-\(attempt)"
            }
            for suffix in sidecars where manager.fileExists(atPath: database + suffix) {
                guard rename(database + suffix, aside + suffix) == 0 else {
                    // The reason first: removing the staging copy sets errno again.
                    let reason = AtomicFile.systemError("cannot move \(database + suffix) aside to \(aside + suffix)")
                    removeStaging()
                    throw .io(reason + "; the database was not replaced")
                }
            }
            let key = CallerPseudonymizer.keyPath(forDatabase: database)
            if manager.fileExists(atPath: key), rename(key, CallerPseudonymizer.keyPath(forDatabase: aside)) != 0 {
                throw .io(AtomicFile.systemError("cannot move \(key) aside"))
            }
            keptAside = aside
        }
        guard rename(stagingKey, CallerPseudonymizer.keyPath(forDatabase: database)) == 0,
              rename(staging, database) == 0 else {
            throw .io(AtomicFile.systemError("cannot move the restored database to \(database)"))
        }
        try? AtomicFile.syncDirectory(URL(fileURLWithPath: database).deletingLastPathComponent().path, for: database)
        return Outcome(keptAside: keptAside)
    }
}
