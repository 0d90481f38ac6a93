/// A rating stored before its call: it waits (pending) until a file with the call is ingested.
package struct PendingRating: Sendable, Equatable {
    package let callID: String
    package let question: String
    package let rating: Int64
    /// When the rating was given (Unix seconds), when the file said.
    package let ratedAt: Int64?
    /// When its batch was ingested (Unix milliseconds): since then it waits.
    package let receivedAtMilliseconds: Int64
    package let file: String
    package let line: Int

    /// Whole seconds waited at `now` (Unix seconds); never negative.
    package func waitedSeconds(now: Int64) -> Int64 { max(0, now - receivedAtMilliseconds / 1000) }
}

extension Store {
    /// The pending ratings, oldest received first (then in file order).
    package func pendingRatings() throws -> [PendingRating] {
        try connection.rows("""
            SELECT r.call_key, r.question, r.rating, r.rated_at, b.started_at_ms, b.file_name, r.source_line
            FROM ratings r JOIN batches b ON b.id = r.batch
            WHERE r.call IS NULL ORDER BY b.started_at_ms, r.batch, r.source_line, r.id
            """) { row in
                PendingRating(callID: try row.text("call_key"), question: try row.text("question"), rating: try row.int64("rating"),
                              ratedAt: try row.optionalInt64("rated_at"), receivedAtMilliseconds: try row.int64("started_at_ms"),
                              file: try row.text("file_name"), line: try row.int("source_line"))
            }
    }
}
