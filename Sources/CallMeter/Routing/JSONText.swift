/// Minimal JSON writing for the feeds: strings escaped per RFC 8259, nothing else needed.
enum JSONText {
    /// `text` as a JSON string literal. Control characters become `\u00XX`; `/` is left alone.
    static func string(_ text: String) -> String { JSONString.quoted(text, style: .feed) }

    static func optionalNumber(_ text: String?) -> String { text ?? "null" }
}
