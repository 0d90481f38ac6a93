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
        let clock = ContinuousClock()
        let start = clock.now

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
            let privateColumns = Importer.privateColumns.compactMap { columns[$0] }

            func reject(_ rejection: RowRejection, offset: Int) throws {
                let at = reader.position(ofRawOffset: offset)
                let rejected = RejectedRow(file: fileName, line: at.line, column: at.column, field: rejection.field, reason: rejection.reason)
                report.rowsRejected += 1
                if report.firstRejects.count < IngestReport.rejectsKept { report.firstRejects.append(rejected) }
                var raw = Array(reader.rawRecord.prefix(64 << 10))
                if !privateColumns.isEmpty {
                    Self.maskDigits(of: privateColumns, in: &raw, reader: reader,
                                    fieldsKnown: reader.problem == nil && reader.fieldCount == expectedFields)
                }
                try insertReject.run([
                    .int(batchID), .int(Int64(at.line)), .int(Int64(at.column)), .text(rejected.field), .text(rejected.reason),
                    .blob(raw),
                ])
            }

            while try reader.next() {
                report.rowsRead += 1
                if let progress, report.rowsRead % 65_536 == 0 {
                    progress(IngestProgress(rows: report.rowsRead, bytesRead: reader.bytesConsumed, totalBytes: totalBytes,
                                            seconds: Self.seconds(clock.now - start)))
                }
                if let problem = reader.problem {
                    // A row too long to keep has no fields: the problem is the whole row's.
                    let column = reader.fieldCount == 0 ? nil : Self.column(containing: problem.offset, in: reader)
                    try reject(RowRejection(column: column, field: column.flatMap { columns.names[safe: $0] } ?? "row", problem.reason),
                               offset: problem.offset)
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

    /// Replaces the digits of the private columns in a rejected row's raw text by `#` (lengths and
    /// the other fields stay as they were). When the row's fields cannot be trusted (a CSV problem,
    /// a wrong field count) the number may be anywhere: then every digit of the row is masked.
    private static func maskDigits(of privateColumns: [Int], in raw: inout [UInt8], reader: CSVReader, fieldsKnown: Bool) {
        func mask(_ range: Range<Int>) {
            for i in range.clamped(to: raw.indices) where raw[i] >= UInt8(ascii: "0") && raw[i] <= UInt8(ascii: "9") {
                raw[i] = UInt8(ascii: "#")
            }
        }
        guard fieldsKnown else { return mask(raw.indices) }
        for column in privateColumns {
            let start = reader.fieldRawOffset(column)
            let end = column + 1 < reader.fieldCount ? reader.fieldRawOffset(column + 1) : reader.rawRecord.count
            mask(start..<max(start, end))
        }
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
