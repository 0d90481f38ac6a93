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
}

/// Turns the rows of one kind of file into database rows. One instance lives for one file, inside
/// that file's transaction.
protocol RowImporter {
    static var requiredColumns: [String] { get }
    static var optionalColumns: [String] { get }
    /// Columns whose values must never be stored in clear, not even in a rejected row's raw text.
    static var privateColumns: [String] { get }

    init(columns: ColumnMap, context: IngestContext) throws
    /// Validates and stores the reader's current row.
    mutating func importRow(_ row: CSVReader, line: Int) throws(RowImportError) -> RowOutcome
    /// Reads every row of the file into `sink` (a default does it on one thread; pipelined
    /// importers use two).
    mutating func ingestRows(from reader: CSVReader, columns: ColumnMap, sink: RowSink) throws
    /// Runs once after the last row, inside the transaction.
    mutating func finish(report: inout IngestReport) throws
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

extension RowImporter {
    static var privateColumns: [String] { [] }
}

/// A row is either refused (stored as a reject) or the database failed (the file is rolled back).
enum RowImportError: Error {
    case rejected(RowRejection)
    case database(any Error)
}

/// What every importer of one file shares.
struct IngestContext {
    let connection: Connection
    let pseudonymizer: CallerPseudonymizer
    let batchID: Int64
    let fileName: String
    let settings: IngestSettings
}

/// Settings that come from the rules.
public struct IngestSettings: Sendable {
    public var ratingScale: ClosedRange<Int>

    public init(ratingScale: ClosedRange<Int> = 1...5) {
        self.ratingScale = ratingScale
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
