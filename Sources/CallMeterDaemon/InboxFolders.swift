import Glibc

/// A folder of the inbox held open: every file operation of the daemon goes through its descriptor
/// (`openat`, `linkat`, `unlinkat`), never through its path, so that a folder renamed away and
/// replaced by a link to elsewhere cannot redirect a file, a note or a scratch file.
final class OpenedFolder {
    /// The name in its parent (`archive`, `cdr`, `.callmeterd`), or the inbox path for the root.
    let name: String
    /// For messages.
    let path: String
    let fd: Int32
    let identity: FileIdentity

    /// Opens `name` in the folder `parent` (or the path `name` when `parent` is nil) as a real
    /// directory: a symbolic link is refused (`O_NOFOLLOW`), so is anything not a directory.
    init(_ name: String, in parent: OpenedFolder?, path: String) throws(SystemError) {
        let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
        let fd = parent.map { openat($0.fd, name, flags) } ?? open(name, flags)
        guard fd >= 0 else { throw SystemError("open the folder", path) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let error = SystemError("fstat", path)
            close(fd)
            throw error
        }
        self.name = name
        self.path = path
        self.fd = fd
        identity = FileIdentity(st)
    }

    deinit { close(fd) }

    /// Opens (creating it with exactly `mode` when missing) the subfolder `name`.
    func subfolder(_ name: String, mode: mode_t) throws(SystemError) -> OpenedFolder {
        let path = self.path + "/" + name
        let created = mkdirat(fd, name, mode) == 0
        if !created && errno != EEXIST { throw SystemError("mkdir", path) }
        let folder = try OpenedFolder(name, in: self, path: path)
        if created && fchmod(folder.fd, mode) != 0 { throw SystemError("chmod", path) }
        return folder
    }

    /// The entry `name` in this folder, without following a link; nil when there is none.
    func status(of name: String) throws(SystemError) -> FileStatus? {
        var st = stat()
        if fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 { return FileStatus(st) }
        let error = SystemError("lstat", path + "/" + name)
        if error.code == ENOENT { return nil }
        throw error
    }

    /// Makes new entries and removals in this folder durable. Best effort.
    func sync() { _ = fsync(fd) }
}

/// The inbox's folders, opened once at start-up and checked before every move: a folder that is
/// no longer the one opened (renamed away, replaced by a link or another directory) is refused.
final class InboxFolders {
    let root: OpenedFolder
    let kinds: [InboxKind: OpenedFolder]
    let archive: OpenedFolder
    let failed: OpenedFolder
    let scratch: OpenedFolder

    init(layout: InboxLayout) throws(InboxError) {
        do {
            root = try OpenedFolder(layout.root, in: nil, path: layout.root)
            var kinds: [InboxKind: OpenedFolder] = [:]
            for kind in InboxKind.allCases {
                kinds[kind] = try OpenedFolder(kind.folder, in: root, path: layout.folder(kind))
            }
            self.kinds = kinds
            archive = try OpenedFolder("archive", in: root, path: layout.archive)
            failed = try OpenedFolder("failed", in: root, path: layout.failed)
            scratch = try OpenedFolder(".callmeterd", in: root, path: layout.scratch)
        } catch {
            throw InboxError("\(error): the inbox and its folders must be real directories")
        }
    }

    func folder(_ kind: InboxKind) -> OpenedFolder {
        // Every kind is opened in init.
        kinds[kind] ?? root
    }

    /// Checks that the root and `folders` still are, under their names, the directories opened at
    /// start-up. Throws a message naming the folder and what to do.
    func verify(_ folders: [OpenedFolder]) throws(InboxError) {
        var st = stat()
        guard lstat(root.path, &st) == 0, FileIdentity(st) == root.identity else {
            throw InboxError("\(root.path) is no longer the inbox callmeterd opened at start-up (renamed, replaced or a link): "
                + "nothing is moved; put the inbox back or restart callmeterd")
        }
        for folder in folders {
            let now: FileStatus?
            do {
                now = try root.status(of: folder.name)
            } catch {
                throw InboxError("\(error): nothing is moved")
            }
            guard let now, now.isDirectory, now.identity == folder.identity else {
                let what = now.map { $0.isSymbolicLink ? "replaced by a symbolic link" : "replaced" } ?? "gone"
                throw InboxError("\(folder.path) was \(what) since callmeterd started: nothing is moved there and the file "
                    + "stays in the inbox; put the original folder back (or restart callmeterd to use a new real folder)")
            }
        }
    }

    /// The folders a file of `kind` passes through on its way to `archive/` or `failed/`.
    func path(for kind: InboxKind) -> [OpenedFolder] {
        [folder(kind), archive, failed, scratch]
    }
}
