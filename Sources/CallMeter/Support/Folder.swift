import Foundation

/// Creates folders with an exact mode. `mkdir` takes the umask away from the mode it is given, so
/// under umask 077 the feed folder would be 0700 (the ACD could not read the feed) and under 000 it
/// would be world-writable: every folder CallMeter creates is `fchmod`ed to its documented mode.
/// A folder that already exists is left as it is (its owner may have chosen its mode on purpose).
package enum Folder {
    /// The mode of the folder of a routing feed: the ACD, often another user, reads the feed.
    package static let feedMode: UInt32 = 0o755
    /// The mode of the output folders of `callmeter generate` and `callmeter demo`.
    package static let outputMode: UInt32 = 0o750

    package struct Failure: Error, CustomStringConvertible, Sendable {
        package let path: String
        package let reason: String
        package var description: String { "cannot create the folder \(path): \(reason)" }
    }

    /// Creates `path` with exactly `mode` when it is missing, and its missing parents with the same
    /// mode. Returns true when it created `path` itself.
    @discardableResult
    package static func make(_ path: String, mode: UInt32) throws(Failure) -> Bool {
        var prefix = path.hasPrefix("/") ? "" : "."
        var createdLast = false
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        for component in components {
            prefix += "/" + component
            createdLast = try makeOne(prefix, mode: mode_t(mode))
        }
        return createdLast
    }

    /// One level: `mkdir`, then `fchmod` through a descriptor opened without following a link (the
    /// new name could have been swapped meanwhile). An existing entry must be a directory (or a link
    /// to one: parents like `/var/run` may be links).
    private static func makeOne(_ path: String, mode: mode_t) throws(Failure) -> Bool {
        if mkdir(path, mode) == 0 {
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw Failure(path: path, reason: AtomicFile.systemError("cannot open it after creating it")) }
            defer { close(fd) }
            guard fchmod(fd, mode) == 0 else { throw Failure(path: path, reason: AtomicFile.systemError("cannot set its mode")) }
            return true
        }
        let code = errno
        if code == EEXIST {
            var st = stat()
            guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
                throw Failure(path: path, reason: "it exists and is not a folder")
            }
            return false
        }
        if code == ENOENT { throw Failure(path: path, reason: "its parent folder does not exist") }
        throw Failure(path: path, reason: String(cString: strerror(code)))
    }

    /// `rwxr-x---`-style octal text of the permission bits, e.g. `0750`.
    package static func octal(_ mode: UInt32) -> String {
        let bits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - bits.count)) + bits
    }
}
