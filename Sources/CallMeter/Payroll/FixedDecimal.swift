/// A non-negative decimal with at most four places, held exactly as a whole number of
/// ten-thousandths: `"0.45"` is 4 500, `"12"` is 120 000.
///
/// Rates per minute, bonus percentages and the hourly minimum are read into it from the decimal
/// strings of the rule files, digit by digit: never through `Double` (`Int(0.29 * 100) == 28`).
package struct FixedDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Decimal places kept.
    package static let places = 4
    /// `10^places`: ten-thousandths per unit.
    package static let scale: Int64 = 10_000

    package let tenThousandths: Int64

    package init(tenThousandths: Int64) {
        self.tenThousandths = tenThousandths
    }

    package static func < (a: FixedDecimal, b: FixedDecimal) -> Bool { a.tenThousandths < b.tenThousandths }

    /// Why a text is not a `FixedDecimal`; said after the key path in a rule error.
    package enum ParseProblem: Error, Sendable, Equatable, CustomStringConvertible {
        case syntax
        case negative
        case tooManyPlaces(Int)
        case tooLarge

        package var description: String {
            switch self {
            case .syntax: "expected a decimal number such as \"0.45\""
            case .negative: "must not be negative"
            case .tooManyPlaces(let places): "has \(places) decimal places; at most \(FixedDecimal.places) are allowed"
            case .tooLarge: "is too large"
            }
        }
    }

    /// Parses `digits[.digits]` (a leading `-` is refused as negative, `-0` included: a rate is never
    /// negative). Overflow is a `.tooLarge`, not a trap.
    package static func parse(_ text: String) throws(ParseProblem) -> FixedDecimal {
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") {
            guard bytes.dropFirst().contains(where: Self.isDigit) else { throw .syntax }
            throw .negative
        }
        let whole = bytes.prefix(while: Self.isDigit)
        guard !whole.isEmpty else { throw .syntax }
        bytes = bytes.dropFirst(whole.count)
        var fraction = bytes[bytes.endIndex...]
        if let point = bytes.first {
            guard point == UInt8(ascii: ".") else { throw .syntax }
            fraction = bytes.dropFirst()
            guard !fraction.isEmpty, fraction.allSatisfy(Self.isDigit) else { throw .syntax }
        }
        guard fraction.count <= places else { throw .tooManyPlaces(fraction.count) }
        var value: Int64 = 0
        for digit in whole {
            value = try append(Int64(digit - UInt8(ascii: "0")), to: value)
        }
        var placesRead = 0
        for digit in fraction {
            value = try append(Int64(digit - UInt8(ascii: "0")), to: value)
            placesRead += 1
        }
        for _ in placesRead..<places {
            value = try append(0, to: value)
        }
        return FixedDecimal(tenThousandths: value)
    }

    private static func append(_ digit: Int64, to value: Int64) throws(ParseProblem) -> Int64 {
        let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = shifted.addingReportingOverflow(digit)
        guard !overflow, !overflow2 else { throw .tooLarge }
        return sum
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// The value with at least `minimumPlaces` and at most four places, trailing zeros beyond the
    /// minimum dropped: `0.45`, `0.4525`, `1.00` (minimum 2).
    package func formatted(minimumPlaces: Int = 0, decimalSeparator: String = ".") -> String {
        DecimalText.format(tenThousandths, places: Self.places, minimumPlaces: minimumPlaces, decimalSeparator: decimalSeparator)
    }

    package var description: String { formatted() }
}

/// Writes scaled integers as decimal text without going through floating point.
package enum DecimalText {
    /// `value / 10^places` written with between `minimumPlaces` and `places` decimals (trailing zeros
    /// beyond the minimum dropped).
    package static func format(_ value: Int64, places requestedPlaces: Int, minimumPlaces: Int, decimalSeparator: String) -> String {
        // A UInt64 has at most 20 digits; more places than that only add zeros in front.
        let places = min(max(requestedPlaces, 0), 20)
        // The magnitude as UInt64 so that Int64.min has one too.
        let magnitude = value.magnitude
        var digits = String(magnitude)
        if digits.count <= places {
            digits = String(repeating: "0", count: places - digits.count + 1) + digits
        }
        let wholeEnd = digits.index(digits.endIndex, offsetBy: -places)
        let whole = digits[..<wholeEnd]
        var fraction = Substring(digits[wholeEnd...])
        let keep = min(max(minimumPlaces, 0), places)
        while fraction.count > keep, fraction.last == "0" { fraction = fraction.dropLast() }
        let sign = value < 0 ? "-" : ""
        return fraction.isEmpty ? sign + whole : sign + whole + decimalSeparator + fraction
    }
}
