/// What the database holds, for `callmeter status`.
package struct StoreStatus: Sendable {
    package struct Batch: Sendable {
        package let id: Int64
        package let kind: String
        package let format: String
        package let fileName: String
        package let rowsRead, rowsAccepted, rowsDuplicate, rowsRejected: Int
        /// Unix milliseconds, UTC.
        package let startedAtMilliseconds: Int64
        /// Voided with `callmeter batch void`.
        package var voided = false
    }

    package let agents: Int
    package let agentsInDirectory: Int
    package let hotlines: Int
    package let callsByDisposition: [(disposition: String, count: Int)]
    package let ratings: Int
    package let pendingRatings: Int
    package let batches: Int
    /// Batches voided with `callmeter batch void` (counted in `batches` too).
    package let voidedBatches: Int
    package let rejects: Int
    /// queue_log calls whose other events are in a file not ingested yet (held, never dropped).
    package let incompleteQueueCalls: Int
    /// Logged-in and paused intervals from the queue_log.
    package let agentSessions: Int
    package let lastBatches: [Batch]

    package var calls: Int { callsByDisposition.reduce(0) { $0 + $1.count } }
}

extension Store {
    package func status(lastBatches limit: Int = 5) throws -> StoreStatus {
        let c = connection
        func count(_ sql: String) throws -> Int { Int(try c.scalarInt(sql) ?? 0) }
        let dispositions = try c.rows("""
            SELECT disposition, count(*) AS calls FROM calls GROUP BY disposition ORDER BY disposition
            """) { row in (disposition: try row.text("disposition"), count: try row.int("calls")) }
        let batches = try c.rows("""
            SELECT id, kind, format, file_name, rows_read, rows_accepted, rows_duplicate, rows_rejected, started_at_ms,
                   id IN (SELECT batch FROM batch_voids) AS voided
            FROM batches ORDER BY id DESC LIMIT :limit
            """, [":limit": .int(limit)]) { row in try StoreStatus.Batch(row: row, voided: try row.bool("voided")) }
        return StoreStatus(
            agents: try count("SELECT count(*) FROM agents"),
            agentsInDirectory: try count("SELECT count(*) FROM agents WHERE in_directory = 1"),
            hotlines: try count("SELECT count(*) FROM hotlines"),
            callsByDisposition: dispositions,
            ratings: try count("SELECT count(*) FROM ratings"),
            pendingRatings: try count("SELECT count(*) FROM ratings WHERE call IS NULL"),
            batches: try count("SELECT count(*) FROM batches"),
            voidedBatches: try count("SELECT count(*) FROM batch_voids"),
            rejects: try count("SELECT count(*) FROM rejects"),
            incompleteQueueCalls: try count("SELECT count(DISTINCT callid) FROM queue_log_held"),
            agentSessions: try count("SELECT count(*) FROM agent_sessions"),
            lastBatches: batches)
    }
}

extension StoreStatus.Batch {
    /// A `batches` row read by column name.
    init(row: Row, voided: Bool) throws {
        self.init(
            id: try row.int64("id"), kind: try row.text("kind"), format: try row.text("format"), fileName: try row.text("file_name"),
            rowsRead: try row.int("rows_read"), rowsAccepted: try row.int("rows_accepted"), rowsDuplicate: try row.int("rows_duplicate"),
            rowsRejected: try row.int("rows_rejected"), startedAtMilliseconds: try row.int64("started_at_ms"), voided: voided)
    }
}
