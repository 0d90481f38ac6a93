/// `--format asterisk-csv`: `Master.csv` as `cdr_csv` writes it. No header; 16, 17, 18 or 21
/// columns (see `AsteriskCDRColumns.cdrCSV`); fields quoted with doubled inner quotes, an empty
/// time unquoted. Quoting is read leniently: a stray quote is text, not an error.
struct AsteriskCSVImporter: RowImporter {
    /// Columns that may carry a phone number: masked in the raw text of a rejected row.
    static let privateColumns = ["src", "dst", "clid", "channel", "dstchannel", "lastdata"]
    /// Kept in clear in a rejected row: times and ids.
    static let clearColumns = ["start", "answer", "end", "uniqueid", "linkedid", "sequence"]
    static let dialect = CSVDialect(delimiter: UInt8(ascii: ","), strictQuotes: false)

    static func layout(of path: String, settings: IngestSettings) throws(IngestFileError) -> FileLayout {
        FileLayout(format: IngestFormat.asteriskCSV.rawValue, dialect: dialect, header: nil,
                   columnNames: settings.asteriskLayout?.columns ?? AsteriskCDRColumns.cdrCSVNames)
    }

    // `clid` and `lastdata` may hold any bytes; the leg checks the fields it keeps.
    static var rowsMustBeUTF8: Bool { false }
    static var rowsMatchHeaderWidth: Bool { false }

    private var legs: AsteriskLegStore
    private let layouts: [Int: AsteriskCDRColumns]
    private let seventeenth: AsteriskSeventeenthColumn?
    /// `--layout`: every row has these columns.
    private let named: (name: String, columns: AsteriskCDRColumns)?

    init(layout: FileLayout, columns: ColumnMap?, context: IngestContext) throws {
        legs = try AsteriskLegStore(context: context)
        seventeenth = context.settings.seventeenthColumn
        var layouts: [Int: AsteriskCDRColumns] = [:]
        for count in [16, 17, 18, 21] {
            layouts[count] = AsteriskCDRColumns.cdrCSV(fieldCount: count, seventeenth: context.settings.seventeenthColumn)
        }
        self.layouts = layouts
        named = context.settings.asteriskLayout.map { ($0.name, AsteriskCDRColumns(layout: $0)) }
    }

    mutating func importRow(_ row: CSVReader, line: Int) throws(RowImportError) -> RowOutcome {
        if let named {
            guard row.fieldCount == named.columns.names.count else {
                throw .rejected(RowRejection(
                    column: nil, field: "row", "expected \(named.columns.names.count) fields (layout \(named.name)), found \(row.fieldCount)"))
            }
            return try legs.importRow(row, columns: named.columns, nullMeansEmpty: false, line: line)
        }
        guard let columns = layouts[row.fieldCount] else {
            if row.fieldCount == 17 {
                throw .file(.layout(
                    line: line, column: 1,
                    reason: "this row has 17 columns: the 17th is the uniqueid or the userfield (cdr_csv loguniqueid / loguserfield) "
                        + "and the file cannot say which; run again with --columns uniqueid or --columns userfield"))
            }
            throw .rejected(RowRejection(
                column: nil, field: "row", "expected 16, 17, 18 or 21 fields (the cdr_csv layout), found \(row.fieldCount)"
                    + HeaderlessAdvice.layoutHint(row, rules: legs.context.settings.asterisk)))
        }
        return try legs.importRow(row, columns: columns, nullMeansEmpty: false, line: line)
    }

    mutating func finish(report: inout IngestReport) throws {
        try legs.finish(report: &report)
        try CDRImporter.attachPendingRatings(connection: legs.context.connection, report: &report)
    }
}

/// `--format asterisk-cdr-table`: the CDR database table exported as CSV with a header row —
/// `cdr_mysql` / `cdr_adaptive_odbc` / `cdr_pgsql`, FreePBX `asteriskcdrdb.cdr`, PBXware `cdr`.
/// Columns by name; `calldate` (or `start`, `answer`, `end`); `NULL` is an empty field; quotes
/// read leniently (PBXware writes `""Name" <1115>"` for a clid).
struct AsteriskTableImporter: RowImporter {
    static let privateColumns = ["src", "dst", "clid", "channel", "dstchannel", "lastdata", "did", "cnum", "cnam", "outbound_cnum"]
    /// Kept in clear in a rejected row: times and ids.
    static let clearColumns = ["calldate", "start", "answer", "end", "uniqueid", "linkedid", "sequence", "acctid", "agiuniqueid"]
    static let required = AsteriskCDRTableColumns.required
    static let optional = AsteriskCDRTableColumns.optional

    static func layout(of path: String, settings: IngestSettings) throws(IngestFileError) -> FileLayout {
        FileLayout(format: IngestFormat.asteriskCDRTable.rawValue, dialect: AsteriskCSVImporter.dialect, header: (required, optional))
    }

    static var rowsMustBeUTF8: Bool { false }
    static var rowsMatchHeaderWidth: Bool { true }

    private var legs: AsteriskLegStore
    private let columns: AsteriskCDRColumns

    init(layout: FileLayout, columns map: ColumnMap?, context: IngestContext) throws {
        guard let map else { throw IngestFileError.empty }
        guard let columns = AsteriskCDRColumns(tableNames: map.names) else {
            throw IngestFileError.header(line: 1, column: 1, reason: "needs a calldate column, or start (with answer and end)")
        }
        self.columns = columns
        legs = try AsteriskLegStore(context: context)
    }

    mutating func importRow(_ row: CSVReader, line: Int) throws(RowImportError) -> RowOutcome {
        try legs.importRow(row, columns: columns, nullMeansEmpty: true, line: line)
    }

    mutating func finish(report: inout IngestReport) throws {
        try legs.finish(report: &report)
        try CDRImporter.attachPendingRatings(connection: legs.context.connection, report: &report)
    }
}
