/// A place in a rule file, both 1-based. `column` counts characters (grapheme clusters), not bytes,
/// so that it matches what an editor shows for a line holding "é" or "日本".
package struct SourcePosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    package let line: Int
    package let column: Int

    package var description: String { "\(line):\(column)" }

    /// Readable in an error reason, e.g. "the object opened at line 3, column 5".
    var spelledOut: String { "line \(line), column \(column)" }

    /// The position of byte `offset` in `utf8`. Linear in the input: only for errors and for
    /// inputs that have not been parsed (invalid UTF-8).
    static func of(offset: Int, in utf8: [UInt8]) -> SourcePosition {
        let end = min(max(offset, 0), utf8.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where utf8[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let column = 1 + String(decoding: utf8[lineStart..<end], as: UTF8.self).count
        return SourcePosition(line: line, column: column)
    }
}
