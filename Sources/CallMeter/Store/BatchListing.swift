/// One ingest batch as `callmeter batches` lists it, with its void when it was voided.
package struct BatchRecord: Sendable, Equatable {
    package struct Void: Sendable, Equatable {
        /// Unix milliseconds, UTC.
        package let atMilliseconds: Int64
        package let by: String
        package let reason: String
    }

    package let id: Int64
    /// Unix milliseconds, UTC: when the ingest started and finished (nil: never finished, which
    /// a committed batch always has; kept optional as the column is).
    package let startedAtMilliseconds: Int64
    package let finishedAtMilliseconds: Int64?
    package let kind: String
    package let format: String
    /// The canonical interpretation (`IngestSettings.interpretation`): '' for none or before v11.
    package let options: String
    package let fileName: String
    package let sha256: String
    package let rowsRead, rowsStored, rowsDuplicate, rowsRejected, rowsMerged, rowsIgnored: Int
    package let void: Void?
}

extension Store {
    /// Every batch, oldest first; with `last`, only the `last` most recent ones (still oldest first).
    package func batchRecords(last: Int? = nil) throws -> [BatchRecord] {
        let rows = try connection.cached("""
            SELECT b.id, b.started_at_ms, b.finished_at_ms, b.kind, b.format, b.options, b.file_name, b.sha256, b.rows_read,
                   b.rows_accepted, b.rows_duplicate, b.rows_rejected, b.rows_merged, b.rows_ignored,
                   v.voided_at_ms, v.voided_by, v.reason
            FROM batches b LEFT JOIN batch_voids v ON v.batch = b.id
            ORDER BY b.id DESC LIMIT ?
            """).rows([.int(Int64(last ?? -1))]) { row in
                BatchRecord(
                    id: row.int64(0), startedAtMilliseconds: row.int64(1), finishedAtMilliseconds: row.optionalInt64(2),
                    kind: row.text(3), format: row.text(4), options: row.text(5), fileName: row.text(6), sha256: row.text(7),
                    rowsRead: Int(row.int64(8)), rowsStored: Int(row.int64(9)), rowsDuplicate: Int(row.int64(10)),
                    rowsRejected: Int(row.int64(11)), rowsMerged: Int(row.int64(12)), rowsIgnored: Int(row.int64(13)),
                    void: row.optionalInt64(14).map { BatchRecord.Void(atMilliseconds: $0, by: row.text(15), reason: row.text(16)) })
            }
        return rows.reversed()
    }
}
