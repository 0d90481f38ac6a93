import Foundation

/// Scoring runs in the database: `score_runs` (one per as-of date) and `agent_scores`.
package struct StoredScoreRun: Sendable, Equatable {
    package let id: Int64
    package let asOf: CalendarDate
    package let windowDays: Int
    /// Unix seconds, UTC: [start, end).
    package let windowStart: Int64
    package let windowEnd: Int64
    package let timeZone: String
    package let rulesSHA256: String
    package let agents: Int
    package let ratings: Int
    package let scoredAtMilliseconds: Int64
}

/// One agent's stored result in one run.
package struct StoredAgentScore: Sendable, Equatable {
    package let asOf: CalendarDate
    package let agentID: String
    package let name: String?
    package let calls: Int
    package let ratings: Int
    package let satisfied: Int
    package let wilsonTenths: Int?
    package let scoreTenths: Int?
    package let band: ScoreBand
    /// Shrunk rates of the rate components in tenths of a percent; nil when off.
    package let repeatTenths: Int?
    package let hangupTenths: Int?
    package var ringNoAnswerTenths: Int? = nil

    package var csatTenths: Int? {
        guard ratings > 0 else { return nil }
        return (satisfied * 2000 + ratings) / (2 * ratings)
    }
}

extension Scoring {
    /// Replaces the run of `run.window.asOf` (if any) with `run`, in one transaction; returns the
    /// new run id and whether an earlier run was replaced.
    func save(_ run: ScoreRun, scoredAtMilliseconds: Int64) throws -> (id: Int64, replaced: Bool) {
        let c = connection
        return try c.transaction {
            let asOf = run.window.asOf.description
            try c.run("DELETE FROM score_runs WHERE as_of = :as_of", [":as_of": .text(asOf)])
            let replaced = c.changes > 0
            try c.run("""
                INSERT INTO score_runs (as_of, window_days, window_start, window_end, time_zone, rules_sha256, agents, ratings, scored_at_ms)
                VALUES (:as_of, :window_days, :window_start, :window_end, :time_zone, :rules_sha256, :agents, :ratings, :scored_at_ms)
                """, [
                    ":as_of": .text(asOf), ":window_days": .int(run.window.days), ":window_start": .int(run.window.start),
                    ":window_end": .int(run.window.end), ":time_zone": .text(run.window.timeZone.identifier),
                    ":rules_sha256": .text(run.rules.sha256), ":agents": .int(run.rows.count),
                    ":ratings": .int(run.population.ratings.count), ":scored_at_ms": .int(scoredAtMilliseconds),
                ])
            let id = c.lastInsertRowID
            let insert = try c.cached("""
                INSERT INTO agent_scores (run, agent, calls, ratings, satisfied, wilson_tenths, score_tenths, band, repeat_tenths, hangup_tenths,
                                          ring_no_answer_tenths)
                VALUES (:run, :agent, :calls, :ratings, :satisfied, :wilson_tenths, :score_tenths, :band, :repeat_tenths, :hangup_tenths,
                        :ring_no_answer_tenths)
                """)
            for row in run.rows {
                let s = row.score
                try insert.run([
                    ":run": .int(id), ":agent": .int(s.agent), ":calls": .int(s.calls), ":ratings": .int(s.ratings),
                    ":satisfied": .int(s.satisfied), ":wilson_tenths": .int(s.wilsonTenths), ":score_tenths": .int(s.scoreTenths),
                    ":band": .text(s.band.rawValue),
                    ":repeat_tenths": .int(s.component(.repeatContact).map { roundedTenths($0.shrunkShare) }),
                    ":hangup_tenths": .int(s.component(.agentHangup).map { roundedTenths($0.shrunkShare) }),
                    ":ring_no_answer_tenths": .int(s.component(.ringNoAnswer).map { roundedTenths($0.shrunkShare) }),
                ])
            }
            if let integrity = run.integrity { try saveIntegrity(integrity, run: id) }
            return (id, replaced)
        }
    }

    /// The latest stored run before `date`, with its scores by agent key.
    func previousRun(before date: CalendarDate) throws -> (asOf: CalendarDate, scores: [Int64: Int])? {
        let c = connection
        guard let found = try c.firstRow(
            "SELECT id, as_of FROM score_runs WHERE as_of < :date ORDER BY as_of DESC LIMIT 1", [":date": .text(date.description)],
            { (id: try $0.int64("id"), asOf: try $0.text("as_of")) }),
            let asOf = CalendarDate(found.asOf)
        else { return nil }
        let scores = try c.rows(
            "SELECT agent, score_tenths FROM agent_scores WHERE run = :run AND score_tenths IS NOT NULL", [":run": .int(found.id)]
        ) { (try $0.int64("agent"), try $0.int("score_tenths")) }
        return (asOf, Dictionary(scores, uniquingKeysWith: { first, _ in first }))
    }

    /// The last `count` stored runs, oldest first.
    package func scoreRuns(last count: Int) throws -> [StoredScoreRun] {
        try storedRuns(through: nil, exactly: nil, last: count).reversed()
    }

    /// The last `count` stored runs on or before `date`, oldest first.
    package func scoreRuns(last count: Int, through date: CalendarDate) throws -> [StoredScoreRun] {
        try storedRuns(through: date, exactly: nil, last: count).reversed()
    }

    /// The stored run of `asOf`, if there is one.
    package func scoreRun(asOf: CalendarDate) throws -> StoredScoreRun? {
        try storedRuns(through: nil, exactly: asOf, last: 1).first
    }

    /// The latest `count` runs (newest first), on or before `through` and of `exactly` when given.
    private func storedRuns(through: CalendarDate?, exactly: CalendarDate?, last count: Int) throws -> [StoredScoreRun] {
        try connection.rows("""
            SELECT id, as_of, window_days, window_start, window_end, time_zone, rules_sha256, agents, ratings, scored_at_ms
            FROM score_runs WHERE (:through IS NULL OR as_of <= :through) AND (:exactly IS NULL OR as_of = :exactly)
            ORDER BY as_of DESC LIMIT :count
            """, [
                ":through": .text(through?.description), ":exactly": .text(exactly?.description), ":count": .int(max(count, 0)),
            ]) { row -> StoredScoreRun? in
                guard let asOf = CalendarDate(try row.text("as_of")) else { return nil }
                return StoredScoreRun(
                    id: try row.int64("id"), asOf: asOf, windowDays: try row.int("window_days"),
                    windowStart: try row.int64("window_start"), windowEnd: try row.int64("window_end"),
                    timeZone: try row.text("time_zone"), rulesSHA256: try row.text("rules_sha256"), agents: try row.int("agents"),
                    ratings: try row.int("ratings"), scoredAtMilliseconds: try row.int64("scored_at_ms"))
            }.compactMap { $0 }
    }

    /// Stored results of `runs`, for one agent or all; in run order, then by agent id.
    package func storedScores(runs: [StoredScoreRun], agentID: String? = nil) throws -> [StoredAgentScore] {
        if let agentID, try store.agentKey(agentID) == nil { throw ScoringError.unknownAgent(agentID) }
        let statement = try connection.cached("""
            SELECT a.agent_id, a.name, s.calls, s.ratings, s.satisfied, s.wilson_tenths, s.score_tenths, s.band,
                   s.repeat_tenths, s.hangup_tenths, s.ring_no_answer_tenths
            FROM agent_scores s JOIN agents a ON a.id = s.agent
            WHERE s.run = :run AND (:agent IS NULL OR a.agent_id = :agent)
            ORDER BY a.agent_id
            """)
        var result: [StoredAgentScore] = []
        for run in runs {
            result += try statement.rows([":run": .int(run.id), ":agent": .text(agentID)]) { row in
                StoredAgentScore(
                    asOf: run.asOf, agentID: try row.text("agent_id"), name: try row.optionalText("name"), calls: try row.int("calls"),
                    ratings: try row.int("ratings"), satisfied: try row.int("satisfied"),
                    wilsonTenths: try row.optionalInt("wilson_tenths"), scoreTenths: try row.optionalInt("score_tenths"),
                    band: ScoreBand(rawValue: try row.text("band")) ?? .insufficient, repeatTenths: try row.optionalInt("repeat_tenths"),
                    hangupTenths: try row.optionalInt("hangup_tenths"), ringNoAnswerTenths: try row.optionalInt("ring_no_answer_tenths"))
            }
        }
        return result
    }
}
