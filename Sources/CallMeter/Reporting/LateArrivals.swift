/// One ingest batch that brought data a previous morning page could already have shown: calls, or
/// ratings of calls, that started on a day that page covered, ingested after its scores were
/// computed (a ratings file for last week, a CDR file the PBX sent late).
public struct LateArrival: Sendable, Equatable {
    public let batchID: Int64
    public let fileName: String
    /// `cdr` or `ratings`.
    public let kind: String
    /// Calls (of a CDR file) or ratings (of a ratings file) of the window that arrived late.
    public let rows: Int
    /// The first and last start of those calls, Unix seconds.
    public let firstCallAt: Int64
    public let lastCallAt: Int64
}

extension Store {
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
        let values: [SQLValue] = [.int(previous.scoredAtMilliseconds), .int(current.scoredAtMilliseconds), .int(from), .int(until)]
        func read(_ statement: Statement) throws -> [LateArrival] {
            try statement.rows(values) {
                LateArrival(
                    batchID: $0.int64(0), fileName: $0.text(1), kind: $0.text(2), rows: Int($0.int64(3)), firstCallAt: $0.int64(4),
                    lastCallAt: $0.int64(5))
            }
        }
        let calls = try read(connection.cached("""
            SELECT b.id, b.file_name, b.kind, count(*), min(c.started_at), max(c.started_at)
            FROM batches b JOIN calls c ON c.batch = b.id
            WHERE b.finished_at_ms > ?1 AND b.finished_at_ms <= ?2 AND c.started_at >= ?3 AND c.started_at < ?4
            GROUP BY b.id
            """))
        let ratings = try read(connection.cached("""
            SELECT b.id, b.file_name, b.kind, count(*), min(c.started_at), max(c.started_at)
            FROM batches b JOIN ratings r ON r.batch = b.id JOIN calls c ON c.id = r.call
            WHERE b.finished_at_ms > ?1 AND b.finished_at_ms <= ?2 AND c.started_at >= ?3 AND c.started_at < ?4
            GROUP BY b.id
            """))
        return (calls + ratings).sorted { ($0.batchID, $0.kind) < ($1.batchID, $1.kind) }
    }
}
