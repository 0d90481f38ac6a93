/// Minimal JSON writing for the feeds: strings escaped per RFC 8259, nothing else needed.
enum JSONText {
    /// `text` as a JSON string literal. Control characters become `\u00XX`; `/` is left alone.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}":
                out += "\\u" + scalar.value.hex4
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func optionalNumber(_ text: String?) -> String { text ?? "null" }
}
