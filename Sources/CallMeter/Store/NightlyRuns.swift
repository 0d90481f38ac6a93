/// One attempt of the nightly job, as recorded in `nightly_runs`.
public struct NightlyRunRecord: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case running, ok, failed, interrupted
    }

    public let id: Int64
    /// The local date (`YYYY-MM-DD`) whose nightly time the attempt belongs to.
    public let slot: String
    /// The local date the job computed up to: the day before `slot`.
    public let asOf: String
    /// 1 for the first attempt of a slot, 2 for its first retry, …
    public let attempt: Int
    /// Unix milliseconds, UTC.
    public let startedAtMilliseconds: Int64
    public let finishedAtMilliseconds: Int64?
    public let outcome: Outcome
    /// What the job reported, or why it failed.
    public let detail: String?
}

extension Store {
    /// Records the start of an attempt and returns its id.
    package func beginNightlyRun(slot: String, asOf: String, attempt: Int, atMilliseconds now: Int64) throws -> Int64 {
        try connection.cached("""
            INSERT INTO nightly_runs (slot, as_of, attempt, started_at_ms, outcome) VALUES (?, ?, ?, ?, 'running')
            """).run([.text(slot), .text(asOf), .int(Int64(attempt)), .int(now)])
        return connection.lastInsertRowID
    }

    package func finishNightlyRun(id: Int64, outcome: NightlyRunRecord.Outcome, detail: String?, atMilliseconds now: Int64) throws {
        try connection.cached("UPDATE nightly_runs SET outcome = ?, detail = ?, finished_at_ms = ? WHERE id = ?")
            .run([.text(outcome.rawValue), detail.map { .text($0) } ?? .null, .int(now), .int(id)])
    }

    /// Attempts left 'running' by a daemon that was killed become 'interrupted'. Returns how many.
    package func markInterruptedNightlyRuns(atMilliseconds now: Int64) throws -> Int {
        try connection.cached("""
            UPDATE nightly_runs SET outcome = 'interrupted', finished_at_ms = ?,
                detail = 'the daemon stopped before the job finished'
            WHERE outcome = 'running'
            """).run([.int(now)])
        return connection.changes
    }

    /// The latest attempt, of `slot` when given, else of any slot.
    public func lastNightlyRun(slot: String? = nil) throws -> NightlyRunRecord? {
        // One query for both cases: a NULL slot matches every slot.
        let statement = try connection.cached("""
            SELECT id, slot, as_of, attempt, started_at_ms, finished_at_ms, outcome, detail FROM nightly_runs
            WHERE ?1 IS NULL OR slot = ?1 ORDER BY id DESC LIMIT 1
            """)
        let values: [SQLValue] = [slot.map(SQLValue.text) ?? .null]
        return try statement.rows(values) {
            NightlyRunRecord(
                id: $0.int64(0), slot: $0.text(1), asOf: $0.text(2), attempt: Int($0.int64(3)), startedAtMilliseconds: $0.int64(4),
                finishedAtMilliseconds: $0.optionalInt64(5), outcome: NightlyRunRecord.Outcome(rawValue: $0.text(6)) ?? .failed,
                detail: $0.optionalText(7))
        }.first
    }

    /// The latest attempt that succeeded.
    public func lastSuccessfulNightlyRun() throws -> NightlyRunRecord? {
        try connection.cached("""
            SELECT id, slot, as_of, attempt, started_at_ms, finished_at_ms, outcome, detail
            FROM nightly_runs WHERE outcome = 'ok' ORDER BY slot DESC, id DESC LIMIT 1
            """).rows {
                NightlyRunRecord(
                    id: $0.int64(0), slot: $0.text(1), asOf: $0.text(2), attempt: Int($0.int64(3)), startedAtMilliseconds: $0.int64(4),
                    finishedAtMilliseconds: $0.optionalInt64(5), outcome: .ok, detail: $0.optionalText(7))
            }.first
    }
}
