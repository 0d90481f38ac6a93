import Foundation

/// Caller numbers are never stored in clear: CallMeter keeps HMAC-SHA256(normalized number) under a
/// per-database secret key, so repeat callers can be recognised without the number being readable.
package struct CallerPseudonymizer {
    private let key: [UInt8]

    /// The key file that belongs to a database: `DB.key` beside it.
    package static func keyPath(forDatabase path: String) -> String { path + ".key" }

    /// Creates the key file (32 random bytes, mode 0600) unless it exists.
    package static func createKeyIfMissing(at path: String) throws(StoreError) {
        if FileManager.default.fileExists(atPath: path) { return }
        guard let key = Crypto.randomBytes(32) else { throw .badKey(path: path, reason: "no random bytes from libcrypto") }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .badKey(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let written = key.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == key.count, fsync(fd) == 0 else {
            unlink(path)
            throw .badKey(path: path, reason: "could not write it")
        }
    }

    package init(keyPath path: String) throws(StoreError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .missingKey(path: path) }
        guard data.count == 32 else { throw .badKey(path: path, reason: "expected 32 bytes, found \(data.count)") }
        key = [UInt8](data)
    }

    package init(key: [UInt8]) { self.key = key }

    /// The pseudonym of a caller number, or nil when the field has no digits (anonymous, withheld).
    ///
    /// Normalisation: spaces, dashes, dots, slashes and parentheses are dropped; a leading `00` becomes
    /// `+`; anything else that is not a digit is kept as is, so different junk stays different.
    package func pseudonym(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var normalized: [UInt8] = []
        normalized.reserveCapacity(raw.count)
        var hasDigit = false
        for b in raw {
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"),
                 UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\t"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                hasDigit = true
                normalized.append(b)
            default:
                normalized.append(b)
            }
        }
        guard hasDigit else { return nil }
        if normalized.count > 2, normalized[0] == UInt8(ascii: "0"), normalized[1] == UInt8(ascii: "0") {
            normalized.replaceSubrange(0..<2, with: [UInt8(ascii: "+")])
        }
        return normalized.withUnsafeBufferPointer { Crypto.hmacSHA256(key: key, message: $0) }
    }
}
