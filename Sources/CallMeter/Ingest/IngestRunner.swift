public import Foundation

/// Progress of a long ingest, for a terminal.
public struct IngestProgress: Sendable {
    /// Rows read so far.
    public let rows: Int
    /// Bytes of the file read so far.
    public let bytesRead: Int64
    /// The file's size in bytes (0 when unknown).
    public let totalBytes: Int64
    /// Seconds since the ingest of the file began.
    public let seconds: Double
}

/// Ingestion: reads CDR, rating, agent and commitment files into the store. The one entry point of the
/// `Ingest` part: every format's importer runs behind `ingest(file:named:kind:settings:progress:)`.
///
/// ```swift
/// let store = try Store(path: "callmeter.sqlite", create: true)
/// let report = try Ingestion(store: store).ingest(file: "cdr.csv", kind: .cdr)
/// ```
public final class Ingestion {
    /// The store the files go into; its caller-pseudonym key hashes caller numbers on the way in.
    public let store: Store
    private var connection: Connection { store.connection }

    /// Ingestion into `store` (the store's key was checked when it was opened).
    public init(store: Store) {
        self.store = store
    }

    /// Ingests one file of `kind`. Its accepted rows, rejects and batch record commit in one
    /// transaction: after a crash the file is either fully in or not at all. Bytes that were
    /// ingested before as the same kind, format and options (`IngestSettings.interpretation`), in
    /// a batch that was not voided, are a no-op reported as such. A batch of which every row was
    /// rejected (`IngestReport.noRowStored`, the same test in SQL below) is a failed ingest: kept
    /// with its rejects, but not "ingested", so the file can be tried again.
    ///
    /// Throws `IngestFileError` when nothing can be stored (unreadable file, no header, a required
    /// column missing). `name` is how reports and the batch record call the file (default: `path`).
    public func ingest(
        file path: String,
        named name: String? = nil,
        kind: IngestReport.Kind,
        settings: IngestSettings = IngestSettings(ratingScale: 1...5, format: .native, timeZone: TimeZone(identifier: "UTC") ?? .current),
        progress: ((IngestProgress) -> Void)? = nil
    ) throws -> IngestReport {
        let name = name ?? path
        let importer: any RowImporter.Type
        switch (kind, settings.format) {
        case (.cdr, .native): importer = CDRImporter.self
        case (.cdr, .asteriskCSV): importer = AsteriskCSVImporter.self
        case (.cdr, .asteriskCDRTable): importer = AsteriskTableImporter.self
        case (.cdr, .freeswitchCSV): importer = FreeSWITCHCSVImporter.self
        case (.cdr, .asteriskQueueLog): importer = QueueLogImporter.self
        case (.ratings, .native): importer = RatingImporter.self
        case (.agents, .native): importer = AgentImporter.self
        case (.commitments, .native): importer = CommitmentImporter.self
        case (.ratings, _), (.agents, _), (.commitments, _): throw IngestFileError.formatNotForKind(format: settings.format.rawValue, kind: kind.rawValue)
        }
        return try ingest(path, name: name, kind: kind, settings: settings, progress: progress, importer: importer)
    }

    private func ingest<Importer: RowImporter>(
        _ path: String, name fileName: String, kind: IngestReport.Kind, settings: IngestSettings,
        progress: ((IngestProgress) -> Void)?, importer: Importer.Type
    ) throws -> IngestReport {
        let layout = try Importer.layout(of: path, settings: settings)
        var report = IngestReport(file: fileName, kind: kind, format: layout.format)
        let digest = try Crypto.sha256Hex(ofFileAt: path)
        // Commitments are wall-clock times too: the same bytes read in another zone are another file.
        let options = kind == .commitments ? "timezone=\(settings.timeZone.identifier)" : settings.interpretation
        let previous = try connection.firstRow("""
            SELECT id FROM batches
            WHERE sha256 = :sha256 AND kind = :kind AND format = :format AND options = :options
              AND id NOT IN (SELECT batch FROM batch_voids)
              AND NOT (rows_rejected > 0 AND rows_accepted = 0 AND rows_duplicate = 0 AND rows_ignored = 0 AND rows_merged = 0)
            ORDER BY id LIMIT 1
            """, [":sha256": .text(digest), ":kind": .text(kind.rawValue), ":format": .text(layout.format), ":options": .text(options)]
        ) { try $0.int64("id") }
        if let previous {
            report.batchID = previous
            report.alreadyIngested = true
            return report
        }

        let reader = try CSVReader(path: path, dialect: layout.dialect)
        var columns: ColumnMap?
        if let header = layout.header {
            guard try reader.next() else { throw IngestFileError.empty }
            let map = try ColumnMap(reader: reader, required: header.required, optional: header.optional, settings: settings)
            if !map.unknown.isEmpty {
                report.warnings.append("ignoring unknown column\(map.unknown.count == 1 ? "" : "s") \(map.unknown.map(TerminalText.escaped).joined(separator: ", "))")
            }
            columns = map
        }
        let columnNames = columns?.names ?? layout.columnNames
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0

        try connection.transaction {
            try connection.run("""
                INSERT INTO batches (file_name, sha256, kind, format, options, started_at_ms)
                VALUES (:file_name, :sha256, :kind, :format, :options, :started_at_ms)
                """, [
                    ":file_name": .text(fileName), ":sha256": .text(digest), ":kind": .text(kind.rawValue),
                    ":format": .text(layout.format), ":options": .text(options), ":started_at_ms": .int(Store.nowMilliseconds()),
                ])
            let batchID = connection.lastInsertRowID
            report.batchID = batchID
            let rejects = try RejectWriter(connection: connection, batchID: batchID, fileName: fileName)
            let context = IngestContext(
                connection: connection, pseudonymizer: store.pseudonymizer, batchID: batchID, fileName: fileName, settings: settings,
                rejects: rejects)
            // What the rows change is undone when none of them is stored (below), so that a failed
            // ingest leaves the data as it was: e.g. a queue_log whose every event is rejected must
            // not take away the events an earlier file holds for its calls.
            try connection.execute("SAVEPOINT ingest_rows")
            let changesBefore = connection.totalChanges
            var rows = try Importer(layout: layout, columns: columns, context: context)
            let sink = RowSink(
                rejects: rejects, report: report, totalBytes: totalBytes,
                privateColumns: Importer.privateColumns.compactMap { columnNames.firstIndex(of: $0) },
                clearColumns: Importer.clearColumns.compactMap { columnNames.firstIndex(of: $0) },
                checks: RowPrecheck(expectedFields: Importer.rowsMatchHeaderWidth ? columnNames.count : nil,
                                    mustBeUTF8: Importer.rowsMustBeUTF8, columnNames: columnNames),
                progress: progress)
            try rows.ingestRows(from: reader, columnNames: columnNames, sink: sink)
            // Rolls the transaction back: nothing of a file in the wrong encoding is stored.
            if let wrongEncoding = sink.windows1252Diagnosis { throw wrongEncoding }
            report = sink.report
            try rows.finish(report: &report)
            // Every reject writes one row; anything more changed other data.
            if report.noRowStored, connection.totalChanges - changesBefore > report.rowsRejected {
                try Self.undoRowsKeepingRejects(batch: batchID, connection)
            }
            try connection.execute("RELEASE ingest_rows")
            try connection.run("""
                UPDATE batches SET rows_read = :read, rows_accepted = :accepted, rows_duplicate = :duplicate,
                                   rows_rejected = :rejected, rows_merged = :merged, rows_ignored = :ignored,
                                   finished_at_ms = :finished_at_ms
                WHERE id = :id
                """, [
                    ":read": .int(report.rowsRead), ":accepted": .int(report.rowsAccepted), ":duplicate": .int(report.rowsDuplicate),
                    ":rejected": .int(report.rowsRejected), ":merged": .int(report.legsMerged), ":ignored": .int(report.rowsIgnored),
                    ":finished_at_ms": .int(Store.nowMilliseconds()), ":id": .int(batchID),
                ])
        }
        return report
    }

    /// Rolls back to the savepoint `ingest_rows` (the batch row was made before it), keeping the
    /// batch's rejects: a failed ingest is kept with its rejects and changes nothing else. The
    /// rejects wait in memory meanwhile (a savepoint undoes temporary tables too); this runs only
    /// when the rejected rows changed other data.
    private static func undoRowsKeepingRejects(batch: Int64, _ connection: Connection) throws {
        let rejects = try connection.rows("""
            SELECT id, line_number, column_number, field, reason, raw FROM rejects WHERE batch = :batch ORDER BY id
            """, [":batch": .int(batch)]) { row in
                [":id": SQLValue.int(try row.int64("id")), ":line": .int(try row.int64("line_number")),
                 ":column": .int(try row.int64("column_number")), ":field": .text(try row.text("field")),
                 ":reason": .text(try row.text("reason")), ":raw": .blob(try row.blob("raw"))] as StatementArguments
        }
        try connection.execute("ROLLBACK TO ingest_rows")
        let insert = try connection.prepare("""
            INSERT INTO rejects (id, batch, line_number, column_number, field, reason, raw)
            VALUES (:id, :batch, :line, :column, :field, :reason, :raw)
            """)
        for var reject in rejects {
            reject.values.append((":batch", .int(batch)))
            try insert.run(reject)
        }
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
    /// The longest raw row kept with a reject.
    static let rawKept = 64 << 10

    init(connection: Connection, batchID: Int64, fileName: String) throws(SQLiteError) {
        insert = try connection.prepare("""
            INSERT INTO rejects (batch, line_number, column_number, field, reason, raw)
            VALUES (:batch, :line_number, :column_number, :field, :reason, :raw)
            """)
        self.batchID = batchID
        self.fileName = fileName
    }

    func write(_ rejected: RejectedRow, raw: UnsafeBufferPointer<UInt8>, report: inout IngestReport) throws {
        try write(rejected, raw: Array(raw.prefix(Self.rawKept)), report: &report)
    }

    func write(_ rejected: RejectedRow, raw: [UInt8], report: inout IngestReport) throws {
        report.rowsRejected += 1
        if report.firstRejects.count < IngestReport.rejectsKept { report.firstRejects.append(rejected) }
        try insert.run([
            ":batch": .int(batchID), ":line_number": .int(rejected.line), ":column_number": .int(rejected.column),
            ":field": .text(rejected.field), ":reason": .text(rejected.reason), ":raw": .blob(raw),
        ])
    }
}
