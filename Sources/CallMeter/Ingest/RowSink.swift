import Foundation

/// Where the rows of one file end up: the counts of the report, the stored rejects, progress.
final class RowSink {
    private(set) var report: IngestReport
    private let rejects: RejectWriter
    private let totalBytes: Int64
    /// Columns whose digits never reach the rejects table in clear (the caller's number).
    private let privateColumns: [Int]
    /// Columns kept in clear (identifiers, times); the others have their long digit runs masked.
    private let clearColumns: Set<Int>
    /// The checks every row passes before its importer sees it.
    let checks: RowPrecheck
    private let progress: ((IngestProgress) -> Void)?
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    init(rejects: RejectWriter, report: IngestReport, totalBytes: Int64, privateColumns: [Int], clearColumns: [Int],
         checks: RowPrecheck, progress: ((IngestProgress) -> Void)?) {
        self.rejects = rejects
        self.report = report
        self.totalBytes = totalBytes
        self.privateColumns = privateColumns
        self.clearColumns = Set(clearColumns).subtracting(privateColumns)
        self.checks = checks
        self.progress = progress
        start = clock.now
    }

    /// Rows rejected as not UTF-8 whose bytes are valid Windows-1252: many of them say the file,
    /// not the rows, is in the wrong encoding (`windows1252Diagnosis`).
    private(set) var windows1252Rows = 0

    func read() { report.rowsRead += 1 }

    /// The whole-file error when most rows are Windows-1252 rather than UTF-8.
    var windows1252Diagnosis: IngestFileError? {
        windows1252Rows > 0 && windows1252Rows * 2 > report.rowsRead ? .windows1252(rows: windows1252Rows, of: report.rowsRead) : nil
    }

    /// Whether `bytes` read as Windows-1252: every byte but the five it leaves undefined.
    static func isWindows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.contains { $0 == 0x81 || $0 == 0x8D || $0 == 0x8F || $0 == 0x90 || $0 == 0x9D }
    }

    func stored(_ outcome: RowOutcome) {
        switch outcome {
        case .accepted: report.rowsAccepted += 1
        case .duplicate: report.rowsDuplicate += 1
        case .ignored: report.rowsIgnored += 1
        }
    }

    /// Records a refused row: printed (the first ones) and stored with its raw text, no customer
    /// number in clear. The digits of private columns are masked; in every other column that is not
    /// a clear one (unknown columns included), runs of 6 or more digits (`PhoneNumberMask`), and in
    /// the reason too unless it is about a clear column (a reason may quote the field). When the
    /// fields cannot be trusted (a quoting problem, a wrong field count, any rejection of the whole
    /// row rather than one column) the mask covers the whole
    /// row: every digit for formats with private columns, long runs for the others.
    /// `fieldStart(i)` is where field i starts in `raw`.
    func rejected(
        _ rejection: RowRejection, at position: (line: Int, column: Int), raw: UnsafeBufferPointer<UInt8>,
        fieldCount: Int, fieldsTrusted: Bool, fieldStart: (Int) -> Int
    ) throws {
        if rejection.reason == "not valid UTF-8" && Self.isWindows1252(raw) { windows1252Rows += 1 }
        // A rejection about the row as a whole (a width no layout has) says its fields are not where
        // the names say: a phone number may sit where a clear column (a time, an id) is expected.
        let fieldsTrusted = fieldsTrusted && rejection.column != nil
        let reasonInClear = rejection.column.map { fieldsTrusted && clearColumns.contains($0) } ?? false
        let row = RejectedRow(
            file: rejects.fileName, line: position.line, column: position.column, field: rejection.field,
            reason: reasonInClear ? rejection.reason : PhoneNumberMask.masked(rejection.reason))
        var kept = Array(raw.prefix(RejectWriter.rawKept))
        func maskAllDigits(_ range: Range<Int>) {
            for i in range.clamped(to: kept.indices) where kept[i] >= UInt8(ascii: "0") && kept[i] <= UInt8(ascii: "9") {
                kept[i] = UInt8(ascii: "#")
            }
        }
        if fieldsTrusted {
            let privateSet = Set(privateColumns)
            for column in 0..<fieldCount where !clearColumns.contains(column) {
                let start = fieldStart(column)
                let end = column + 1 < fieldCount ? fieldStart(column + 1) : raw.count
                let range = start..<max(start, end)
                if privateSet.contains(column) {
                    maskAllDigits(range)
                } else {
                    PhoneNumberMask.mask(&kept, in: range)
                }
            }
        } else if !privateColumns.isEmpty {
            maskAllDigits(kept.indices)
        } else {
            PhoneNumberMask.mask(&kept, in: kept.indices)
        }
        try rejects.write(row, raw: kept, report: &report)
    }

    func tick(bytesRead: Int64, force: Bool = false) {
        guard let progress, force || report.rowsRead % 65_536 == 0 else { return }
        let (seconds, attoseconds) = (clock.now - start).components
        progress(IngestProgress(rows: report.rowsRead, bytesRead: bytesRead, totalBytes: totalBytes,
                                seconds: Double(seconds) + Double(attoseconds) / 1e18))
    }
}

extension RowImporter {
    /// One thread: check, import, next.
    mutating func ingestRows(from reader: CSVReader, columnNames: [String], sink: RowSink) throws {
        while try reader.next() {
            sink.read()
            sink.tick(bytesRead: reader.bytesConsumed)
            let trusted = sink.checks.fieldsTrusted(reader)
            func reject(_ rejection: RowRejection, offset: Int) throws {
                try sink.rejected(rejection, at: reader.position(ofRawOffset: offset), raw: reader.rawRecord,
                                  fieldCount: reader.fieldCount, fieldsTrusted: trusted, fieldStart: reader.fieldRawOffset)
            }
            if let (rejection, offset) = sink.checks.rejection(reader) {
                try reject(rejection, offset: offset)
                continue
            }
            do throws(RowImportError) {
                sink.stored(try importRow(reader, line: reader.recordLine))
            } catch {
                switch error {
                case .rejected(let rejection):
                    try reject(rejection, offset: rejection.column.map { reader.fieldRawOffset($0) } ?? 0)
                case .database(let underlying):
                    throw underlying
                case .file(let error):
                    throw error
                }
            }
        }
        sink.tick(bytesRead: reader.bytesConsumed, force: true)
    }
}

extension PipelinedRowImporter {
    /// Two threads: the reader validates batches of rows while this thread stores the previous one.
    mutating func ingestRows(from reader: CSVReader, columnNames: [String], sink: RowSink) throws {
        let channel = BatchChannel<StagedBatch<Parser.Parsed>>(capacity: 2)
        let stageOne = StageOneThread(reader: reader, parser: makeParser(), channel: channel, checks: sink.checks)
        stageOne.start()
        // However this ends, the reading thread stops before the reader goes away.
        defer {
            channel.cancel()
            stageOne.wait()
        }
        while let batch = channel.take() {
            for row in batch.rows {
                sink.read()
                switch row.result {
                case .failure(let rejection):
                    try reject(rejection, row: row, in: batch, offset: row.rejectOffset, sink: sink)
                case .success(let parsed):
                    do throws(RowImportError) {
                        sink.stored(try store(parsed, line: row.line))
                    } catch {
                        switch error {
                        case .rejected(let rejection):
                            try reject(rejection, row: row, in: batch, offset: batch.fieldOffset(row, column: rejection.column), sink: sink)
                        case .database(let underlying):
                            throw underlying
                        case .file(let error):
                            throw error
                        }
                    }
                }
            }
            sink.tick(bytesRead: batch.bytesConsumed)
            if let failure = batch.failure { throw failure }
        }
        sink.tick(bytesRead: reader.bytesConsumed, force: true)
    }

    private func reject(_ rejection: RowRejection, row: StagedRow<Parser.Parsed>, in batch: StagedBatch<Parser.Parsed>, offset: Int, sink: RowSink) throws {
        let raw = batch.rawBytes(row)
        try raw.withUnsafeBufferPointer { bytes in
            try sink.rejected(rejection, at: batch.position(row, offset: offset), raw: bytes, fieldCount: row.fieldOffsets.count,
                              fieldsTrusted: row.fieldsTrusted, fieldStart: { batch.fieldOffset(row, column: $0) })
        }
    }
}
