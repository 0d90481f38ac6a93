import Glibc

/// What `lstat`/`fstat` say about a file, in the terms the inbox needs.
struct FileStatus: Equatable, Sendable {
    let identity: FileIdentity
    let mode: UInt32
    let size: Int64
    /// Nanoseconds since 1970, UTC.
    let modified: Int64
    let changed: Int64

    init(_ st: stat) {
        identity = FileIdentity(st)
        mode = UInt32(st.st_mode)
        size = Int64(st.st_size)
        modified = Self.nanoseconds(st.st_mtim)
        changed = Self.nanoseconds(st.st_ctim)
    }

    /// Saturates instead of trapping: anyone can `touch -d 2300-01-01` a file.
    private static func nanoseconds(_ time: timespec) -> Int64 {
        let (seconds, overflow) = Int64(time.tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return time.tv_sec < 0 ? .min : .max }
        let (total, overflowAgain) = seconds.addingReportingOverflow(Int64(time.tv_nsec))
        return overflowAgain ? .max : total
    }

    /// `lstat(path)`: the entry itself, never what a symbolic link points to.
    static func of(entry path: String) throws(SystemError) -> FileStatus {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw SystemError("lstat", path) }
        return FileStatus(st)
    }

    static func of(descriptor fd: Int32, path: String) throws(SystemError) -> FileStatus {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SystemError("fstat", path) }
        return FileStatus(st)
    }

    var isRegularFile: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }
    var isDirectory: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFDIR) }
    var isSymbolicLink: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFLNK) }

    /// The last time the content or the entry changed (nanoseconds): the later of mtime and ctime.
    var lastChange: Int64 { max(modified, changed) }

    func sameFile(as other: FileStatus) -> Bool { identity == other.identity }
}
