/// One ingest batch that brought data a previous morning page could already have shown: calls, or
/// ratings of calls, that started on a day that page covered, ingested after its scores were
/// computed (a ratings file for last week, a CDR file the PBX sent late).
package struct LateArrival: Sendable, Equatable {
    package let batchID: Int64
    package let fileName: String
    /// `cdr` or `ratings`.
    package let kind: String
    /// Calls (of a CDR file) or ratings (of a ratings file) of the window that arrived late.
    package let rows: Int
    /// The first and last start of those calls, Unix seconds.
    package let firstCallAt: Int64
    package let lastCallAt: Int64
}

extension Reporting {
    /// The batches that finished after `previous` was scored and by the time `current` was, with
    /// their rows whose call started in `current`'s window and before the end of `previous`'s: the
    /// data `current` counts that the page of `previous` could already have counted, but did not
    /// have. Oldest batch first.
    ///
    /// Both instants come from the same clock (the store's: batches and scoring runs stamp their
    /// times when they are written), so the comparison holds whoever ran the ingest.
    package func lateArrivals(since previous: StoredScoreRun, through current: StoredScoreRun) throws -> [LateArrival] {
        let from = current.windowStart, until = min(previous.windowEnd, current.windowEnd)
        guard current.scoredAtMilliseconds > previous.scoredAtMilliseconds, from < until else { return [] }
        let arguments: StatementArguments = [
            ":after": .int(previous.scoredAtMilliseconds), ":through": .int(current.scoredAtMilliseconds),
            ":from": .int(from), ":until": .int(until),
        ]
        func read(_ sql: String) throws -> [LateArrival] {
            try connection.rows(sql, arguments) { row in
                LateArrival(
                    batchID: try row.int64("id"), fileName: try row.text("file_name"), kind: try row.text("kind"),
                    rows: try row.int("row_count"), firstCallAt: try row.int64("first_call_at"), lastCallAt: try row.int64("last_call_at"))
            }
        }
        let calls = try read("""
            SELECT b.id, b.file_name, b.kind, count(*) AS row_count, min(c.started_at) AS first_call_at, max(c.started_at) AS last_call_at
            FROM batches b JOIN calls c ON c.batch = b.id
            WHERE b.finished_at_ms > :after AND b.finished_at_ms <= :through AND c.started_at >= :from AND c.started_at < :until
            GROUP BY b.id
            """)
        let ratings = try read("""
            SELECT b.id, b.file_name, b.kind, count(*) AS row_count, min(c.started_at) AS first_call_at, max(c.started_at) AS last_call_at
            FROM batches b JOIN ratings r ON r.batch = b.id JOIN calls c ON c.id = r.call
            WHERE b.finished_at_ms > :after AND b.finished_at_ms <= :through AND c.started_at >= :from AND c.started_at < :until
            GROUP BY b.id
            """)
        return (calls + ratings).sorted { ($0.batchID, $0.kind) < ($1.batchID, $1.kind) }
    }
}
