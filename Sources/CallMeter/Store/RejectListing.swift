extension Store {
    /// Calls `body` with every stored reject (only those of `batch` when given), by batch and in
    /// file order, with the name of the file it was read from; without loading them all.
    package func forEachReject(inBatch batch: Int64?, _ body: (_ batch: Int64, _ file: String, StoredReject) throws -> Void) throws {
        let statement = try connection.prepare("""
            SELECT r.batch, b.file_name, r.line_number, r.column_number, r.field, r.reason, r.raw
            FROM rejects r JOIN batches b ON b.id = r.batch
            WHERE ?1 IS NULL OR r.batch = ?1 ORDER BY r.batch, r.id
            """)
        try statement.bind([batch.map { .int($0) } ?? .null])
        while try statement.step() {
            try body(statement.int64(0), statement.text(1), StoredReject(
                line: Int(statement.int64(2)), column: Int(statement.int64(3)), field: statement.text(4),
                reason: statement.text(5), raw: statement.blob(6)))
        }
    }
}
