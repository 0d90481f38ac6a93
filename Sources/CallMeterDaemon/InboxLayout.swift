import Foundation
import Glibc

/// The folders of an inbox: one per kind, `archive/` and `failed/`, all real directories on the
/// same filesystem (moves are renames).
public struct InboxLayout: Sendable {
    /// An absolute path, without a trailing slash.
    public let root: String

    public init(root: String) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    public func folder(_ kind: InboxKind) -> String { root + "/" + kind.folder }
    public var archive: String { root + "/archive" }
    public var failed: String { root + "/failed" }
    /// The daemon's own scratch folder (hidden: never scanned): rejects and notes are written here
    /// and then linked into place.
    public var scratch: String { root + "/.callmeterd" }

    /// Creates the folders that are missing (the inbox itself too, but not its parent) and checks that each is a real directory on the inbox's
    /// filesystem. Throws a message for the operator.
    public func prepare() throws(InboxError) {
        // Producers write into the kind folders: group-writable (less what the umask takes away).
        let rootStatus = try Self.directory(root, create: true, mode: 0o770)
        let folders: [(String, mode_t)] = InboxKind.allCases.map { (folder($0), 0o770) } + [(archive, 0o750), (failed, 0o750), (scratch, 0o700)]
        for (path, mode) in folders {
            let status = try Self.directory(path, create: true, mode: mode)
            guard status.device == rootStatus.device else {
                throw InboxError("\(path) is on another filesystem than \(root): files are moved by renaming, keep them on one")
            }
        }
        // What a daemon killed while writing left behind.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? [] {
            _ = unlink(scratch + "/" + name)
        }
    }

    /// `path` as a real directory (created when missing and `create`).
    static func directory(_ path: String, create: Bool, mode: mode_t = 0o750) throws(InboxError) -> FileStatus {
        if create {
            do {
                _ = try FileStatus.of(entry: path)
            } catch where error.code == ENOENT {
                if mkdir(path, mode) != 0 {
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
        return status
    }

    /// A name the daemon does not take: hidden, or still being written by the convention
    /// `NAME.part` / `NAME.tmp`.
    static func isIgnoredName(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".part") || name.hasSuffix(".tmp")
    }

    /// Files waiting in each kind folder (regular, not hidden, not `.part`/`.tmp`), for
    /// `callmeter status`. Nil for a folder that cannot be read.
    public func backlog() -> [(kind: InboxKind, files: Int?, bytes: Int64)] {
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
public struct InboxError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
