/// The guard every CSV that CallMeter writes puts on text cells from outside (agent names, rejected
/// rows): a cell that starts like a formula gets a leading `'`, so that a spreadsheet shows it as
/// text instead of running it (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`).
///
/// Formula starters: `=`, `+`, `-`, `@`, tab and carriage return (OWASP's list), and their
/// full-width forms `＝`, `＋`, `－`, `＠`, which spreadsheets in East Asian locales read the same way.
package enum SpreadsheetFormula {
    /// The text with a leading `'` when a spreadsheet would read it as a formula.
    package static func neutralised(_ text: String) -> String {
        startsFormula(text.utf8) ? "'" + text : text
    }

    /// The bytes with a leading `'` when a spreadsheet would read them as a formula; bytes that are
    /// not UTF-8 are kept as they are.
    package static func neutralised(_ bytes: [UInt8]) -> [UInt8] {
        startsFormula(bytes) ? [UInt8(ascii: "'")] + bytes : bytes
    }

    /// Whether a cell starting with these bytes (UTF-8) is read as a formula.
    static func startsFormula(_ bytes: some Collection<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
            return true
        case 0xEF:
            // U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠: EF BC 9D, EF BC 8B, EF BC 8D, EF BC A0.
            let head = Array(bytes.prefix(3))
            guard head.count == 3, head[1] == 0xBC else { return false }
            return head[2] == 0x9D || head[2] == 0x8B || head[2] == 0x8D || head[2] == 0xA0
        default:
            return false
        }
    }
}
