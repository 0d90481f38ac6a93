import Foundation

/// Two-stage ingest for big files: a reading thread splits and validates rows (CSV, UTF-8,
/// timestamps, pseudonyms) while the calling thread stores the previous batch in SQLite. Each
/// stage gets a core; rows keep their order, so rejects and duplicates come out exactly as in a
/// single-threaded run.

/// A validated row (or the reason it is refused) with what is needed to report it later: its line,
/// its raw bytes and where its fields start, all owned by the batch.
struct StagedRow<Parsed: Sendable>: Sendable {
    let result: Result<Parsed, RowRejection>
    let line: Int
    let raw: Range<Int>
    let fieldOffsets: Range<Int>
    /// Where a stage-one rejection points inside the raw row.
    let rejectOffset: Int
    /// False when the reader could not split the row cleanly or the field count is wrong.
    let fieldsTrusted: Bool
}

final class StagedBatch<Parsed: Sendable>: @unchecked Sendable {
    // @unchecked: filled by the reading thread, then handed over through `BatchChannel` and only
    // read by the storing thread.
    var rows: [StagedRow<Parsed>] = []
    var raw: [UInt8] = []
    var fieldOffsets: [Int] = []
    var bytesConsumed: Int64 = 0
    /// Set on the last batch when the file could not be read to its end.
    var failure: IngestFileError?

    init(capacity: Int) {
        rows.reserveCapacity(capacity)
        raw.reserveCapacity(capacity * 160)
        fieldOffsets.reserveCapacity(capacity * 16)
    }

    /// The offset of field `column` of `row` inside its raw bytes.
    func fieldOffset(_ row: StagedRow<Parsed>, column: Int?) -> Int {
        guard let column, column >= 0, column < row.fieldOffsets.count else { return 0 }
        return fieldOffsets[row.fieldOffsets.lowerBound + column]
    }

    func position(_ row: StagedRow<Parsed>, offset: Int) -> (line: Int, column: Int) {
        raw.withUnsafeBufferPointer { all in
            CSVReader.position(in: UnsafeBufferPointer(rebasing: all[row.raw]), firstLine: row.line, offset: offset)
        }
    }

    func rawBytes(_ row: StagedRow<Parsed>) -> [UInt8] { Array(raw[row.raw]) }
}

/// A bounded hand-over queue between the two stages.
final class BatchChannel<Element>: @unchecked Sendable {
    // @unchecked: every access to the state below holds `condition`.
    private let condition = NSCondition()
    private var items: [Element] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Blocks while full. False when the consumer has given up.
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    func finish() {
        change { finished = true }
    }

    /// Blocks while empty; nil once finished and drained, or cancelled.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished && !cancelled { condition.wait() }
        if cancelled || items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    func cancel() {
        change {
            cancelled = true
            items.removeAll()
        }
    }

    /// Changes the state under the lock and wakes every waiting side.
    private func change(_ body: () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        body()
        condition.broadcast()
    }
}

/// Runs stage one on its own thread; `wait()` returns once it has stopped.
final class StageOneThread<Parser: RowParser>: @unchecked Sendable {
    // @unchecked: the reader is used by the stage-one thread only, from `start()` until `done`
    // is signalled; the storing thread touches it again only after `wait()`.
    private let reader: CSVReader
    private let parser: Parser
    private let channel: BatchChannel<StagedBatch<Parser.Parsed>>
    private let checks: RowPrecheck
    private let done = DispatchSemaphore(value: 0)
    static var batchSize: Int { 2048 }

    init(reader: CSVReader, parser: Parser, channel: BatchChannel<StagedBatch<Parser.Parsed>>, checks: RowPrecheck) {
        self.reader = reader
        self.parser = parser
        self.channel = channel
        self.checks = checks
    }

    func start() {
        let thread = Thread { [self] in
            run()
            done.signal()
        }
        thread.name = "callmeter-ingest-reader"
        thread.start()
    }

    func wait() { done.wait() }

    private func run() {
        var batch = StagedBatch<Parser.Parsed>(capacity: Self.batchSize)
        do {
            while try reader.next() {
                let rawStart = batch.raw.count
                batch.raw.append(contentsOf: reader.rawRecord)
                let offsetsStart = batch.fieldOffsets.count
                for field in 0..<reader.fieldCount { batch.fieldOffsets.append(reader.fieldRawOffset(field)) }
                let result: Result<Parser.Parsed, RowRejection>
                var rejectOffset = 0
                if let (rejection, offset) = checks.rejection(reader) {
                    result = .failure(rejection)
                    rejectOffset = offset
                } else {
                    do throws(RowImportError) {
                        result = .success(try parser.parse(reader))
                    } catch {
                        switch error {
                        case .rejected(let rejection):
                            result = .failure(rejection)
                            rejectOffset = rejection.column.map { reader.fieldRawOffset($0) } ?? 0
                        case .database(let underlying):
                            // Parsers do not touch the database; keep the row rather than lose it silently.
                            result = .failure(RowRejection(column: nil, field: "row", "internal error: \(underlying)"))
                        case .file(let error):
                            // The whole file cannot be read as asked: stop; the storing side rolls back.
                            batch.failure = error
                            result = .failure(RowRejection(column: nil, field: "row", error.description))
                        }
                    }
                }
                batch.rows.append(StagedRow(
                    result: result, line: reader.recordLine, raw: rawStart..<batch.raw.count,
                    fieldOffsets: offsetsStart..<batch.fieldOffsets.count, rejectOffset: rejectOffset,
                    fieldsTrusted: checks.fieldsTrusted(reader)))
                if batch.failure != nil { break }
                if batch.rows.count == Self.batchSize {
                    batch.bytesConsumed = reader.bytesConsumed
                    guard channel.put(batch) else { return }
                    batch = StagedBatch(capacity: Self.batchSize)
                }
            }
        } catch {
            batch.failure = error
        }
        batch.bytesConsumed = reader.bytesConsumed
        _ = channel.put(batch)
        channel.finish()
    }
}

/// The checks every row passes before its importer sees it: the reader's quoting problems, UTF-8
/// (for formats whose rows must be all UTF-8), the number of fields (for formats with a header).
struct RowPrecheck: Sendable {
    /// Nil: rows may have any number of fields.
    let expectedFields: Int?
    let mustBeUTF8: Bool
    let columnNames: [String]

    func rejection(_ reader: CSVReader) -> (RowRejection, offset: Int)? {
        if let problem = reader.problem {
            // A row too long to keep has no fields: the problem is the whole row's.
            let column = reader.fieldCount == 0 ? nil : Self.column(containing: problem.offset, in: reader)
            return (RowRejection(column: column, field: column.map(fieldName) ?? "row", problem.reason), problem.offset)
        }
        if mustBeUTF8, let bad = firstInvalidUTF8Offset(reader.rawRecord) {
            let column = Self.column(containing: bad, in: reader)
            return (RowRejection(column: column, field: fieldName(column), "not valid UTF-8"), bad)
        }
        if let expectedFields, reader.fieldCount != expectedFields {
            let offset = reader.fieldCount > expectedFields ? reader.fieldRawOffset(expectedFields) : reader.rawRecord.count
            return (RowRejection(column: nil, field: "row", "expected \(expectedFields) fields as in the header, found \(reader.fieldCount)"), offset)
        }
        return nil
    }

    /// What a reject calls the field at `column`: its header name, or `column N` (1-based) where the
    /// header leaves it unnamed or the row has more fields than the header (a reject always names one).
    func fieldName(_ column: Int) -> String {
        if let name = columnNames[safe: column], !name.isEmpty { return name }
        return "column \(column + 1)"
    }

    /// Whether the row's fields are where the header says (else a reject's raw text is masked whole).
    func fieldsTrusted(_ reader: CSVReader) -> Bool {
        reader.problem == nil && (expectedFields.map { reader.fieldCount == $0 } ?? true)
    }

    static func column(containing offset: Int, in reader: CSVReader) -> Int {
        var column = 0
        for i in 0..<reader.fieldCount where reader.fieldRawOffset(i) <= offset { column = i }
        return column
    }
}
