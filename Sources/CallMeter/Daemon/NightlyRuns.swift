/// One attempt of the nightly job, as recorded in `nightly_runs`.
package struct NightlyRunRecord: Sendable, Equatable {
    package enum Outcome: String, Sendable {
        case running, ok, failed, interrupted
    }

    package let id: Int64
    /// The local date (`YYYY-MM-DD`) whose nightly time the attempt belongs to.
    package let slot: String
    /// The local date the job computed up to: the day before `slot`.
    package let asOf: String
    /// 1 for the first attempt of a slot, 2 for its first retry, …
    package let attempt: Int
    /// Unix milliseconds, UTC.
    package let startedAtMilliseconds: Int64
    package let finishedAtMilliseconds: Int64?
    package let outcome: Outcome
    /// What the job reported, or why it failed.
    package let detail: String?
}

extension NightlyRunRecord {
    /// A `nightly_runs` row read by column name (an unknown outcome reads as failed).
    init(row: Row) throws {
        self.init(
            id: try row.int64("id"), slot: try row.text("slot"), asOf: try row.text("as_of"), attempt: try row.int("attempt"),
            startedAtMilliseconds: try row.int64("started_at_ms"), finishedAtMilliseconds: try row.optionalInt64("finished_at_ms"),
            outcome: Outcome(rawValue: try row.text("outcome")) ?? .failed, detail: try row.optionalText("detail"))
    }
}

extension DaemonRecords {
    /// Records the start of an attempt and returns its id.
    package func beginNightlyRun(slot: String, asOf: String, attempt: Int, atMilliseconds now: Int64) throws -> Int64 {
        try connection.run("""
            INSERT INTO nightly_runs (slot, as_of, attempt, started_at_ms, outcome) VALUES (:slot, :as_of, :attempt, :now, 'running')
            """, [":slot": .text(slot), ":as_of": .text(asOf), ":attempt": .int(attempt), ":now": .int(now)])
        return connection.lastInsertRowID
    }

    package func finishNightlyRun(id: Int64, outcome: NightlyRunRecord.Outcome, detail: String?, atMilliseconds now: Int64) throws {
        try connection.run("UPDATE nightly_runs SET outcome = :outcome, detail = :detail, finished_at_ms = :now WHERE id = :id",
                           [":outcome": .text(outcome.rawValue), ":detail": .text(detail), ":now": .int(now), ":id": .int(id)])
    }

    /// Attempts left 'running' by a daemon that was killed become 'interrupted'. Returns how many.
    package func markInterruptedNightlyRuns(atMilliseconds now: Int64) throws -> Int {
        try connection.run("""
            UPDATE nightly_runs SET outcome = 'interrupted', finished_at_ms = :now,
                detail = 'the daemon stopped before the job finished'
            WHERE outcome = 'running'
            """, [":now": .int(now)])
        return connection.changes
    }

    /// The latest attempt, of `slot` when given, else of any slot.
    package func lastNightlyRun(slot: String? = nil) throws -> NightlyRunRecord? {
        // One query for both cases: a NULL slot matches every slot.
        try connection.firstRow("""
            SELECT id, slot, as_of, attempt, started_at_ms, finished_at_ms, outcome, detail FROM nightly_runs
            WHERE :slot IS NULL OR slot = :slot ORDER BY id DESC LIMIT 1
            """, [":slot": .text(slot)]) { try NightlyRunRecord(row: $0) }
    }

    /// The latest attempt that succeeded.
    package func lastSuccessfulNightlyRun() throws -> NightlyRunRecord? {
        try connection.firstRow("""
            SELECT id, slot, as_of, attempt, started_at_ms, finished_at_ms, outcome, detail
            FROM nightly_runs WHERE outcome = 'ok' ORDER BY slot DESC, id DESC LIMIT 1
            """) { try NightlyRunRecord(row: $0) }
    }
}
