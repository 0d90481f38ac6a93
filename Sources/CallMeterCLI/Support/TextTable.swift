import CallMeter

/// A plain-text table for the terminal: columns padded to the widest cell (counted in characters,
/// so names such as "Zoë Müller" line up), numbers right-aligned.
///
/// Cells are made safe first: data from input files (agent names) may hold control characters or
/// bidirectional overrides that would drive the terminal or scramble the line; they are shown
/// escaped (`TerminalText.escaped`: `\e`, `\u{7}`).
struct TextTable {
    enum Alignment { case left, right }

    let headers: [String]
    let alignments: [Alignment]
    private(set) var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        headers = columns.map { $0.0 }
        alignments = columns.map { $0.1 }
    }

    /// The table of `rows`, each made safe as `add` does.
    init(_ columns: [(String, Alignment)], rows: [[String]]) {
        self.init(columns)
        for row in rows { add(row) }
    }

    mutating func add(_ row: [String]) {
        rows.append(row.map(TerminalText.escaped))
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
}
