/// A rejected row as stored: where it was, which field, why, and its raw bytes (at most 64 KiB).
package struct StoredReject {
    package let line: Int
    package let column: Int
    package let field: String
    package let reason: String
    package let raw: [UInt8]
}

extension Store {
    /// Calls `body` with each reject of `batch`, in file order, without loading them all.
    package func forEachReject(batch: Int64, _ body: (StoredReject) throws -> Void) throws {
        let statement = try connection.prepare("""
            SELECT line_number, column_number, field, reason, raw FROM rejects WHERE batch = ? ORDER BY id
            """)
        try statement.bind([.int(batch)])
        while try statement.step() {
            try body(StoredReject(
                line: Int(statement.int64(0)), column: Int(statement.int64(1)), field: statement.text(2),
                reason: statement.text(3), raw: statement.blob(4)))
        }
    }

    /// The batch with `id`, or nil.
    package func batch(id: Int64) throws -> StoreStatus.Batch? {
        try connection.cached("""
            SELECT id, kind, format, file_name, rows_read, rows_accepted, rows_duplicate, rows_rejected, started_at_ms
            FROM batches WHERE id = ?
            """).rows([.int(id)]) {
                StoreStatus.Batch(
                    id: $0.int64(0), kind: $0.text(1), format: $0.text(2), fileName: $0.text(3), rowsRead: Int($0.int64(4)),
                    rowsAccepted: Int($0.int64(5)), rowsDuplicate: Int($0.int64(6)), rowsRejected: Int($0.int64(7)),
                    startedAtMilliseconds: $0.int64(8))
            }.first
    }

    /// The largest batch id so far (0 when there is none). Batches are never deleted, so a batch
    /// above it was made later: the daemon tells a file it ingested from a duplicate with it.
    package func lastBatchID() throws -> Int64 {
        try connection.scalarInt("SELECT coalesce(max(id), 0) FROM batches") ?? 0
    }
}
