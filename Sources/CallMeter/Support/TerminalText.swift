/// Text from outside (agent names and ids, hotlines, file names, rejected rows) made safe to print
/// on a terminal: control characters would otherwise drive it (ESC `]0;…` BEL retitles the window,
/// ESC `[2J` clears it, a carriage return overwrites the line) and bidirectional controls reorder
/// what is shown. They are shown escaped instead, in Swift's notation: `\e` for ESC, `\n`, `\r`,
/// `\t`, and `\u{7}` for the others (C0, DEL, C1, the bidirectional controls, the line and
/// paragraph separators). Printable Unicode (`Zoë Müller`, `山田`) stays as it is.
package enum TerminalText {
    /// Every control character escaped, line breaks included: for a value inside a line.
    package static func escaped(_ text: String) -> String {
        escape(text, keepingNewlines: false)
    }

    /// Every control character escaped except `\n`: for whole lines of output, whose line breaks
    /// are the program's own. A value is escaped (`escaped`) before it goes into such a line.
    package static func escapedKeepingNewlines(_ text: String) -> String {
        escape(text, keepingNewlines: true)
    }

    /// Whether the scalar is one that `escaped` replaces.
    package static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        // Bidirectional marks, embeddings, overrides and isolates; line and paragraph separators.
        return value == 0x200E || value == 0x200F || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0x2028 || value == 0x2029 || value == 0x061C
    }

    private static func escape(_ text: String, keepingNewlines: Bool) -> String {
        // The common case: nothing to escape, no copy.
        guard text.unicodeScalars.contains(where: { isControl($0) && !(keepingNewlines && $0 == "\n") }) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        ScalarEscaping.append(text, to: &out) { scalar in
            guard isControl(scalar), !(keepingNewlines && scalar == "\n") else { return nil }
            switch scalar {
            case "\u{1B}": return "\\e"
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            default: return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }
}
