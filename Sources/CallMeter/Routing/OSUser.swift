import Foundation

/// Who runs the command, recorded with pins and publishes: the login name of the effective user
/// from the password database, else `$USER`, else `uid N`.
package enum OSUser {
    package static func current(environment: [String: String]) -> String {
        let uid = geteuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name {
            let text = String(cString: name)
            if !text.isEmpty { return text }
        }
        if let user = environment["USER"], !user.isEmpty { return user }
        return "uid \(uid)"
    }
}
