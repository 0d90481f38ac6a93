import Foundation

/// Replaces files so that a reader sees either the old bytes or the new ones, whole: the bytes go
/// to a temporary file in the same directory, which is fsynced and renamed over the target; then
/// the directory is fsynced so that the rename survives a crash.
enum FeedFiles {
    /// One file to replace, and optionally a second name the same new bytes get (a hard link
    /// made before the rename: the kept copy of a feed costs no second write).
    struct Replacement {
        let path: String
        let bytes: [UInt8]
        var copyPath: String?
    }

    /// Writes `bytes` to `path` atomically, with mode 0644. Creates the directory (0755) if needed.
    static func write(_ bytes: [UInt8], to path: String) throws(RoutingError) {
        try replace([Replacement(path: path, bytes: bytes)])
    }

    /// Replaces the files, all in one directory, in order: all are written and fsynced first, then
    /// renamed one after the other, then the directory is fsynced once. On a failure before the
    /// renames nothing is replaced.
    static func replace(_ files: [Replacement]) throws(RoutingError) {
        guard let first = files.first else { return }
        let directory = URL(fileURLWithPath: first.path).deletingLastPathComponent().path
        do {
            // 0755 whatever the umask: the ACD must be able to reach the feed.
            try Folder.make(directory, mode: Folder.feedMode)
        } catch {
            throw .writeFailed(path: first.path, reason: error.description)
        }
        var temporaries: [String] = []
        func discard() { for temporary in temporaries { unlink(temporary) } }
        do throws(RoutingError) {
            for file in files {
                let temporary = try writeTemporary(file.bytes, for: file.path)
                temporaries.append(temporary)
                if let copy = file.copyPath {
                    // A copy left by a publish whose transaction rolled back has the same name.
                    unlink(copy)
                    guard link(temporary, copy) == 0 else {
                        throw .writeFailed(path: copy, reason: systemError("linking the kept copy"))
                    }
                }
            }
        } catch {
            discard()
            throw error
        }
        for (file, temporary) in zip(files, temporaries) {
            guard rename(temporary, file.path) == 0 else {
                let reason = systemError("renaming into place")
                discard()
                throw .writeFailed(path: file.path, reason: reason)
            }
        }
        try syncDirectory(directory, for: first.path)
    }

    /// A new hidden file beside `path` holding `bytes` (mode 0644: the ACD reads it), fsynced.
    private static func writeTemporary(_ bytes: [UInt8], for path: String) throws(RoutingError) -> String {
        do {
            return try AtomicFile.writeTemporary(bytes, beside: path, permissions: 0o644)
        } catch {
            throw .writeFailed(path: path, reason: error.reason)
        }
    }

    /// fsyncs a directory, making renames and links in it durable.
    static func syncDirectory(_ directory: String, for path: String) throws(RoutingError) {
        do {
            try AtomicFile.syncDirectory(directory, for: path)
        } catch {
            throw .writeFailed(path: path, reason: error.reason)
        }
    }

    private static func systemError(_ what: String) -> String { AtomicFile.systemError(what) }
}
