/// A plain-text table: columns padded to their widest cell (counted in characters, so names
/// such as "Zoë Müller" line up), numbers aligned right.
struct TextTable {
    enum Alignment { case left, right }

    private let titles: [String]
    private let alignments: [Alignment]
    private var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        titles = columns.map { $0.0 }
        alignments = columns.map { $0.1 }
    }

    mutating func add(_ cells: [String]) {
        rows.append(cells)
    }

    var lines: [String] {
        let all = [titles] + rows
        let widths = titles.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { cells in
            titles.indices.map { column -> String in
                let cell = cells.indices.contains(column) ? cells[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .right ? padding + cell : cell + padding
            }
            .joined(separator: "  ")
            .trimmingTrailingSpaces()
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
