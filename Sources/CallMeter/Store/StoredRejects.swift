/// A rejected row as stored: where it was, which field, why, and its raw bytes (at most 64 KiB).
package struct StoredReject {
    package let line: Int
    package let column: Int
    package let field: String
    package let reason: String
    package let raw: [UInt8]

    /// A `rejects` row read by column name.
    init(row: Row) throws {
        line = try row.int("line_number")
        column = try row.int("column_number")
        field = try row.text("field")
        reason = try row.text("reason")
        raw = try row.blob("raw")
    }
}

extension Store {
    /// Calls `body` with each reject of `batch`, in file order, without loading them all.
    package func forEachReject(batch: Int64, _ body: (StoredReject) throws -> Void) throws {
        try connection.prepare("""
            SELECT line_number, column_number, field, reason, raw FROM rejects WHERE batch = :batch ORDER BY id
            """).forEachRow([":batch": .int(batch)]) { row in
            try body(try StoredReject(row: row))
        }
    }

    /// The batch with `id`, or nil.
    package func batch(id: Int64) throws -> StoreStatus.Batch? {
        try connection.firstRow("""
            SELECT id, kind, format, file_name, rows_read, rows_accepted, rows_duplicate, rows_rejected, started_at_ms
            FROM batches WHERE id = :id
            """, [":id": .int(id)]) { try StoreStatus.Batch(row: $0, voided: false) }
    }

    /// The largest batch id so far (0 when there is none). Batches are never deleted, so a batch
    /// above it was made later: the daemon tells a file it ingested from a duplicate with it.
    package func lastBatchID() throws -> Int64 {
        try connection.scalarInt("SELECT coalesce(max(id), 0) FROM batches") ?? 0
    }
}
