import Glibc

/// A failed system call: which, on what, and `errno`.
package struct SystemError: Error, CustomStringConvertible, Sendable {
    let call: String
    let path: String
    let code: Int32

    /// Captures `errno` now: call it right after the failing call.
    init(_ call: String, _ path: String, code: Int32 = errno) {
        self.call = call
        self.path = path
        self.code = code
    }

    package var description: String { "\(call) \(path): \(String(cString: strerror(code)))" }
}
