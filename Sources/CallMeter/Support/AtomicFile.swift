import Foundation

/// Writes a file so that readers see either the old content or the whole new one, never a part:
/// the bytes go to a temporary file in the same folder, which is flushed to disk (`fsync`) and then
/// renamed over the target; the folder is flushed too, so the rename survives a crash.
public enum AtomicFile {
    /// A write that did not happen: the target is left as it was.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        package let path: String
        package let reason: String
        /// `cannot write PATH: REASON`.
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `bytes` to `path` with `permissions` (0600 by default: exports hold pay data).
    package static func write(_ bytes: [UInt8], to path: String, permissions: UInt16 = 0o600) throws(Failure) {
        let temporary = try writeTemporary(bytes, beside: path, permissions: permissions)
        guard rename(temporary, path) == 0 else {
            let error = Failure(path: path, reason: systemError("rename failed"))
            unlink(temporary)
            throw error
        }
        try syncDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path, for: path)
    }

    /// A new hidden file beside `path` holding `bytes`, fsynced; returns its path. Unique per
    /// process and call, so that two writers never share a temporary file.
    package static func writeTemporary(_ bytes: [UInt8], beside path: String, permissions: UInt16) throws(Failure) -> String {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().path + "/." + url.lastPathComponent
            + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
        guard fd >= 0 else { throw Failure(path: path, reason: systemError("cannot create \(temporary)")) }
        var written = 0
        var failure: String?
        // Exactly `permissions`, whatever the umask: the feed must stay readable by the ACD (0644).
        if fchmod(fd, mode_t(permissions)) != 0 { failure = systemError("fchmod failed") }
        if failure == nil {
            bytes.withUnsafeBytes { buffer in
                while written < buffer.count {
                    let n = Foundation.write(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = systemError("write failed")
                        return
                    }
                    written += n
                }
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = systemError("fsync failed") }
        if close(fd) != 0, failure == nil { failure = systemError("close failed") }
        if let failure {
            unlink(temporary)
            throw Failure(path: path, reason: failure)
        }
        return temporary
    }

    /// fsyncs a directory, making renames and links in it durable.
    package static func syncDirectory(_ directory: String, for path: String) throws(Failure) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, reason: systemError("cannot open \(directory) to fsync it")) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Failure(path: path, reason: systemError("fsync of \(directory) failed")) }
    }

    package static func systemError(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}
