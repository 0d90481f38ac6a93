/// The spreadsheet dialects of the payroll export.
public enum ExportDialect: String, Sendable, CaseIterable {
    /// Comma, decimal point, UTF-8 without BOM, CRLF.
    case rfc4180
    /// What German-locale Excel opens by double-click: semicolon, decimal comma, UTF-8 with BOM, CRLF.
    case excelDE = "excel-de"

    var delimiter: UInt8 { self == .rfc4180 ? UInt8(ascii: ",") : UInt8(ascii: ";") }
    var decimalSeparator: String { self == .rfc4180 ? "." : "," }
    var byteOrderMark: [UInt8] { self == .rfc4180 ? [] : [0xEF, 0xBB, 0xBF] }
}

/// Renders pay lines as CSV: a header and one row per line, in the lines' order, byte for byte
/// the same for the same lines.
///
/// Text cells (period, agent id and name, tier, currency, adjustment_of) that start like a formula
/// (`=`, `+`, `-`, `@`, a tab or a carriage return, see `SpreadsheetFormula`) get a leading `'`, so
/// that a spreadsheet shows them as text instead of running them (an agent named `=HYPERLINK(…)`). Number cells are
/// written by CallMeter itself and stay numbers, a negative amount included.
package enum PayrollCSV {
    package static let columns = [
        "period", "agent_id", "agent_name", "tier", "rate_per_minute", "calls", "billable_seconds",
        "billable_minutes", "amount", "currency", "adjustment_of",
    ]

    enum Cell {
        case text(String)
        case number(String)
    }

    package static func render(lines: [PayLine], currency: String, places: Int, dialect: ExportDialect) -> [UInt8] {
        var out = dialect.byteOrderMark
        out.reserveCapacity(128 * (lines.count + 1))
        append(row: columns.map(Cell.text), to: &out, dialect: dialect)
        for line in lines {
            append(row: cells(of: line, currency: currency, places: places, separator: dialect.decimalSeparator), to: &out, dialect: dialect)
        }
        return out
    }

    private static func cells(of line: PayLine, currency: String, places: Int, separator: String) -> [Cell] {
        let minutes = line.kind == .minutes
        let rate = line.perMinute.map { $0.formatted(minimumPlaces: places, decimalSeparator: separator) } ?? ""
        let billableMinutes = minutes
            ? DecimalText.format(line.billableMinutes, places: FixedDecimal.places, minimumPlaces: 2, decimalSeparator: separator)
            : ""
        var cells: [Cell] = [.text(line.period), .text(line.agentID), .text(line.agentName), .text(line.tierLabel), .number(rate)]
        cells.append(.number(minutes ? String(line.calls) : ""))
        cells.append(.number(minutes ? String(line.billableSeconds) : ""))
        cells.append(.number(billableMinutes))
        cells.append(.number(line.amount.formatted(decimalSeparator: separator)))
        cells.append(.text(currency))
        cells.append(.text(line.adjustmentOf ?? ""))
        return cells
    }

    /// SHA-256 (hex) of the rfc4180 rendering: what a close stores and later exports check.
    package static func digest(lines: [PayLine], currency: String, places: Int) -> String {
        Crypto.hex(Crypto.sha256(render(lines: lines, currency: currency, places: places, dialect: .rfc4180)))
    }

    /// The text with a leading `'` when a spreadsheet would read it as a formula (the guard every
    /// CSV of CallMeter shares, `SpreadsheetFormula`).
    package static func neutralised(_ text: String) -> String { SpreadsheetFormula.neutralised(text) }

    static func append(row: [Cell], to out: inout [UInt8], dialect: ExportDialect) {
        for (index, cell) in row.enumerated() {
            if index > 0 { out.append(dialect.delimiter) }
            switch cell {
            case .number(let text): out.append(contentsOf: text.utf8)
            case .text(let text): appendQuotedIfNeeded(neutralised(text), to: &out, delimiter: dialect.delimiter)
            }
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// RFC 4180: a field holding the delimiter, a quote, CR or LF is quoted, quotes doubled.
    private static func appendQuotedIfNeeded(_ text: String, to out: inout [UInt8], delimiter: UInt8) {
        let needsQuotes = text.utf8.contains { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else {
            out.append(contentsOf: text.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            out.append(byte)
            if byte == UInt8(ascii: "\"") { out.append(byte) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
