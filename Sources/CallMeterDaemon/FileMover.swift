import Glibc

/// Moves and writes files in the inbox without ever overwriting one, and makes each step durable
/// (`fsync` of the file and of the folders involved). Everything goes through the descriptors of
/// opened folders (`openat`, `linkat`, `unlinkat`), never through paths.
enum FileMover {
    /// The first copy name of `name` (`name`, `stem.2.ext`, …, shortened to fit `NAME_MAX` with its
    /// notes) that is free in `folder` together with all its notes.
    static func freeName(for name: String, in folder: OpenedFolder) throws(SystemError) -> (name: String, shortened: Bool) {
        var number = 1
        while true {
            let candidate = DerivedName.copy(of: name, number: number)
            if try isFree(candidate.name, in: folder) { return candidate }
            number += 1
            guard number <= 100_000 else { throw SystemError("find a free name for", folder.path + "/" + name, code: EEXIST) }
        }
    }

    private static func isFree(_ name: String, in folder: OpenedFolder) throws(SystemError) -> Bool {
        for entry in [name] + DerivedName.companionSuffixes.map({ name + $0 }) where try folder.status(of: entry) != nil {
            return false
        }
        return true
    }

    /// Moves `name` of `source` (checked to still be the file `expected`) to `destination` in
    /// `target` (same filesystem). Never replaces an existing destination: `linkat(2)` fails on one.
    /// Where hard links are not supported, falls back to `renameat(2)` after checking that the
    /// destination is free (only the daemon writes there).
    static func move(
        _ name: String, from source: OpenedFolder, expected: FileStatus, to target: OpenedFolder, as destination: String
    ) throws(SystemError) {
        let sourcePath = source.path + "/" + name
        let destinationPath = target.path + "/" + destination
        guard let before = try source.status(of: name), before.sameFile(as: expected) else {
            throw SystemError("move", sourcePath, code: ESTALE)
        }
        if linkat(source.fd, name, target.fd, destination, 0) == 0 {
            // The name could have been replaced between the check and the link: then the link is
            // of another file, undone.
            guard let linked = try target.status(of: destination), linked.sameFile(as: expected) else {
                unlinkat(target.fd, destination, 0)
                throw SystemError("move", sourcePath, code: ESTALE)
            }
            target.sync()
            TestHook.stop(at: .afterLink)
            guard unlinkat(source.fd, name, 0) == 0 else { throw SystemError("unlink", sourcePath) }
        } else {
            let error = SystemError("link", destinationPath)
            guard error.code == EPERM || error.code == EOPNOTSUPP || error.code == EMLINK else { throw error }
            guard try target.status(of: destination) == nil else { throw SystemError("move to", destinationPath, code: EEXIST) }
            guard renameat(source.fd, name, target.fd, destination) == 0 else { throw SystemError("rename", sourcePath) }
            target.sync()
        }
        source.sync()
    }

    /// Writes a new file `destination` in `target` through a temporary file in `scratch` (a folder
    /// on the same filesystem that only the daemon uses, emptied at start-up): a reader never sees
    /// it half-written, a crash leaves nothing in the archive, and an existing file is never
    /// replaced. The mode is exactly `mode`, whatever the umask.
    static func write(
        _ destination: String, in target: OpenedFolder, scratch: OpenedFolder, mode: mode_t = 0o640,
        _ body: (inout FileWriter) throws -> Void
    ) throws {
        // A short name of its own: a name derived from the destination could exceed NAME_MAX.
        let temporary = "note.\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp"
        let temporaryPath = scratch.path + "/" + temporary
        let destinationPath = target.path + "/" + destination
        let fd = openat(scratch.fd, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw SystemError("open", temporaryPath) }
        var writer = FileWriter(fd: fd, path: temporaryPath)
        do {
            guard fchmod(fd, mode) == 0 else { throw SystemError("chmod", temporaryPath) }
            try body(&writer)
            try writer.flush()
            guard fsync(fd) == 0 else { throw SystemError("fsync", temporaryPath) }
            close(fd)
        } catch {
            close(fd)
            unlinkat(scratch.fd, temporary, 0)
            throw error
        }
        defer { unlinkat(scratch.fd, temporary, 0) }
        if linkat(scratch.fd, temporary, target.fd, destination, 0) != 0 {
            let error = SystemError("link", destinationPath)
            guard error.code == EPERM || error.code == EOPNOTSUPP || error.code == EMLINK else { throw error }
            guard try target.status(of: destination) == nil else { throw SystemError("write", destinationPath, code: EEXIST) }
            guard renameat(scratch.fd, temporary, target.fd, destination) == 0 else { throw SystemError("rename", temporaryPath) }
        }
        target.sync()
    }
}

/// Buffered writes to a file descriptor.
struct FileWriter {
    let fd: Int32
    let path: String
    private var buffer: [UInt8] = []

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
        buffer.reserveCapacity(1 << 16)
    }

    mutating func write(_ text: String) throws(SystemError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func write(bytes: [UInt8]) throws(SystemError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func flush() throws(SystemError) {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if n < 0 {
                let error = SystemError("write", path)
                if error.code == EINTR { continue }
                throw error
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
