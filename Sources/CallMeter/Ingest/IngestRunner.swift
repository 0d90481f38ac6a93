import Foundation

/// Progress of a long ingest, for a terminal.
public struct IngestProgress: Sendable {
    public let rows: Int
    public let bytesRead: Int64
    public let totalBytes: Int64
    public let seconds: Double
}

extension Store {
    /// Ingests one file of `kind`. Its accepted rows, rejects and batch record commit in one
    /// transaction: after a crash the file is either fully in or not at all. Bytes that were
    /// ingested before (same SHA-256) are a no-op reported as such.
    ///
    /// Throws `IngestFileError` when nothing can be stored (unreadable file, no header, a required
    /// column missing).
    public func ingest(
        file path: String,
        kind: IngestReport.Kind,
        settings: IngestSettings = IngestSettings(),
        progress: ((IngestProgress) -> Void)? = nil
    ) throws -> IngestReport {
        switch (kind, settings.format) {
        case (.cdr, .native): try ingest(path, kind: kind, settings: settings, progress: progress, importer: CDRImporter.self)
        case (.cdr, .asteriskCSV): try ingest(path, kind: kind, settings: settings, progress: progress, importer: AsteriskCSVImporter.self)
        case (.cdr, .asteriskCDRTable):
            try ingest(path, kind: kind, settings: settings, progress: progress, importer: AsteriskTableImporter.self)
        case (.cdr, .asteriskQueueLog):
            try ingest(path, kind: kind, settings: settings, progress: progress, importer: QueueLogImporter.self)
        case (.ratings, .native): try ingest(path, kind: kind, settings: settings, progress: progress, importer: RatingImporter.self)
        case (.agents, .native): try ingest(path, kind: kind, settings: settings, progress: progress, importer: AgentImporter.self)
        case (.ratings, _), (.agents, _): throw IngestFileError.formatNotForKind(format: settings.format.rawValue, kind: kind.rawValue)
        }
    }

    private func ingest<Importer: RowImporter>(
        _ path: String, kind: IngestReport.Kind, settings: IngestSettings,
        progress: ((IngestProgress) -> Void)?, importer: Importer.Type
    ) throws -> IngestReport {
        let layout = try Importer.layout(of: path, settings: settings)
        var report = IngestReport(file: path, kind: kind, format: layout.format)
        let digest = try Crypto.sha256Hex(ofFileAt: path)
        let previous = try connection.cached("SELECT id FROM batches WHERE sha256 = ?")
        try previous.bind([.text(digest)])
        if try previous.step() {
            report.batchID = previous.int64(0)
            report.alreadyIngested = true
            previous.reset()
            return report
        }
        previous.reset()

        let reader = try CSVReader(path: path, dialect: layout.dialect)
        var columns: ColumnMap?
        if let header = layout.header {
            guard try reader.next() else { throw IngestFileError.empty }
            let map = try ColumnMap(reader: reader, required: header.required, optional: header.optional)
            if !map.unknown.isEmpty {
                report.warnings.append("ignoring unknown column\(map.unknown.count == 1 ? "" : "s") \(map.unknown.joined(separator: ", "))")
            }
            columns = map
        }
        let columnNames = columns?.names ?? layout.columnNames
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        let clock = ContinuousClock()
        let start = clock.now
        let fileName = path

        try connection.transaction {
            try connection.cached("""
                INSERT INTO batches (file_name, sha256, kind, format, started_at_ms) VALUES (?, ?, ?, ?, ?)
                """).run([.text(fileName), .text(digest), .text(kind.rawValue), .text(layout.format), .int(Self.nowMilliseconds())])
            let batchID = connection.lastInsertRowID
            report.batchID = batchID
            let rejects = try RejectWriter(connection: connection, batchID: batchID, fileName: fileName)
            let context = IngestContext(
                connection: connection, pseudonymizer: pseudonymizer, batchID: batchID, fileName: fileName, settings: settings,
                rejects: rejects)
            var rows = try Importer(layout: layout, columns: columns, context: context)
            let expectedFields = columnNames.count

            func reject(_ rejection: RowRejection, offset: Int) throws {
                let at = reader.position(ofRawOffset: offset)
                let rejected = RejectedRow(file: fileName, line: at.line, column: at.column, field: rejection.field, reason: rejection.reason)
                try rejects.write(rejected, raw: reader.rawRecord, report: &report)
            }

            while try reader.next() {
                report.rowsRead += 1
                if let progress, report.rowsRead % 65_536 == 0 {
                    progress(IngestProgress(rows: report.rowsRead, bytesRead: reader.bytesConsumed, totalBytes: totalBytes,
                                            seconds: Self.seconds(clock.now - start)))
                }
                if let problem = reader.problem {
                    let column = Self.column(containing: problem.offset, in: reader)
                    try reject(RowRejection(column: column, field: columnNames[safe: column] ?? "row", problem.reason), offset: problem.offset)
                    continue
                }
                if Importer.rowsMustBeUTF8, let bad = firstInvalidUTF8Offset(reader.rawRecord) {
                    let column = Self.column(containing: bad, in: reader)
                    try reject(RowRejection(column: column, field: columnNames[safe: column] ?? "row", "not valid UTF-8"), offset: bad)
                    continue
                }
                if Importer.rowsMatchHeaderWidth, reader.fieldCount != expectedFields {
                    let offset = reader.fieldCount > expectedFields ? reader.fieldRawOffset(expectedFields) : reader.rawRecord.count
                    try reject(RowRejection(column: nil, field: "row",
                                            "expected \(expectedFields) fields as in the header, found \(reader.fieldCount)"), offset: offset)
                    continue
                }
                do throws(RowImportError) {
                    switch try rows.importRow(reader, line: reader.recordLine) {
                    case .accepted: report.rowsAccepted += 1
                    case .duplicate: report.rowsDuplicate += 1
                    case .ignored: report.rowsIgnored += 1
                    }
                } catch {
                    switch error {
                    case .rejected(let rejection):
                        let offset = rejection.column.map { reader.fieldRawOffset($0) } ?? 0
                        try reject(rejection, offset: offset)
                    case .database(let underlying):
                        throw underlying
                    case .file(let error):
                        throw error
                    }
                }
            }
            try rows.finish(report: &report)
            try connection.cached("""
                UPDATE batches SET rows_read = ?, rows_accepted = ?, rows_duplicate = ?, rows_rejected = ?, rows_merged = ?,
                                   rows_ignored = ?, finished_at_ms = ?
                WHERE id = ?
                """).run([
                    .int(Int64(report.rowsRead)), .int(Int64(report.rowsAccepted)), .int(Int64(report.rowsDuplicate)),
                    .int(Int64(report.rowsRejected)), .int(Int64(report.legsMerged)), .int(Int64(report.rowsIgnored)),
                    .int(Self.nowMilliseconds()), .int(batchID),
                ])
        }
        if let progress {
            progress(IngestProgress(rows: report.rowsRead, bytesRead: reader.bytesConsumed, totalBytes: totalBytes,
                                    seconds: Self.seconds(clock.now - start)))
        }
        return report
    }

    static func column(containing offset: Int, in reader: CSVReader) -> Int {
        var column = 0
        for i in 0..<reader.fieldCount where reader.fieldRawOffset(i) <= offset { column = i }
        return column
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) / 1e18
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}

/// Stores rejected rows (and keeps the first ones for the report).
final class RejectWriter {
    private let insert: Statement
    let batchID: Int64
    let fileName: String

    init(connection: Connection, batchID: Int64, fileName: String) throws(SQLiteError) {
        insert = try connection.prepare("""
            INSERT INTO rejects (batch, line_number, column_number, field, reason, raw) VALUES (?, ?, ?, ?, ?, ?)
            """)
        self.batchID = batchID
        self.fileName = fileName
    }

    func write(_ rejected: RejectedRow, raw: UnsafeBufferPointer<UInt8>, report: inout IngestReport) throws {
        try write(rejected, raw: Array(raw.prefix(64 << 10)), report: &report)
    }

    func write(_ rejected: RejectedRow, raw: [UInt8], report: inout IngestReport) throws {
        report.rowsRejected += 1
        if report.firstRejects.count < IngestReport.rejectsKept { report.firstRejects.append(rejected) }
        try insert.run([
            .int(batchID), .int(Int64(rejected.line)), .int(Int64(rejected.column)), .text(rejected.field), .text(rejected.reason),
            .blob(raw),
        ])
    }
}
