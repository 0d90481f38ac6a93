/// One value of a rule file with the key path that leads to it, read with the type the caller
/// expects; a mismatch is a `RulesError` that names the path and both types.
package struct RuleValue {
    package let json: JSONValue
    package let file: RulesFile
    /// E.g. `tiers[2].rates[0].from`.
    package let keyPath: String

    package init(_ json: JSONValue, file: RulesFile, keyPath: String) {
        self.json = json
        self.file = file
        self.keyPath = keyPath
    }

    package var position: SourcePosition { json.position }

    /// An error pointing at this value, for checks beyond its type: `throw value.error("…")`.
    package func error(_ reason: String) -> RulesError {
        file.error(reason, at: json.position, keyPath: keyPath)
    }

    package func string() throws(RulesError) -> String {
        guard case .string(let text) = json.kind else { throw mismatch("a string") }
        return text
    }

    package func bool() throws(RulesError) -> Bool {
        guard case .bool(let value) = json.kind else { throw mismatch("true or false") }
        return value
    }

    /// A JSON number without fraction or exponent that fits an `Int`, within `range` if given.
    package func int(in range: ClosedRange<Int>? = nil) throws(RulesError) -> Int {
        guard case .number(let number) = json.kind else { throw mismatch("an integer") }
        switch number.integer() {
        case .failure(.notAnInteger):
            throw mismatch("an integer")
        case .failure(.outOfRange):
            throw error("the integer \(String(number.literal.prefix(40))) is too large")
        case .success(let value):
            if let range, !range.contains(value) {
                throw error("must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
            }
            return value
        }
    }

    /// A plain decimal such as `0.45`, `12` or `-3.5`, written as a JSON number or string, returned
    /// as written so that it can be read exactly (never through `Double`). Exponents are refused.
    package func decimalString() throws(RulesError) -> String {
        let expected = "a decimal number such as \"0.45\""
        switch json.kind {
        case .number(let number):
            guard number.isPlainDecimal else { throw mismatch(expected) }
            return number.literal
        case .string(let text):
            guard Self.isPlainDecimal(text) else { throw mismatch(expected) }
            return text
        default:
            throw mismatch(expected)
        }
    }

    /// A plain decimal (`14`, `0.5`) as a `Double`, for settings used in binary floating point.
    package func decimal() throws(RulesError) -> Double {
        let text = try decimalString()
        guard let number = Double(text), number.isFinite else { throw error("expected a decimal number, found \(json.summary)") }
        return number
    }

    package func object() throws(RulesError) -> RuleObject {
        try RuleObject(json, file: file, path: keyPath)
    }

    /// The elements, each with its own key path (`tiers[0]`, `tiers[1]`, …).
    package func array() throws(RulesError) -> [RuleValue] {
        guard case .array(let elements) = json.kind else { throw mismatch("an array") }
        return elements.enumerated().map { offset, element in
            RuleValue(element, file: file, keyPath: RuleKeyPath.element(offset, of: keyPath))
        }
    }

    private func mismatch(_ expected: String) -> RulesError {
        error("expected \(expected), found \(json.summary)")
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`: JSON's number syntax without an exponent, so that a string
    /// and a number holding the same decimal are accepted alike.
    package static func isPlainDecimal(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        let integerPart = bytes.prefix(while: isDigit)
        guard let first = integerPart.first, first != UInt8(ascii: "0") || integerPart.count == 1 else { return false }
        bytes = bytes.dropFirst(integerPart.count)
        guard let point = bytes.first else { return true }
        guard point == UInt8(ascii: ".") else { return false }
        let fraction = bytes.dropFirst()
        return !fraction.isEmpty && fraction.allSatisfy(isDigit)
    }
}
