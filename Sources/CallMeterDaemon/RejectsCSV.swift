package import CallMeter

/// Writes rejected rows as RFC 4180 CSV (CRLF line ends, every field quoted when it needs to be):
/// `line,column,field,reason,raw`. `raw` is the row as it was stored (the digits of a caller's
/// number masked), byte for byte (even when it is not valid UTF-8).
///
/// The text cells come from the file (a rejected row may start with `=HYPERLINK(…)`): like the
/// payroll export, a cell that starts like a formula gets a leading `'` (`SpreadsheetFormula`),
/// so a spreadsheet opening the rejects shows it instead of running it.
///
/// `callmeter rejects --csv` writes the same columns after the batch and its file name.
package enum RejectsCSV {
    static let header = "line,column,field,reason,raw\r\n"
    package static let listingHeader = "batch,file,line,column,field,reason,raw\r\n"

    /// A row of `callmeter rejects --csv`: the batch and the file name (guarded like the other
    /// text cells: a file may be named `=cmd.csv`), then the row of a `.rejects.csv`.
    package static func listingRow(batch: Int64, file: String, reject: StoredReject) -> [UInt8] {
        var out: [UInt8] = Array(String(batch).utf8)
        out.append(UInt8(ascii: ","))
        append(field: SpreadsheetFormula.neutralised(Array(file.utf8)), to: &out)
        out.append(UInt8(ascii: ","))
        out += row(line: reject.line, column: reject.column, field: reject.field, reason: reject.reason, raw: reject.raw)
        return out
    }

    static func row(line: Int, column: Int, field: String, reason: String, raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: String(line).utf8)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: String(column).utf8)
        out.append(UInt8(ascii: ","))
        append(field: SpreadsheetFormula.neutralised(Array(field.utf8)), to: &out)
        out.append(UInt8(ascii: ","))
        append(field: SpreadsheetFormula.neutralised(Array(reason.utf8)), to: &out)
        out.append(UInt8(ascii: ","))
        append(field: SpreadsheetFormula.neutralised(raw), to: &out)
        out.append(contentsOf: [0x0D, 0x0A])
        return out
    }

    /// A field, quoted (with quotes doubled) when it holds a comma, quote, CR or LF, or has
    /// leading or trailing spaces.
    static func append(field: [UInt8], to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        let needsQuotes = field.contains { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 0x0D || $0 == 0x0A }
            || field.first == UInt8(ascii: " ") || field.last == UInt8(ascii: " ")
        guard needsQuotes else {
            out.append(contentsOf: field)
            return
        }
        out.append(quote)
        for byte in field {
            if byte == quote { out.append(quote) }
            out.append(byte)
        }
        out.append(quote)
    }
}
