/// A problem in a rule file: where it is, which setting it concerns and what is wrong.
///
/// `description` reads `FILE:LINE:COLUMN: KEYPATH: REASON`, the form editors and terminals turn
/// into a link, followed by the offending line and a caret under the column (as jpsim/Yams does).
public struct RulesError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The rule file as it was named when loading it.
    package let file: String
    /// 1-based; `nil` when the problem concerns the whole file (it is missing, say).
    package let line: Int?
    /// 1-based, in characters; `nil` together with `line`.
    package let column: Int?
    /// The setting concerned, e.g. `tiers[2].rates[0].from`; empty for the document itself.
    package let keyPath: String
    package let reason: String
    /// The text of `line`, to show the problem in context.
    package let sourceLine: String?

    package init(file: String, position: SourcePosition?, keyPath: String, reason: String, sourceLine: String?) {
        self.file = file
        self.line = position?.line
        self.column = position?.column
        self.keyPath = keyPath
        self.reason = reason
        self.sourceLine = sourceLine
    }

    /// `FILE:LINE:COLUMN: KEYPATH: REASON`, then the offending line and a caret under the column.
    public var description: String {
        var text = file
        if let line, let column { text += ":\(line):\(column)" }
        text += ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        text += reason
        if let sourceLine, let column {
            let (shown, caretColumn) = Self.excerpt(of: sourceLine, around: column)
            text += "\n" + shown + "\n" + caretIndent(shown, caretColumn) + "^"
        }
        return text
    }

    /// How many characters of a long line to show on each side of the column.
    private static let excerptReach = 60

    /// The line made safe for a terminal and, when long (minified JSON), cut to a window around
    /// `column`; returns the text and the column of the caret within it.
    private static func excerpt(of line: String, around column: Int) -> (String, Int) {
        let line = line.hasSuffix("\r") ? String(line.dropLast()) : line
        let characters = line.map { character -> Character in
            // Control characters would move the caret or drive the terminal; one replacement
            // character keeps the caret aligned.
            guard let scalar = character.unicodeScalars.first,
                  character.unicodeScalars.count == 1,
                  scalar != "\t",
                  scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            else { return character }
            return "\u{FFFD}"
        }
        var caret = max(column, 1)
        let start = max(0, caret - 1 - excerptReach)
        let end = min(characters.count, caret - 1 + excerptReach)
        guard start > 0 || end < characters.count else { return (String(characters), caret) }
        var shown = start > 0 ? "…" : ""
        if start < end { shown += String(characters[start..<end]) }
        if end < characters.count { shown += "…" }
        caret = caret - start + (start > 0 ? 1 : 0)
        return (shown, caret)
    }
}

/// Spaces up to the caret, but tabs where the line has tabs, so the caret lines up in a terminal.
private func caretIndent(_ line: String, _ column: Int) -> String {
    String(line.prefix(max(column - 1, 0)).map { $0 == "\t" ? "\t" : " " })
        + String(repeating: " ", count: max(column - 1 - line.count, 0))
}

/// The text of line `number` (1-based) of `utf8`, without its line break.
func sourceLine(_ number: Int, in utf8: some Collection<UInt8>) -> String? {
    guard number >= 1 else { return nil }
    var current = 1
    var start = utf8.startIndex
    var index = utf8.startIndex
    while index != utf8.endIndex {
        if utf8[index] == UInt8(ascii: "\n") {
            if current == number { break }
            current += 1
            start = utf8.index(after: index)
        }
        index = utf8.index(after: index)
    }
    guard current == number else { return nil }
    return String(decoding: utf8[start..<index], as: UTF8.self)
}
