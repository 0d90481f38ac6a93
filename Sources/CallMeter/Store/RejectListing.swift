extension Store {
    /// Calls `body` with every stored reject (only those of `batch` when given), by batch and in
    /// file order, with the name of the file it was read from; without loading them all.
    package func forEachReject(inBatch batch: Int64?, _ body: (_ batch: Int64, _ file: String, StoredReject) throws -> Void) throws {
        try connection.prepare("""
            SELECT r.batch, b.file_name, r.line_number, r.column_number, r.field, r.reason, r.raw
            FROM rejects r JOIN batches b ON b.id = r.batch
            WHERE :batch IS NULL OR r.batch = :batch ORDER BY r.batch, r.id
            """).forEachRow([":batch": .int(batch)]) { row in
            try body(try row.int64("batch"), try row.text("file_name"), try StoredReject(row: row))
        }
    }
}
