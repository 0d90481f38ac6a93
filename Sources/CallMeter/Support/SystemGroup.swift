import Foundation

/// Groups of the machine, by name, through the system's own lookup (`/etc/group`, LDAP, … as
/// `nsswitch.conf` says).
package enum SystemGroup {
    /// The id of the group `name`, or nil when the machine has no such group.
    package static func id(named name: String) -> UInt32? {
        var group = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var size = 1024
        while size <= 1 << 20 {
            var buffer = [CChar](repeating: 0, count: size)
            let code = getgrnam_r(name, &group, &buffer, size, &result)
            if code == ERANGE {
                size *= 4
                continue
            }
            guard code == 0, result != nil else { return nil }
            return group.gr_gid
        }
        return nil
    }

    /// The name of group `id`, or nil when it has none.
    package static func name(of id: UInt32) -> String? {
        var group = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var size = 1024
        while size <= 1 << 20 {
            var buffer = [CChar](repeating: 0, count: size)
            let code = getgrgid_r(id, &group, &buffer, size, &result)
            if code == ERANGE {
                size *= 4
                continue
            }
            guard code == 0, result != nil, let name = group.gr_name else { return nil }
            return String(cString: name)
        }
        return nil
    }
}
