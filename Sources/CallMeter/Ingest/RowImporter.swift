public import Foundation

/// Why one row is refused: the column it points at (nil: the whole row) and the reason.
struct RowRejection: Error, Sendable {
    let column: Int?
    let field: String
    let reason: String

    init(column: Int?, field: String, _ reason: String) {
        self.column = column
        self.field = field
        self.reason = reason
    }
}

enum RowOutcome {
    case accepted
    /// The same record was stored before (same content): counted, not an error.
    case duplicate
    /// Read and understood, but nothing in it is kept (a queue_log QUEUESTART, for example).
    case ignored
}

/// How a file of one format is laid out: its CSV dialect, and either a header row (with the
/// columns it must and may have) or fixed column names for a file without one.
struct FileLayout {
    /// Stored in `batches.format`.
    var format: String
    var dialect: CSVDialect
    /// Nil for a file without a header row.
    var header: (required: [String], optional: [String])?
    /// Names of the columns of a file without a header, for reject messages.
    var columnNames: [String] = []
}

/// Turns the rows of one format of file into database rows. One instance lives for one file,
/// inside that file's transaction.
///
/// The runner specialises on the importer type, so the static switches cost nothing per row.
protocol RowImporter {
    /// Looks at the file (only formats that need to peek at the first bytes do) and says how to read it.
    static func layout(of path: String, settings: IngestSettings) throws(IngestFileError) -> FileLayout
    /// Reject any row that is not UTF-8 before it reaches the importer. Formats whose files carry
    /// other bytes in columns CallMeter never keeps say no and check the fields they keep.
    static var rowsMustBeUTF8: Bool { get }
    /// Reject any row whose field count differs from the header's.
    static var rowsMatchHeaderWidth: Bool { get }

    init(layout: FileLayout, columns: ColumnMap?, context: IngestContext) throws
    /// Columns whose digits never reach the rejects table in clear (caller numbers).
    static var privateColumns: [String] { get }
    /// Columns a rejected row keeps in clear: identifiers and times, which hold long digit runs but
    /// never a customer's number. In every other column (unknown ones included) runs of 6 or more
    /// digits are masked (`PhoneNumberMask`).
    static var clearColumns: [String] { get }

    /// Validates and stores the reader's current row.
    mutating func importRow(_ row: CSVReader, line: Int) throws(RowImportError) -> RowOutcome
    /// Reads every row of the file into `sink` (a default does it on one thread; pipelined
    /// importers use two).
    mutating func ingestRows(from reader: CSVReader, columnNames: [String], sink: RowSink) throws
    /// Runs once after the last row, inside the transaction.
    mutating func finish(report: inout IngestReport) throws
}

extension RowImporter {
    static var privateColumns: [String] { [] }
    static var clearColumns: [String] { [] }
}

/// Validates a row into a value that owns its data, so it can cross to the thread that stores it.
protocol RowParser: Sendable {
    associatedtype Parsed: Sendable
    func parse(_ row: CSVReader) throws(RowImportError) -> Parsed
}

/// An importer whose rows are validated on a reading thread while the previous ones are stored:
/// parsing and SQLite each get a core.
protocol PipelinedRowImporter: RowImporter {
    associatedtype Parser: RowParser
    func makeParser() -> Parser
    /// Stores one parsed row (on the thread that owns the transaction).
    mutating func store(_ parsed: Parser.Parsed, line: Int) throws(RowImportError) -> RowOutcome
}

extension PipelinedRowImporter {
    mutating func importRow(_ row: CSVReader, line: Int) throws(RowImportError) -> RowOutcome {
        try store(makeParser().parse(row), line: line)
    }
}

/// The native formats: RFC 4180 with a header row that names the columns.
protocol HeaderRowImporter: RowImporter {
    static var requiredColumns: [String] { get }
    static var optionalColumns: [String] { get }

    init(columns: ColumnMap, context: IngestContext) throws
}

extension HeaderRowImporter {
    static func layout(of path: String, settings: IngestSettings) throws(IngestFileError) -> FileLayout {
        FileLayout(format: IngestFormat.native.rawValue, dialect: .rfc4180, header: (requiredColumns, optionalColumns))
    }

    static var rowsMustBeUTF8: Bool { true }
    static var rowsMatchHeaderWidth: Bool { true }

    init(layout: FileLayout, columns: ColumnMap?, context: IngestContext) throws {
        guard let columns else { throw IngestFileError.empty }
        try self.init(columns: columns, context: context)
    }
}

/// A row is refused (stored as a reject), the database failed (the file is rolled back), or the
/// row shows that the whole file cannot be read as asked (rolled back, nothing stored).
enum RowImportError: Error {
    case rejected(RowRejection)
    case database(any Error)
    case file(IngestFileError)
}

/// What every importer of one file shares.
struct IngestContext {
    let connection: Connection
    let pseudonymizer: CallerPseudonymizer
    let batchID: Int64
    let fileName: String
    let settings: IngestSettings
    /// Stores rejects found after the rows were read (in `finish`).
    let rejects: RejectWriter
}

/// Settings that come from the rules and the command line.
public struct IngestSettings: Sendable {
    /// The scale ratings are read on (the center's `rating_scale`).
    public var ratingScale: ClosedRange<Int>
    /// The layout of the files (`--format`); only call records come in other formats than native.
    public var format: IngestFormat
    /// Where wall-clock times without an offset were written (`--timezone`, else the center's).
    public var timeZone: TimeZone
    /// How to read channel names, agents and hotlines in Asterisk files (`Rules/asterisk.json`).
    public var asterisk: AsteriskRules
    /// What the 17th column of a 17-column `Master.csv` row is (`--columns`); nil: not said.
    public var seventeenthColumn: AsteriskSeventeenthColumn?
    /// The columns of a header-less Asterisk file that is not `cdr_csv`'s (`--layout`); nil: the
    /// `cdr_csv` layouts by field count. It changes what is stored, like `format`.
    public var asteriskLayout: AsteriskColumnLayout?
    /// How to read agents and hotlines in FreeSWITCH files (`Rules/freeswitch.json`).
    public var freeswitch: FreeSWITCHRules

    /// Settings for a file in `format` whose local times were written in `timeZone`, with ratings
    /// on `ratingScale`; Asterisk and FreeSWITCH files read with the shipped rules' defaults.
    public init(ratingScale: ClosedRange<Int>, format: IngestFormat, timeZone: TimeZone) {
        self.init(ratingScale: ratingScale, format: format, timeZone: timeZone, asterisk: AsteriskRules())
    }

    package init(
        ratingScale: ClosedRange<Int> = 1...5, format: IngestFormat = .native, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
        asterisk: AsteriskRules = AsteriskRules(), seventeenthColumn: AsteriskSeventeenthColumn? = nil,
        asteriskLayout: AsteriskColumnLayout? = nil, freeswitch: FreeSWITCHRules = FreeSWITCHRules()
    ) {
        self.ratingScale = ratingScale
        self.format = format
        self.timeZone = timeZone
        self.asterisk = asterisk
        self.seventeenthColumn = seventeenthColumn
        self.asteriskLayout = asteriskLayout
        self.freeswitch = freeswitch
    }
}

extension CSVReader {
    /// The field at a column that may be absent from the file; empty when it is.
    func field(at column: Int?) -> UnsafeBufferPointer<UInt8> {
        guard let column else { return UnsafeBufferPointer(start: nil, count: 0) }
        return field(column)
    }
}

/// Helpers to validate fields while building a `RowRejection` that names the column.
struct FieldReader {
    let row: CSVReader

    func required(_ column: Int, _ name: String, maxBytes: Int) throws(RowImportError) -> UnsafeBufferPointer<UInt8> {
        let value = row.field(column).trimmed
        if value.isEmpty { throw .rejected(RowRejection(column: column, field: name, "required, but empty")) }
        if value.count > maxBytes {
            throw .rejected(RowRejection(column: column, field: name, "longer than \(maxBytes) bytes"))
        }
        return value
    }

    func optional(_ column: Int?, _ name: String, maxBytes: Int) throws(RowImportError) -> UnsafeBufferPointer<UInt8>? {
        let value = row.field(at: column).trimmed
        if value.isEmpty { return nil }
        if value.count > maxBytes {
            throw .rejected(RowRejection(column: column, field: name, "longer than \(maxBytes) bytes"))
        }
        return value
    }

    func parse<T>(_ column: Int?, _ name: String, _ parser: (UnsafeBufferPointer<UInt8>) throws(FieldError) -> T) throws(RowImportError) -> T {
        do {
            return try parser(row.field(at: column))
        } catch {
            throw .rejected(RowRejection(column: column, field: name, error.reason))
        }
    }

    func reject(_ column: Int?, _ name: String, _ reason: String) -> RowImportError {
        .rejected(RowRejection(column: column, field: name, reason))
    }
}
