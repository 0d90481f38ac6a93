import Foundation
import Glibc

/// Who writes to a database, and who may replace its file.
///
/// Every writer (the `callmeter` commands that write, `callmeterd` for its whole life) holds a
/// *shared* `flock` on `REAL.locks/write.lock` for as long as it writes; whatever replaces the
/// database file (`callmeter restore`) holds it *exclusively*. So a restore never swaps the file
/// under a writer whose rows would then land in the copy set aside, and no writer opens the file
/// while it is being swapped. `REAL` is the resolved path of the database (symbolic links and `..`
/// followed): a database reached through a link has the same lock.
///
/// So that a refusal can say who is in the way, each holder also keeps a small file
/// `REAL.locks/holder-PID-N` (`pid=… mode=… command=…`), itself locked exclusively by the holder
/// while it lives. A holder file whose lock can be taken belongs to a process that is gone (the
/// kernel drops `flock`s of a dead process, however it died): it is stale, ignored and removed.
/// A new holder file is written under a dot name and renamed into place once locked, so it is
/// never seen unlocked.
///
/// `flock` locks belong to an open file, not to a process: two locks taken in one process (threads
/// in a test) exclude each other like two processes do. They do not work across NFS hosts.
package final class DatabaseLock {
    package enum Mode: String, Sendable {
        /// A writer: any number at once.
        case shared
        /// Replaces the database file: alone.
        case exclusive
    }

    /// One process that holds the lock, as its holder file says.
    package struct Holder: Equatable, Sendable, CustomStringConvertible {
        package let pid: Int32
        package let mode: Mode
        package let command: String

        package var description: String { "pid \(pid) (\(command))" }
    }

    /// Why the lock could not be taken.
    package enum Failure: Error, CustomStringConvertible, Sendable {
        /// The folder the database is (to be) in does not exist.
        case missingFolder(folder: String, database: String)
        /// The lock was held by others for the whole wait.
        case busy(database: String, holders: [Holder], waitedSeconds: Int)
        /// The lock folder or file cannot be created or opened.
        case unusable(database: String, path: String, code: Int32)

        package var description: String {
            switch self {
            case .missingFolder(let folder, let database):
                "the folder \(folder) does not exist, so the database \(database) cannot be there: create the folder or fix --db"
            case .busy(let database, let holders, let waited):
                "the database \(database) is in use: held by \(DatabaseLock.describe(holders))"
                    + (waited > 0 ? "; waited \(waited) s" : "")
                    + ". Try again later, or wait longer with --wait SECONDS"
            case .unusable(let database, let path, let code):
                "cannot take the lock of the database \(database): \(path): \(String(cString: strerror(code)))"
                    + DatabaseLock.remedy(for: code, folder: URL(fileURLWithPath: database).deletingLastPathComponent().path)
            }
        }

        /// Whether waiting and trying again may help (exit 75 on the command line).
        package var isTemporary: Bool {
            if case .busy = self { return true }
            return false
        }
    }

    /// The resolved path of the database whose lock this is.
    package let database: String
    package let mode: Mode
    private let lockFD: Int32
    private let holderFD: Int32
    private let holderPath: String?

    /// The database path with links and `..` resolved: the file's real path when it exists, else the
    /// real path of its folder and its name. Fails when the folder does not exist.
    package static func resolve(_ database: String) throws(Failure) -> String {
        if let real = realPath(database) { return real }
        let url = URL(fileURLWithPath: database)
        let folder = url.deletingLastPathComponent().path
        var info = stat()
        if lstat(database, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
            // A link whose target is missing: the target is where the database would be created.
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(database, &buffer, buffer.count - 1)
            if n > 0 {
                let target = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                let absolute = target.hasPrefix("/") ? target : folder + "/" + target
                if absolute != database { return try resolve(absolute) }
            }
        }
        guard let realFolder = realPath(folder) else { throw .missingFolder(folder: folder, database: database) }
        return (realFolder == "/" ? "" : realFolder) + "/" + url.lastPathComponent
    }

    /// The folder of the lock file and the holder files of `database` (resolved first).
    package static func folder(forResolved database: String) -> String { database + ".locks" }

    /// Takes the lock of `database` in `mode`, waiting up to `waitSeconds` while others hold it in
    /// the way; `onWait` is called once, with who holds it, when it has to wait. `command` says who
    /// this holder is (for the messages of others); it is kept to one line of at most 200 characters.
    package static func acquire(
        database: String, mode: Mode, command: String, waitSeconds: Double = 0, onWait: ([Holder]) -> Void = { _ in }
    ) throws(Failure) -> DatabaseLock {
        let resolved = try resolve(database)
        let folder = folder(forResolved: resolved)
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw .unusable(database: resolved, path: folder, code: errno)
        }
        let lockPath = folder + "/write.lock"
        var fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        giveToOwner(of: resolved, paths: [folder, lockPath])
        if fd < 0 && (errno == EROFS || errno == EACCES) {
            // A read-only database can still be locked (flock works on a read-only descriptor); its
            // writes then fail with a message about the file, which says more than one about the lock.
            fd = open(lockPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        }
        guard fd >= 0 else { throw .unusable(database: resolved, path: lockPath, code: errno) }
        let deadline = Monotonic.now + UInt64(max(0, waitSeconds) * 1_000_000_000)
        var waited = false
        while flock(fd, (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else {
                close(fd)
                throw .unusable(database: resolved, path: lockPath, code: code)
            }
            let now = Monotonic.now
            if now >= deadline {
                close(fd)
                throw .busy(database: resolved, holders: holders(ofResolved: resolved), waitedSeconds: Int(waitSeconds.rounded(.down)))
            }
            if !waited {
                waited = true
                onWait(holders(ofResolved: resolved))
            }
            usleep(UInt32(min(50_000, (deadline - now) / 1_000)))
        }
        let holder = register(in: folder, mode: mode, command: command)
        return DatabaseLock(database: resolved, mode: mode, lockFD: fd, holderFD: holder?.fd ?? -1, holderPath: holder?.path)
    }

    private init(database: String, mode: Mode, lockFD: Int32, holderFD: Int32, holderPath: String?) {
        self.database = database
        self.mode = mode
        self.lockFD = lockFD
        self.holderFD = holderFD
        self.holderPath = holderPath
    }

    deinit {
        if let holderPath { unlink(holderPath) }
        if holderFD >= 0 { close(holderFD) }
        close(lockFD)
    }

    /// The holders of the lock of `database` other than this one.
    package func otherHolders() -> [Holder] {
        Self.holders(ofResolved: database, excluding: holderPath.map { URL(fileURLWithPath: $0).lastPathComponent })
    }

    /// The live holders of the lock of `database` (resolved first), in pid order.
    package static func holders(of database: String) -> [Holder] {
        guard let resolved = try? resolve(database) else { return [] }
        return holders(ofResolved: resolved)
    }

    /// "pid 12 (ingest cdr a.csv), pid 40 (callmeterd)", or "another process" when none is known
    /// (a holder between taking the lock and writing its file, or one that could not write it).
    package static func describe(_ holders: [Holder]) -> String {
        holders.isEmpty ? "another process" : holders.map(\.description).joined(separator: ", ")
    }

    private static func holders(ofResolved database: String, excluding own: String? = nil) -> [Holder] {
        let folder = folder(forResolved: database)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var found: [Holder] = []
        for name in names.sorted() where name.hasPrefix("holder-") && name != own {
            let path = folder + "/" + name
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            if flock(fd, LOCK_SH | LOCK_NB) == 0 {
                // Nobody holds it: its process is gone.
                unlink(path)
                continue
            }
            if let holder = parse(readAll(fd)) { found.append(holder) }
        }
        return found.sorted { $0.pid < $1.pid }
    }

    private static let counter = Counter()

    /// Writes this process's holder file, locked; nil when it cannot (a read-only folder): the lock
    /// still holds, others only cannot name this holder.
    private static func register(in folder: String, mode: Mode, command: String) -> (fd: Int32, path: String)? {
        let name = "holder-\(getpid())-\(counter.next())"
        let temporary = folder + "/." + name
        let path = folder + "/" + name
        unlink(temporary)
        // Readable by others: a daemon running as another user than this command names it too.
        let fd = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { return nil }
        let oneLine = String(command.map { $0.isNewline || $0 == "\t" ? " " : $0 }.prefix(200))
        let text = Array("pid=\(getpid()) mode=\(mode.rawValue) command=\(oneLine)\n".utf8)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0,
              text.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == text.count,
              rename(temporary, path) == 0
        else {
            unlink(temporary)
            close(fd)
            return nil
        }
        return (fd, path)
    }

    /// Root running a command on a database owned by another user (the daemon's) would otherwise
    /// leave a lock folder that user cannot enter; SQLite does the same for its -wal and -shm files.
    private static func giveToOwner(of database: String, paths: [String]) {
        guard geteuid() == 0 else { return }
        var info = stat()
        guard stat(database, &info) == 0 || stat(URL(fileURLWithPath: database).deletingLastPathComponent().path, &info) == 0,
              info.st_uid != 0 else { return }
        for path in paths { _ = lchown(path, info.st_uid, info.st_gid) }
    }

    private static func parse(_ text: String) -> Holder? {
        let line = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        guard let commandRange = line.range(of: " command=") else { return nil }
        var pid: Int32?
        var mode: Mode?
        for field in line[..<commandRange.lowerBound].split(separator: " ") {
            if field.hasPrefix("pid=") { pid = Int32(field.dropFirst(4)) }
            if field.hasPrefix("mode=") { mode = Mode(rawValue: String(field.dropFirst(5))) }
        }
        guard let pid, let mode else { return nil }
        return Holder(pid: pid, mode: mode, command: String(line[commandRange.upperBound...]))
    }

    private static func readAll(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? String(decoding: buffer.prefix(n), as: UTF8.self) : ""
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What to do about a lock that cannot be created: the cases a user can fix.
    package static func remedy(for code: Int32, folder: String) -> String {
        switch code {
        case EROFS: "; the file system of \(folder) is mounted read-only: nothing can be written to this database until it is mounted read-write"
        case EACCES, EPERM: "; the folder \(folder) is not writable for this user: SQLite and callmeter keep files beside the database (-wal, -shm, .locks): run as the database's owner or make the folder writable"
        case ENOSPC: "; the disk holding \(folder) is full: free some space"
        default: ""
        }
    }
}

/// A process-wide sequence number for holder file names.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}

/// The monotonic clock in nanoseconds: waits are measured on it, not on the wall clock.
enum Monotonic {
    static var now: UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
