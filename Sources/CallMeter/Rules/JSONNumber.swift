/// A JSON number as written in the file.
///
/// The literal is kept rather than a `Double` so that rates and amounts such as `0.29` can be read
/// exactly later (`Int(0.29 * 100) == 28`).
package struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    /// Valid JSON number syntax; the parser guarantees it.
    package let literal: String

    package init(literal: String) {
        self.literal = literal
    }

    package var description: String { literal }

    package enum IntegerProblem: Error, Sendable, Equatable {
        /// The literal has a fraction or an exponent; `1.0` and `1e2` count too, so that a rule
        /// file says what it means.
        case notAnInteger
        case outOfRange
    }

    /// The value as an `Int`, if the literal is a plain integer that fits.
    package func integer() -> Result<Int, IntegerProblem> {
        guard !hasFractionOrExponent else { return .failure(.notAnInteger) }
        // The syntax is already checked, so the only way `Int(_:)` can fail here is overflow.
        guard let value = Int(literal) else { return .failure(.outOfRange) }
        return .success(value)
    }

    /// Whether the literal is a plain decimal such as `12` or `-0.45`: no exponent.
    package var isPlainDecimal: Bool {
        !literal.utf8.contains { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    private var hasFractionOrExponent: Bool {
        literal.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }
}
