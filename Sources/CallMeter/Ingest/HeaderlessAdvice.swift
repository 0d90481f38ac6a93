/// What to say when a file is read in a format that does not fit it: a header-less PBX file given
/// to a format that expects a header, a `cdr_csv` row with a field count another layout has, the
/// header of the Asterisk CDR table given to the native format. Each names the option that fits.
enum HeaderlessAdvice {
    /// Whether the first row is data rather than a header: none of its fields names a column the
    /// format knows, and one of them is a number or a date (`1/9/2017 16:33:01`, `27`).
    static func looksLikeData(_ row: CSVReader, known: Set<String>) -> Bool {
        var numeric = false
        for i in 0..<row.fieldCount {
            let field = row.field(i).trimmed
            if known.contains(field.string.lowercased()) { return false }
            if let first = field.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") { numeric = true }
        }
        return numeric
    }

    /// The error for a first row that is data: which `--format` (and `--layout`) its fields fit.
    static func dataRow(_ row: CSVReader, rules: AsteriskRules) -> String {
        let reason = "the first row looks like data, not a header (none of its \(row.fieldCount) fields names a column)"
        if let fit = formatFitting(row, rules: rules) { return reason + ": its fields fit \(fit)" }
        return reason + ": give the file a header row that names the columns (see the README), or, for a PBX's own file, "
            + "the --format it was written in (asterisk-csv with --layout for a header-less Asterisk CDR, freeswitch-csv)"
    }

    /// The options a header-less row's fields fit, judged by its field count and where its
    /// disposition (Asterisk) or uuid (FreeSWITCH) sits.
    static func formatFitting(_ row: CSVReader, rules: AsteriskRules) -> String? {
        func isDisposition(_ column: Int?) -> Bool {
            guard let column, column < row.fieldCount else { return false }
            return AsteriskLeg.dispositions.contains(row.field(column).trimmed.string.uppercased())
        }
        if [16, 17, 18, 21].contains(row.fieldCount), isDisposition(14) { return "--format asterisk-csv" }
        for name in rules.layoutNames {
            guard let layout = rules.layout(named: name), layout.columns.count == row.fieldCount else { continue }
            if isDisposition(layout.columns.firstIndex(of: "disposition")) { return "--format asterisk-csv --layout \(name)" }
        }
        if row.fieldCount == FreeSWITCHColumns.names.count, FreeSWITCHColumns.looksLikeUUID(row.field(FreeSWITCHColumns.uuid).trimmed) {
            return "--format freeswitch-csv"
        }
        return nil
    }

    /// Appended to the reject of a `cdr_csv` row whose field count is not one of its layouts, when
    /// its fields fit another format or layout.
    static func layoutHint(_ row: CSVReader, rules: AsteriskRules) -> String {
        guard let fit = formatFitting(row, rules: rules), fit != "--format asterisk-csv" else { return "" }
        return "; its fields fit \(fit)"
    }

    /// Appended when the native format misses its columns but the header is the Asterisk CDR table's.
    static func foreignHeader(_ names: [String]) -> String? {
        guard AsteriskCDRTableColumns.required.allSatisfy(names.contains) else { return nil }
        return "; this is the header of the Asterisk CDR table: use --format asterisk-cdr-table"
    }
}
