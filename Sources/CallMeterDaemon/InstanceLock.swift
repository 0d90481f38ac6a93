import CallMeter
import Foundation
import Glibc

/// One daemon per database: an exclusive `flock` on `DB.lock`, held for the life of the process
/// (the kernel releases it when the process dies, however it dies). The holder writes its pid into
/// the file so that a second instance can say who has it.
package final class InstanceLock {
    package let path: String
    private let fd: Int32

    package enum Failure: Error, CustomStringConvertible {
        /// Another process holds the lock.
        case held(path: String, holder: String?)
        case system(SystemError)

        package var description: String {
            switch self {
            case .held(let path, let holder):
                "another callmeterd is running on this database\(holder.map { " (pid \($0))" } ?? ""): it holds the lock \(path)"
            case .system(let error):
                "cannot take the lock: \(error)"
                    + DatabaseLock.remedy(for: error.code, folder: URL(fileURLWithPath: error.path).deletingLastPathComponent().path)
            }
        }
    }

    /// The lock file of the daemon on `database` (its resolved path: a link to the database is the
    /// same database); `callmeter restore` takes it too.
    package static func path(forDatabase database: String) -> String {
        ((try? DatabaseLock.resolve(database)) ?? database) + ".lock"
    }

    /// Takes the lock of the daemon on `database` or fails at once (the error says who holds it).
    package static func acquire(forDatabase database: String) throws(Failure) -> InstanceLock {
        try InstanceLock(path: path(forDatabase: database))
    }

    /// Whether a process holds the lock of the daemon on `database`, asked without taking it for
    /// longer than the question: a shared lock that cannot be had means a daemon holds its
    /// exclusive one. Only meaningful on the daemon's own host.
    package enum Probe: Equatable {
        case held
        case free
        /// No lock file, or it cannot be opened or locked: nothing can be said.
        case unknown
    }

    package static func probe(forDatabase database: String) -> Probe {
        let fd = open(path(forDatabase: database), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return .unknown }
        defer { close(fd) }
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            return errno == EWOULDBLOCK ? .held : .unknown
        }
        _ = flock(fd, LOCK_UN)
        return .free
    }

    /// Takes the lock or fails at once.
    init(path: String) throws(Failure) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .system(SystemError("open", path)) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = SystemError("flock", path)
            if error.code == EINTR { continue }
            let holder = Self.readPID(fd)
            close(fd)
            if error.code == EWOULDBLOCK { throw .held(path: path, holder: holder) }
            throw .system(error)
        }
        self.path = path
        self.fd = fd
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 {
            _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        }
    }

    deinit {
        _ = ftruncate(fd, 0)
        close(fd)
    }

    private static func readPID(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || !text.allSatisfy(\.isNumber) ? nil : text
    }
}
