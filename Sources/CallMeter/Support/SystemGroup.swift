import Foundation

/// Groups of the machine, by name, through the system's own lookup (`/etc/group`, LDAP, … as
/// `nsswitch.conf` says).
package enum SystemGroup {
    /// The id of the group `name`, or nil when the machine has no such group.
    package static func id(named name: String) -> UInt32? {
        lookUp({ getgrnam_r(name, $0, $1, $2, $3) }) { $0.gr_gid }
    }

    /// The name of group `id`, or nil when it has none.
    package static func name(of id: UInt32) -> String? {
        lookUp({ getgrgid_r(id, $0, $1, $2, $3) }) { group in group.gr_name.map { String(cString: $0) } }
    }

    /// One call of a reentrant lookup (`getgrnam_r`, `getgrgid_r`), retried with a larger buffer
    /// while the group's entry does not fit; `read` takes what is needed from the entry while the
    /// buffer its strings point into is still there. Nil when there is no such group.
    private static func lookUp<T>(
        _ call: (
            UnsafeMutablePointer<Glibc.group>, UnsafeMutablePointer<CChar>, Int, UnsafeMutablePointer<UnsafeMutablePointer<Glibc.group>?>
        ) -> Int32,
        read: (Glibc.group) -> T?
    ) -> T? {
        var group = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var size = 1024
        while size <= 1 << 20 {
            var buffer = [CChar](repeating: 0, count: size)
            let code = call(&group, &buffer, size, &result)
            if code == ERANGE {
                size *= 4
                continue
            }
            guard code == 0, result != nil else { return nil }
            return read(group)
        }
        return nil
    }
}
