/// The one writer of JSON string literals (`"…"` with `\"`, `\\`, `\n`, `\r`, `\t` and `\uXXXX`
/// escapes), for the feeds, `--json` output, rule-file text in error messages and the daemon's
/// log values.
///
/// They differ in which further characters they escape and how, on purpose, and each keeps its
/// bytes (feeds are compared by digest, logs and messages by tests): `Style` names the difference.
package enum JSONString {
    package struct Style: Sendable {
        /// Which characters besides `"`, `\` and C0 controls are escaped.
        package enum Escaped: Sendable {
            /// DEL and U+2028/U+2029 (which JavaScript reads as line ends): RFC 8259 and no more,
            /// so that an ACD's parser sees the names as written.
            case lineSeparators
            /// DEL and the C1 controls.
            case c1Controls
            /// Everything `TerminalText.isControl` names (C1, bidirectional controls, line
            /// separators): text meant for a terminal cannot drive it.
            case terminalControls
        }
        /// How an escaped scalar is written.
        package enum Hex: Sendable {
            /// `\u001B`
            case uppercase
            /// `\u001b`
            case lowercase
            /// `\u{1b}`: Swift's spelling, which the daemon's log lines have always used.
            case braced
        }

        package var escaped: Escaped
        package var hex: Hex

        /// The routing feeds.
        package static let feed = Style(escaped: .lineSeparators, hex: .uppercase)
        /// Text from rule files in error messages.
        package static let rules = Style(escaped: .c1Controls, hex: .uppercase)
        /// `--json` output of the CLI.
        package static let terminal = Style(escaped: .terminalControls, hex: .lowercase)
        /// Quoted values of the daemon's log lines.
        package static let log = Style(escaped: .terminalControls, hex: .braced)
    }

    /// `text` as a literal in double quotes; with a `limit`, only its first `limit` scalars and `…`.
    package static func quoted(_ text: String, style: Style, limit: Int? = nil) -> String {
        var out = ""
        append(text, style: style, limit: limit, to: &out)
        return out
    }

    package static func append(_ text: String, style: Style, limit: Int? = nil, to out: inout String) {
        out += "\""
        let complete = ScalarEscaping.append(text, limit: limit, to: &out) { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            case _ where isEscaped(scalar, style.escaped): escape(scalar.value, style.hex)
            default: nil
            }
        }
        if !complete { out += "…" }
        out += "\""
    }

    private static func isEscaped(_ scalar: Unicode.Scalar, _ escaped: Style.Escaped) -> Bool {
        let value = scalar.value
        switch escaped {
        case .lineSeparators: return value < 0x20 || value == 0x7F || value == 0x2028 || value == 0x2029
        case .c1Controls: return value < 0x20 || (0x7F...0x9F).contains(value)
        case .terminalControls: return TerminalText.isControl(scalar)
        }
    }

    private static func escape(_ value: UInt32, _ hex: Style.Hex) -> String {
        switch hex {
        case .braced: return "\\u{" + String(value, radix: 16) + "}"
        case .uppercase, .lowercase:
            let digits = String(value, radix: 16, uppercase: hex == .uppercase)
            return "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }
}
