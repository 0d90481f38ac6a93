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
    /// column missing). `name` is how reports and the batch record call the file (default: `path`).
    public func ingest(
        file path: String,
        named name: String? = nil,
        kind: IngestReport.Kind,
        settings: IngestSettings = IngestSettings(),
        progress: ((IngestProgress) -> Void)? = nil
    ) throws -> IngestReport {
        switch kind {
        case .cdr: try ingest(path, name: name ?? path, kind: kind, settings: settings, progress: progress, importer: CDRImporter.self)
        case .ratings: try ingest(path, name: name ?? path, kind: kind, settings: settings, progress: progress, importer: RatingImporter.self)
        case .agents: try ingest(path, name: name ?? path, kind: kind, settings: settings, progress: progress, importer: AgentImporter.self)
        }
    }

    private func ingest<Importer: RowImporter>(
        _ path: String, name fileName: String, kind: IngestReport.Kind, settings: IngestSettings,
        progress: ((IngestProgress) -> Void)?, importer: Importer.Type
    ) throws -> IngestReport {
        var report = IngestReport(file: fileName, kind: kind, format: "native")
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

        let reader = try CSVReader(path: path)
        guard try reader.next() else { throw IngestFileError.empty }
        let columns = try ColumnMap(reader: reader, required: Importer.requiredColumns, optional: Importer.optionalColumns)
        if !columns.unknown.isEmpty {
            report.warnings.append("ignoring unknown column\(columns.unknown.count == 1 ? "" : "s") \(columns.unknown.joined(separator: ", "))")
        }
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0

        try connection.transaction {
            try connection.cached("""
                INSERT INTO batches (file_name, sha256, kind, format, started_at_ms) VALUES (?, ?, ?, ?, ?)
                """).run([.text(fileName), .text(digest), .text(kind.rawValue), .text("native"), .int(Self.nowMilliseconds())])
            let batchID = connection.lastInsertRowID
            report.batchID = batchID
            let context = IngestContext(
                connection: connection, pseudonymizer: pseudonymizer, batchID: batchID, fileName: fileName, settings: settings)
            var rows = try Importer(columns: columns, context: context)
            let sink = try RowSink(
                connection: connection, batchID: batchID, fileName: fileName, report: report, totalBytes: totalBytes,
                privateColumns: Importer.privateColumns.compactMap { columns[$0] }, progress: progress)
            try rows.ingestRows(from: reader, columns: columns, sink: sink)
            report = sink.report
            try rows.finish(report: &report)
            try connection.cached("""
                UPDATE batches SET rows_read = ?, rows_accepted = ?, rows_duplicate = ?, rows_rejected = ?, finished_at_ms = ?
                WHERE id = ?
                """).run([
                    .int(Int64(report.rowsRead)), .int(Int64(report.rowsAccepted)), .int(Int64(report.rowsDuplicate)),
                    .int(Int64(report.rowsRejected)), .int(Self.nowMilliseconds()), .int(batchID),
                ])
        }
        return report
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
