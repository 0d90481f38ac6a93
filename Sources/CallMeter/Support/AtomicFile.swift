import Foundation

/// Writes a file so that readers see either the old content or the whole new one, never a part:
/// the bytes go to a temporary file in the same folder, which is flushed to disk (`fsync`) and then
/// renamed over the target; the folder is flushed too, so the rename survives a crash.
package enum AtomicFile {
    package struct Failure: Error, CustomStringConvertible, Sendable {
        package let path: String
        package let reason: String
        package var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `bytes` to `path` with `permissions` (0600 by default: exports hold pay data).
    package static func write(_ bytes: [UInt8], to path: String, permissions: UInt16 = 0o600) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        func failure(_ what: String) -> Failure {
            Failure(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
        }
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        var written = 0
        var failed: Failure?
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = failure("write failed")
                    return
                }
                written += n
            }
        }
        if failed == nil, fsync(fd) != 0 { failed = failure("fsync failed") }
        if close(fd) != 0, failed == nil { failed = failure("close failed") }
        if let failed {
            unlink(temporary)
            throw failed
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("rename failed")
            unlink(temporary)
            throw error
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            defer { close(directoryFD) }
            guard fsync(directoryFD) == 0 else { throw failure("fsync of \(directory) failed") }
        }
    }
}
