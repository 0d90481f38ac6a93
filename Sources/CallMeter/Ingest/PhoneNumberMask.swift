/// Masks what may be a phone number in text kept from a rejected row: every run of 6 or more
/// digits has each digit replaced by `#` (`+41 79 123 45 67` → `+## ## ### ## ##`). A run counts
/// the digits joined by the separators phone numbers are written with (space, `-`, `.`, `/`,
/// parentheses, at most two in a row), as `CallerPseudonymizer` and `AsteriskNames` read numbers.
///
/// Six digits is shorter than any phone number and longer than any extension, duration, count or
/// rating a valid row holds; a date (`2026-10-01`, 8 digits) is masked too, which is why the
/// columns that hold times and identifiers are kept in clear by name (`RowImporter.clearColumns`).
enum PhoneNumberMask {
    static let minimumDigits = 6

    /// Masks the runs inside `range` of `bytes`.
    static func mask(_ bytes: inout [UInt8], in range: Range<Int>) {
        let range = range.clamped(to: bytes.indices)
        var i = range.lowerBound
        while i < range.upperBound {
            guard isDigit(bytes[i]) else {
                i += 1
                continue
            }
            // The run: digits, and up to two separators when a digit follows them.
            var end = i
            var digits = 0
            var j = i
            while j < range.upperBound {
                if isDigit(bytes[j]) {
                    digits += 1
                    j += 1
                    end = j
                    continue
                }
                var k = j
                while k < range.upperBound, k - j < 2, isSeparator(bytes[k]) { k += 1 }
                guard k > j, k < range.upperBound, isDigit(bytes[k]) else { break }
                j = k
            }
            if digits >= minimumDigits {
                for index in i..<end where isDigit(bytes[index]) { bytes[index] = UInt8(ascii: "#") }
            }
            i = end
        }
    }

    /// The text with its runs masked.
    static func masked(_ text: String) -> String {
        var bytes = Array(text.utf8)
        mask(&bytes, in: bytes.indices)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"): true
        default: false
        }
    }
}
