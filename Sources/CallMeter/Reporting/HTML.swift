/// A fragment of HTML markup. Literal text written in a string literal is trusted markup (it comes
/// from this source code); every `String` interpolated into it is escaped by `HTML.escape`, so data
/// from the store (agent names and ids, hotline numbers, tier names) can never become markup.
/// Only other `HTML` fragments and integers are inserted as they are; any other type does not
/// compile as an interpolation.
///
///     let row: HTML = "<td>\(agent.name)</td>"   // name escaped
package struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    package private(set) var markup: String

    package init(stringLiteral literal: String) {
        markup = literal
    }

    package init(stringInterpolation: StringInterpolation) {
        markup = stringInterpolation.markup
    }

    /// A fragment holding `text` escaped.
    package init(text: String) {
        markup = Self.escape(text)
    }

    package static let empty: HTML = ""

    package var description: String { markup }

    package static func + (lhs: HTML, rhs: HTML) -> HTML {
        var result = lhs
        result.markup += rhs.markup
        return result
    }

    package static func += (lhs: inout HTML, rhs: HTML) {
        lhs.markup += rhs.markup
    }

    /// The fragments one after the other.
    package static func join(_ fragments: [HTML], separator: HTML = .empty) -> HTML {
        var result = HTML.empty
        for (index, fragment) in fragments.enumerated() {
            if index > 0 { result += separator }
            result += fragment
        }
        return result
    }

    package struct StringInterpolation: StringInterpolationProtocol {
        var markup = ""

        package init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        package mutating func appendLiteral(_ literal: String) { markup += literal }

        /// Text: escaped.
        package mutating func appendInterpolation(_ text: String) { markup += HTML.escape(text) }

        /// Optional text: escaped; nothing for nil.
        package mutating func appendInterpolation(_ text: String?) { markup += HTML.escape(text ?? "") }

        package mutating func appendInterpolation(_ fragment: HTML) { markup += fragment.markup }

        package mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { markup += fragment.markup }
        }

        package mutating func appendInterpolation(_ number: Int) { markup += String(number) }

        package mutating func appendInterpolation(_ number: Int64) { markup += String(number) }
    }

    /// `text` safe as element content and as a quoted attribute value: `&`, `<`, `>`, `"` and `'`
    /// become character references; control characters (other than tab, line feed and carriage
    /// return), unpaired-surrogate stand-ins and bidirectional controls become U+FFFD, so that a name
    /// can neither break the document nor reorder the text around it.
    package static func escape(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        ScalarEscaping.append(text, to: &result) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            case "\t", "\n", "\r": nil
            default: isUnsafe(scalar) ? "\u{FFFD}" : nil
            }
        }
        return result
    }

    /// A C0 or C1 control, a bidirectional control or a noncharacter (which is how an unpaired
    /// surrogate arrives): shown as U+FFFD.
    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        let control = value < 0x20 || (0x7F...0x9F).contains(value)
        let bidi = (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0x200E || value == 0x200F || value == 0x061C
        let nonCharacter = (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
        return control || bidi || nonCharacter
    }
}
