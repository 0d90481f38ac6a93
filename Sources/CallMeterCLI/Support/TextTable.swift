/// A plain-text table for the terminal: columns padded to the widest cell (counted in characters,
/// so names such as "Zoë Müller" line up), numbers right-aligned.
///
/// Cells are made safe first: data from input files (agent names) may hold control characters or
/// bidirectional overrides that would drive the terminal or scramble the line.
struct TextTable {
    enum Alignment { case left, right }

    let headers: [String]
    let alignments: [Alignment]
    private(set) var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        headers = columns.map { $0.0 }
        alignments = columns.map { $0.1 }
    }

    mutating func add(_ row: [String]) {
        rows.append(row.map(Self.terminalSafe))
    }

    /// The header line and one line per row, without trailing spaces.
    var lines: [String] {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            var line = headers.indices.map { column in
                let cell = row.indices.contains(column) ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .right ? padding + cell : cell + padding
            }
            .joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    func render() -> String { lines.joined(separator: "\n") }

    /// Control characters and bidirectional controls replaced by U+FFFD.
    static func terminalSafe(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control = value < 0x20 || (0x7F...0x9F).contains(value)
            let bidi = (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F
            result.unicodeScalars.append(control || bidi ? "\u{FFFD}" : scalar)
        }
        return result
    }
}
