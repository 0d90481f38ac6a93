import Glibc

/// Moves and writes files in the inbox without ever overwriting one, and makes each step durable
/// (`fsync` of the file and of the directories involved).
enum FileMover {
    /// The companions a file may get beside it in `archive/` or `failed/`.
    static let companionSuffixes = [".rejects.csv", ".error.txt", ".duplicate.txt"]

    /// `name`, or `stem.2.ext`, `stem.3.ext`, … : the first name that is free in `directory`
    /// together with all its companions.
    static func freeName(for name: String, in directory: String) throws(SystemError) -> String {
        var candidate = name
        var number = 1
        while try !isFree(candidate, in: directory) {
            number += 1
            guard number <= 100_000 else { throw SystemError("find a free name for", directory + "/" + name, code: EEXIST) }
            candidate = numbered(name, number)
        }
        return candidate
    }

    static func numbered(_ name: String, _ number: Int) -> String {
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            return name[..<dot] + ".\(number)" + name[dot...]
        }
        return name + ".\(number)"
    }

    private static func isFree(_ name: String, in directory: String) throws(SystemError) -> Bool {
        for entry in [name] + companionSuffixes.map({ name + $0 }) {
            var st = stat()
            if lstat(directory + "/" + entry, &st) == 0 { return false }
            let error = SystemError("lstat", directory + "/" + entry)
            guard error.code == ENOENT else { throw error }
        }
        return true
    }

    /// Moves `source` to `destination` (same filesystem). Never replaces an existing destination:
    /// `link(2)` fails on one. Where hard links are not supported, falls back to `rename(2)` after
    /// checking that the destination is free (only the daemon writes there).
    static func move(_ source: String, to destination: String) throws(SystemError) {
        if link(source, destination) == 0 {
            guard unlink(source) == 0 else { throw SystemError("unlink", source) }
        } else {
            let error = SystemError("link", destination)
            guard error.code == EPERM || error.code == EOPNOTSUPP || error.code == EMLINK else { throw error }
            var st = stat()
            guard lstat(destination, &st) != 0 && errno == ENOENT else { throw SystemError("move to", destination, code: EEXIST) }
            guard rename(source, destination) == 0 else { throw SystemError("rename", source) }
        }
        syncDirectory(containing: destination)
        syncDirectory(containing: source)
    }

    /// Writes a new file at `destination` through a temporary file in `scratch` (a folder on the same
    /// filesystem that only the daemon uses, emptied at start-up): a reader never sees it
    /// half-written, a crash leaves nothing in the archive, and an existing file is never replaced.
    static func write(to destination: String, scratch: String, mode: mode_t = 0o640, _ body: (inout FileWriter) throws -> Void) throws {
        let name = destination.split(separator: "/").last.map(String.init) ?? "file"
        let temporary = scratch + "/" + name + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw SystemError("open", temporary) }
        var writer = FileWriter(fd: fd, path: temporary)
        do {
            try body(&writer)
            try writer.flush()
            guard fsync(fd) == 0 else { throw SystemError("fsync", temporary) }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        defer { unlink(temporary) }
        guard link(temporary, destination) == 0 else {
            let error = SystemError("link", destination)
            guard error.code == EPERM || error.code == EOPNOTSUPP || error.code == EMLINK else { throw error }
            var st = stat()
            guard lstat(destination, &st) != 0 && errno == ENOENT else { throw SystemError("write", destination, code: EEXIST) }
            guard rename(temporary, destination) == 0 else { throw SystemError("rename", temporary) }
            syncDirectory(containing: destination)
            return
        }
        syncDirectory(containing: destination)
    }

    /// Creates `path` (one level) when missing.
    static func makeDirectory(_ path: String) throws(SystemError) {
        if mkdir(path, 0o750) != 0 {
            let error = SystemError("mkdir", path)
            guard error.code == EEXIST else { throw error }
        }
    }

    static func directoryPart(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Makes a rename or a new entry in the directory of `path` durable. Best effort.
    static func syncDirectory(containing path: String) {
        let fd = open(directoryPart(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
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
