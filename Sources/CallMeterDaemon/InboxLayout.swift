import Foundation
import Glibc

/// The folders of an inbox: one per kind, `archive/` and `failed/`, all real directories on the
/// same filesystem (moves are renames).
package struct InboxLayout: Sendable {
    /// An absolute path, without a trailing slash.
    package let root: String

    package init(root: String) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    package func folder(_ kind: InboxKind) -> String { root + "/" + kind.folder }
    package var archive: String { root + "/archive" }
    package var failed: String { root + "/failed" }
    /// The daemon's own scratch folder (hidden: never scanned): rejects and notes are written here
    /// and then linked into place.
    package var scratch: String { root + "/.callmeterd" }

    /// The documented mode of each folder (README, "The inbox"), root first. Producers write into
    /// the kind folders (group-writable); the daemon alone writes `archive/` and `failed/` (the
    /// group may read them) and its scratch folder (nobody else).
    package var folderModes: [(path: String, mode: UInt32)] {
        [(root, Self.rootMode)] + InboxKind.allCases.map { (folder($0), Self.kindMode) }
            + [(archive, Self.archiveMode), (failed, Self.archiveMode), (scratch, Self.scratchMode)]
    }

    static let rootMode: UInt32 = 0o770
    static let kindMode: UInt32 = 0o770
    /// `archive/`, its day folders, and `failed/`.
    static let archiveMode: UInt32 = 0o750
    static let scratchMode: UInt32 = 0o700

    /// A folder that existed with other permission bits than documented: left as it is (its owner
    /// may have chosen them), and said.
    package struct ModeMismatch: Sendable {
        package let path: String
        package let mode: UInt32
        package let expected: UInt32
    }

    /// Creates the folders that are missing (the inbox itself too, but not its parent) with exactly
    /// their documented mode, whatever the umask, and checks that each is a real directory on the
    /// inbox's filesystem. Returns the existing folders whose mode differs. Throws a message for the
    /// operator.
    @discardableResult
    package func prepare() throws(InboxError) -> [ModeMismatch] {
        var mismatches: [ModeMismatch] = []
        var rootDevice: UInt64?
        for (path, mode) in folderModes {
            let (status, created) = try Self.directory(path, create: true, mode: mode_t(mode))
            if let rootDevice, status.identity.device != rootDevice {
                throw InboxError("\(path) is on another filesystem than \(root): files are moved by renaming, keep them on one")
            }
            rootDevice = rootDevice ?? status.identity.device
            if !created && status.mode & 0o777 != mode {
                mismatches.append(ModeMismatch(path: path, mode: status.mode & 0o7777, expected: mode))
            }
        }
        return mismatches
    }

    /// `path` as a real directory (created with exactly `mode` when missing and `create`); whether it
    /// was created.
    @discardableResult
    static func directory(_ path: String, create: Bool, mode: mode_t = 0o750) throws(InboxError) -> (FileStatus, created: Bool) {
        var created = false
        if create {
            do {
                _ = try FileStatus.of(entry: path)
            } catch where error.code == ENOENT {
                if mkdir(path, mode) == 0 {
                    created = true
                    // mkdir takes the umask away: set the exact mode, through a descriptor that
                    // does not follow a link swapped in meanwhile.
                    let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    guard fd >= 0, fchmod(fd, mode) == 0 else {
                        let error = SystemError("chmod", path)
                        if fd >= 0 { close(fd) }
                        throw InboxError("cannot set the mode of the new folder: \(error)")
                    }
                    close(fd)
                } else {
                    let error = SystemError("mkdir", path)
                    if error.code != EEXIST { throw InboxError("cannot create the folder: \(error)") }
                }
            } catch {}
        }
        let status: FileStatus
        do {
            status = try FileStatus.of(entry: path)
        } catch {
            throw InboxError(error.description)
        }
        if status.isSymbolicLink {
            throw InboxError("\(path) is a symbolic link: the inbox and its folders must be real directories")
        }
        guard status.isDirectory else { throw InboxError("\(path) is not a directory") }
        return (status, created)
    }

    /// A name the daemon does not take: hidden, or still being written by the convention
    /// `NAME.part` / `NAME.tmp`.
    static func isIgnoredName(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".part") || name.hasSuffix(".tmp")
    }

    /// Files waiting in each kind folder (regular, not hidden, not `.part`/`.tmp`), for
    /// `callmeter status`. Nil for a folder that cannot be read.
    package func backlog() -> [(kind: InboxKind, files: Int?, bytes: Int64)] {
        InboxKind.allCases.map { kind in
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder(kind)) else { return (kind, nil, 0) }
            var files = 0
            var bytes: Int64 = 0
            for name in names where !Self.isIgnoredName(name) {
                if let status = try? FileStatus.of(entry: folder(kind) + "/" + name), status.isRegularFile {
                    files += 1
                    bytes += status.size
                }
            }
            return (kind, files, bytes)
        }
    }
}

/// The inbox cannot be used as it is.
package struct InboxError: Error, CustomStringConvertible, Sendable {
    package let description: String
    init(_ description: String) { self.description = description }
}
