/// One ingest batch as `callmeter batches` lists it, with its void when it was voided.
package struct BatchRecord: Sendable, Equatable {
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
    /// Who voided the batch, when and why (`batch_voids`); nil while it is in force.
    package let void: AuditStamp?
}

extension Store {
    /// Every batch, oldest first; with `last`, only the `last` most recent ones (still oldest first).
    package func batchRecords(last: Int? = nil) throws -> [BatchRecord] {
        let rows = try connection.rows("""
            SELECT b.id, b.started_at_ms, b.finished_at_ms, b.kind, b.format, b.options, b.file_name, b.sha256, b.rows_read,
                   b.rows_accepted, b.rows_duplicate, b.rows_rejected, b.rows_merged, b.rows_ignored,
                   v.voided_at_ms, v.voided_by, v.reason
            FROM batches b LEFT JOIN batch_voids v ON v.batch = b.id
            ORDER BY b.id DESC LIMIT :last
            """, [":last": .int(last ?? -1)]) { row in
                BatchRecord(
                    id: try row.int64("id"), startedAtMilliseconds: try row.int64("started_at_ms"),
                    finishedAtMilliseconds: try row.optionalInt64("finished_at_ms"), kind: try row.text("kind"),
                    format: try row.text("format"), options: try row.text("options"), fileName: try row.text("file_name"),
                    sha256: try row.text("sha256"), rowsRead: try row.int("rows_read"), rowsStored: try row.int("rows_accepted"),
                    rowsDuplicate: try row.int("rows_duplicate"), rowsRejected: try row.int("rows_rejected"),
                    rowsMerged: try row.int("rows_merged"), rowsIgnored: try row.int("rows_ignored"),
                    void: try row.optionalInt64("voided_at_ms").map {
                        AuditStamp(atMilliseconds: $0, by: try row.text("voided_by"), reason: try row.text("reason"))
                    })
            }
        return rows.reversed()
    }
}
