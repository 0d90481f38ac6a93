import Foundation
import Glibc

/// The in-hand journal, `.callmeterd/in-hand.json`: the files between their take and their last
/// move, so that a daemon killed at any moment can finish what it started at the next start
/// instead of guessing (see `Daemon.recoverInbox`). Replaced atomically (written, fsynced, renamed).
struct InHandJournal {
    static let fileName = "in-hand.json"
    let folder: OpenedFolder

    func read() throws -> [InHandEntry] {
        let fd = openat(folder.fd, Self.fileName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let error = SystemError("open", folder.path + "/" + Self.fileName)
            if error.code == ENOENT { return [] }
            throw error
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let data = try handle.readToEnd() ?? Data()
        return try JSONDecoder().decode([InHandEntry].self, from: data)
    }

    func write(_ entries: [InHandEntry]) throws {
        if entries.isEmpty {
            if unlinkat(folder.fd, Self.fileName, 0) != 0 && errno != ENOENT {
                throw SystemError("unlink", folder.path + "/" + Self.fileName)
            }
            folder.sync()
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = Array(try encoder.encode(entries))
        let temporary = Self.fileName + ".\(getpid()).tmp"
        let fd = openat(folder.fd, temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError("open", folder.path + "/" + temporary) }
        var writer = FileWriter(fd: fd, path: folder.path + "/" + temporary)
        do {
            try writer.write(bytes: bytes)
            try writer.flush()
            guard fsync(fd) == 0 else { throw SystemError("fsync", folder.path + "/" + temporary) }
            close(fd)
        } catch {
            close(fd)
            unlinkat(folder.fd, temporary, 0)
            throw error
        }
        guard renameat(folder.fd, temporary, folder.fd, Self.fileName) == 0 else {
            let error = SystemError("rename", folder.path + "/" + temporary)
            unlinkat(folder.fd, temporary, 0)
            throw error
        }
        folder.sync()
    }
}
