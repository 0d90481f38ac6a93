internal import CCrypto
import Foundation

/// Caller numbers are never stored in clear: CallMeter keeps HMAC-SHA256(normalized number) under a
/// per-database secret key, so repeat callers can be recognised without the number being readable.
/// A caller pseudonym: HMAC-SHA256 of the normalized number, 32 bytes held without an allocation.
package struct Pseudonym: Equatable, Sendable {
    package var words: SIMD4<UInt64>

    package init(words: SIMD4<UInt64>) { self.words = words }

    /// From 32 stored bytes; nil for any other length.
    package init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        words = bytes.withUnsafeBytes { $0.loadUnaligned(as: SIMD4<UInt64>.self) }
    }

    package var bytes: [UInt8] { withUnsafeBytes(of: words) { Array($0) } }
}

package struct CallerPseudonymizer: @unchecked Sendable {
    // Sendable: the key state is written once in init and only read (copied) afterwards.
    private var key = callmeter_hmac_sha256_key()

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

    /// The permission bits of the key file read (`0o600` as it should be); nil for a key given in
    /// memory. Whoever can read the key can test numbers against the stored pseudonyms, whoever
    /// can write it can break every link: the store refuses a key open to group or others.
    package private(set) var keyFileMode: UInt32?

    /// Reads the 32-byte key at `path` and notes its mode (the mode of the very file read).
    package init(keyPath path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw .missingKey(path: path) }
            throw .badKey(path: path, reason: "cannot read it: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .badKey(path: path, reason: String(cString: strerror(errno))) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .badKey(path: path, reason: "not a regular file") }
        var bytes = [UInt8](repeating: 0, count: 33)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress.map { $0 + count }, $0.count - count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw .badKey(path: path, reason: "cannot read it: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            count += n
        }
        guard count == 32 else {
            throw .badKey(path: path, reason: "expected 32 bytes, found \(count == 33 ? "more" : String(count))")
        }
        self.init(key: Array(bytes.prefix(32)))
        keyFileMode = UInt32(status.st_mode) & 0o7777
    }

    package init(key: [UInt8]) {
        key.withUnsafeBufferPointer { bytes in
            callmeter_hmac_sha256_init(&self.key, bytes.baseAddress, bytes.count)
        }
    }

    /// Names the key without revealing it: HMAC-SHA256 of a fixed label, stored in the database
    /// to recognise its key (see `PseudonymKeyRecord`).
    package var fingerprint: [UInt8] {
        Array(PseudonymKeyRecord.label.utf8).withUnsafeBufferPointer { digest($0).bytes }
    }

    /// HMAC-SHA256 of bytes as they are (no normalisation): a fingerprint of a row that may hold a
    /// caller number, to recognise the row again without keeping it.
    package func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> Pseudonym {
        var words = SIMD4<UInt64>()
        withUnsafeMutableBytes(of: &words) { out in
            withUnsafePointer(to: key) { state in
                callmeter_hmac_sha256(state, bytes.baseAddress, bytes.count, out.baseAddress?.assumingMemoryBound(to: UInt8.self))
            }
        }
        return Pseudonym(words: words)
    }

    /// The pseudonym of a caller number, or nil when the field has no digits (anonymous, withheld).
    ///
    /// Normalisation: spaces, dashes, dots, slashes and parentheses are dropped; a leading `00` becomes
    /// `+`; anything else that is not a digit is kept as is, so different junk stays different.
    package func pseudonym(_ raw: UnsafeBufferPointer<UInt8>) -> Pseudonym? {
        // Caller fields are short; longer ones are refused before this (64 bytes at most).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: raw.count + 1) { normalized in
            var count = 0
            var hasDigit = false
            for b in raw {
                switch b {
                case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"),
                     UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\t"):
                    continue
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    hasDigit = true
                default:
                    break
                }
                normalized[count] = b
                count += 1
            }
            guard hasDigit else { return nil }
            var start = 0
            if count > 2, normalized[0] == UInt8(ascii: "0"), normalized[1] == UInt8(ascii: "0") {
                // 0041… and +41… are the same number.
                normalized[1] = UInt8(ascii: "+")
                start = 1
            }
            var words = SIMD4<UInt64>()
            withUnsafeMutableBytes(of: &words) { out in
                withUnsafePointer(to: key) { state in
                    callmeter_hmac_sha256(state, normalized.baseAddress.map { $0 + start }, count - start,
                                          out.baseAddress?.assumingMemoryBound(to: UInt8.self))
                }
            }
            return Pseudonym(words: words)
        }
    }
}
