/// Parsers for single CSV fields, working on bytes so that a million rows do not make a million
/// Strings. Each returns nil (or throws a `FieldError`) instead of trapping on any input.

/// A field value that does not parse; the reason is shown to the user after `FILE:LINE:COLUMN: FIELD:`.
package struct FieldError: Error, Sendable, Equatable {
    package let reason: String
    package init(_ reason: String) { self.reason = reason }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The bytes as a String (the caller has validated UTF-8).
    package var string: String { String(decoding: self, as: UTF8.self) }

    package var isBlank: Bool {
        for b in self where b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") { return false }
        return true
    }

    /// The bytes without leading and trailing spaces and tabs.
    package var trimmed: UnsafeBufferPointer<UInt8> {
        var lo = 0, hi = count
        while lo < hi, self[lo] == UInt8(ascii: " ") || self[lo] == UInt8(ascii: "\t") { lo += 1 }
        while hi > lo, self[hi - 1] == UInt8(ascii: " ") || self[hi - 1] == UInt8(ascii: "\t") { hi -= 1 }
        return UnsafeBufferPointer(rebasing: self[lo..<hi])
    }

    package func equals(_ literal: StaticString) -> Bool {
        guard literal.utf8CodeUnitCount == count else { return false }
        let other = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for i in 0..<count where self[i] != other[i] { return false }
        return true
    }
}

/// A non-negative decimal integer of at most 18 digits (so it cannot overflow `Int64`).
package func parseNonNegativeInteger(_ bytes: UnsafeBufferPointer<UInt8>) throws(FieldError) -> Int64 {
    let text = bytes.trimmed
    guard !text.isEmpty else { throw FieldError("empty; expected a whole number") }
    if text[0] == UInt8(ascii: "-") { throw FieldError("must not be negative") }
    guard text.count <= 18 else { throw FieldError("number too large") }
    var value: Int64 = 0
    for b in text {
        guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else {
            throw FieldError("'\(displayText(text))' is not a whole number")
        }
        value = value * 10 + Int64(b - UInt8(ascii: "0"))
    }
    return value
}

/// An integer with an optional sign, at most 18 digits.
package func parseInteger(_ bytes: UnsafeBufferPointer<UInt8>) throws(FieldError) -> Int64 {
    let text = bytes.trimmed
    guard let first = text.first else { throw FieldError("empty; expected a whole number") }
    if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
        let digits = UnsafeBufferPointer(rebasing: text[1...])
        guard !digits.isEmpty else { throw FieldError("'\(displayText(text))' is not a whole number") }
        let magnitude: Int64
        do { magnitude = try parseNonNegativeInteger(digits) } catch {
            throw FieldError("'\(displayText(text))' is not a whole number")
        }
        return first == UInt8(ascii: "-") ? -magnitude : magnitude
    }
    return try parseNonNegativeInteger(text)
}

/// A short, printable excerpt of a field for error messages (never a caller number: callers are
/// not passed here), its control characters escaped (`TerminalText`): the message is stored with
/// the reject, printed, logged and written to `.rejects.csv` as one line.
package func displayText(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = 40) -> String {
    let text = String(decoding: bytes, as: UTF8.self)
    if text.count <= limit { return TerminalText.escaped(text) }
    return TerminalText.escaped(String(text.prefix(limit))) + "…"
}
