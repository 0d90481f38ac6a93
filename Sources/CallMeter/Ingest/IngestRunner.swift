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
    /// column missing). `name` is how reports and the batch record call the file (default: `path`;
    /// the daemon reads an inbox file through `/proc/self/fd/N` so that it cannot be swapped for a
    /// symbolic link between the check and the read).
    public func ingest(
        file path: String,
        named name: String? = nil,
        kind: IngestReport.Kind,
        settings: IngestSettings = IngestSettings(),
        progress: ((IngestProgress) -> Void)? = nil
    ) throws -> IngestReport {
        let name = name ?? path
        switch kind {
        case .cdr: return try ingest(path, name: name, kind: kind, settings: settings, progress: progress, importer: CDRImporter.self)
        case .ratings: return try ingest(path, name: name, kind: kind, settings: settings, progress: progress, importer: RatingImporter.self)
        case .agents: return try ingest(path, name: name, kind: kind, settings: settings, progress: progress, importer: AgentImporter.self)
        }
    }

    private func ingest<Importer: RowImporter>(
        _ path: String, name: String, kind: IngestReport.Kind, settings: IngestSettings,
        progress: ((IngestProgress) -> Void)?, importer: Importer.Type
    ) throws -> IngestReport {
        var report = IngestReport(file: name, kind: kind, format: "native")
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
        let clock = ContinuousClock()
        let start = clock.now
        let fileName = name

        try connection.transaction {
            try connection.cached("""
                INSERT INTO batches (file_name, sha256, kind, format, started_at_ms) VALUES (?, ?, ?, ?, ?)
                """).run([.text(fileName), .text(digest), .text(kind.rawValue), .text("native"), .int(Self.nowMilliseconds())])
            let batchID = connection.lastInsertRowID
            report.batchID = batchID
            let context = IngestContext(
                connection: connection, pseudonymizer: pseudonymizer, batchID: batchID, fileName: fileName, settings: settings)
            var rows = try Importer(columns: columns, context: context)
            let insertReject = try connection.prepare("""
                INSERT INTO rejects (batch, line_number, column_number, field, reason, raw) VALUES (?, ?, ?, ?, ?, ?)
                """)
            let expectedFields = columns.names.count

            func reject(_ rejection: RowRejection, offset: Int) throws {
                let at = reader.position(ofRawOffset: offset)
                let rejected = RejectedRow(file: fileName, line: at.line, column: at.column, field: rejection.field, reason: rejection.reason)
                report.rowsRejected += 1
                if report.firstRejects.count < IngestReport.rejectsKept { report.firstRejects.append(rejected) }
                let raw = reader.rawRecord
                try insertReject.run([
                    .int(batchID), .int(Int64(at.line)), .int(Int64(at.column)), .text(rejected.field), .text(rejected.reason),
                    .blob(Array(raw.prefix(64 << 10))),
                ])
            }

            while try reader.next() {
                report.rowsRead += 1
                if let progress, report.rowsRead % 65_536 == 0 {
                    progress(IngestProgress(rows: report.rowsRead, bytesRead: reader.bytesConsumed, totalBytes: totalBytes,
                                            seconds: Self.seconds(clock.now - start)))
                }
                if let problem = reader.problem {
                    let column = Self.column(containing: problem.offset, in: reader)
                    try reject(RowRejection(column: column, field: columns.names[safe: column] ?? "row", problem.reason), offset: problem.offset)
                    continue
                }
                if let bad = firstInvalidUTF8Offset(reader.rawRecord) {
                    let column = Self.column(containing: bad, in: reader)
                    try reject(RowRejection(column: column, field: columns.names[safe: column] ?? "row", "not valid UTF-8"), offset: bad)
                    continue
                }
                if reader.fieldCount != expectedFields {
                    let offset = reader.fieldCount > expectedFields ? reader.fieldRawOffset(expectedFields) : reader.rawRecord.count
                    try reject(RowRejection(column: nil, field: "row",
                                            "expected \(expectedFields) fields as in the header, found \(reader.fieldCount)"), offset: offset)
                    continue
                }
                do throws(RowImportError) {
                    switch try rows.importRow(reader, line: reader.recordLine) {
                    case .accepted: report.rowsAccepted += 1
                    case .duplicate: report.rowsDuplicate += 1
                    }
                } catch {
                    switch error {
                    case .rejected(let rejection):
                        let offset = rejection.column.map { reader.fieldRawOffset($0) } ?? 0
                        try reject(rejection, offset: offset)
                    case .database(let underlying):
                        throw underlying
                    }
                }
            }
            try rows.finish(report: &report)
            try connection.cached("""
                UPDATE batches SET rows_read = ?, rows_accepted = ?, rows_duplicate = ?, rows_rejected = ?, finished_at_ms = ?
                WHERE id = ?
                """).run([
                    .int(Int64(report.rowsRead)), .int(Int64(report.rowsAccepted)), .int(Int64(report.rowsDuplicate)),
                    .int(Int64(report.rowsRejected)), .int(Self.nowMilliseconds()), .int(batchID),
                ])
        }
        if let progress {
            progress(IngestProgress(rows: report.rowsRead, bytesRead: reader.bytesConsumed, totalBytes: totalBytes,
                                    seconds: Self.seconds(clock.now - start)))
        }
        return report
    }

    private static func column(containing offset: Int, in reader: CSVReader) -> Int {
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
