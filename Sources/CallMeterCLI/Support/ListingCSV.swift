import CallMeter

/// The CSV of the listings (`status --pending --csv`, `payroll unpriced --csv`): RFC 4180, comma,
/// CRLF, UTF-8 without BOM. Text cells come from input files (call ids, file names): one that starts
/// like a formula gets a leading `'` (`SpreadsheetFormula`, the guard of every CSV CallMeter writes).
/// Number cells are CallMeter's own and stay numbers.
struct ListingCSV {
    enum Cell {
        case text(String)
        case number(String)

        static func number(_ value: some BinaryInteger) -> Cell { .number(String(value)) }
    }

    private(set) var bytes: [UInt8] = []
    private(set) var rows = 0

    init(header: [String]) {
        append(header.map(Cell.text))
    }

    init(header: [String], rows: [[Cell]]) {
        self.init(header: header)
        for row in rows { add(row) }
    }

    mutating func add(_ row: [Cell]) {
        append(row)
        rows += 1
    }

    private mutating func append(_ row: [Cell]) {
        for (index, cell) in row.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            switch cell {
            case .number(let text): bytes += text.utf8
            case .text(let text): appendQuotedIfNeeded(SpreadsheetFormula.neutralised(text))
            }
        }
        bytes += [0x0D, 0x0A]
    }

    /// A field holding a comma, quote, CR or LF is quoted, quotes doubled.
    private mutating func appendQuotedIfNeeded(_ text: String) {
        let quote = UInt8(ascii: "\"")
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 0x0D || $0 == 0x0A }) else {
            bytes += text.utf8
            return
        }
        bytes.append(quote)
        for byte in text.utf8 {
            bytes.append(byte)
            if byte == quote { bytes.append(quote) }
        }
        bytes.append(quote)
    }

    /// Writes the CSV atomically with mode 0640 (listings hold call data: owner and group only,
    /// like payroll exports); a failure is `Error: cannot write PATH: reason`, exit 1.
    func write(to path: String) throws {
        do {
            try AtomicFile.write(bytes, to: path, permissions: 0o640)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
