import Glibc

/// Which file an entry is, whatever its name: the device and inode `stat` gives. The daemon
/// compares it before every move, so that a file replaced under the same name (or a folder swapped
/// for another) is never taken for the one it saw.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    init(_ st: stat) {
        self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }
}
