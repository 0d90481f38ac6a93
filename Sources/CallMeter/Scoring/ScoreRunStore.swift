import Foundation

/// Scoring runs in the database: `score_runs` (one per as-of date) and `agent_scores`.
public struct StoredScoreRun: Sendable, Equatable {
    public let id: Int64
    public let asOf: CalendarDate
    public let windowDays: Int
    /// Unix seconds, UTC: [start, end).
    public let windowStart: Int64
    public let windowEnd: Int64
    public let timeZone: String
    public let rulesSHA256: String
    public let agents: Int
    public let ratings: Int
    public let scoredAtMilliseconds: Int64
}

/// One agent's stored result in one run.
public struct StoredAgentScore: Sendable, Equatable {
    public let asOf: CalendarDate
    public let agentID: String
    public let name: String?
    public let calls: Int
    public let ratings: Int
    public let satisfied: Int
    public let wilsonTenths: Int?
    public let scoreTenths: Int?
    public let band: ScoreBand
    /// Shrunk rates of the rate components in tenths of a percent; nil when off.
    public let repeatTenths: Int?
    public let hangupTenths: Int?
    public var ringNoAnswerTenths: Int? = nil

    public var csatTenths: Int? {
        guard ratings > 0 else { return nil }
        return (satisfied * 2000 + ratings) / (2 * ratings)
    }
}

extension Store {
    /// Replaces the run of `run.window.asOf` (if any) with `run`, in one transaction; returns the
    /// new run id and whether an earlier run was replaced.
    func save(_ run: ScoreRun, scoredAtMilliseconds: Int64) throws -> (id: Int64, replaced: Bool) {
        let c = connection
        return try c.transaction {
            let asOf = run.window.asOf.description
            try c.cached("DELETE FROM score_runs WHERE as_of = ?").run([.text(asOf)])
            let replaced = c.changes > 0
            try c.cached("""
                INSERT INTO score_runs (as_of, window_days, window_start, window_end, time_zone, rules_sha256, agents, ratings, scored_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).run([
                    .text(asOf), .int(Int64(run.window.days)), .int(run.window.start), .int(run.window.end),
                    .text(run.window.timeZone.identifier), .text(run.rules.sha256), .int(Int64(run.rows.count)),
                    .int(Int64(run.population.ratings)), .int(scoredAtMilliseconds),
                ])
            let id = c.lastInsertRowID
            let insert = try c.cached("""
                INSERT INTO agent_scores (run, agent, calls, ratings, satisfied, wilson_tenths, score_tenths, band, repeat_tenths, hangup_tenths,
                                          ring_no_answer_tenths)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            func optional(_ value: Int?) -> SQLValue { value.map { .int(Int64($0)) } ?? .null }
            for row in run.rows {
                let s = row.score
                try insert.run([
                    .int(id), .int(s.agent), .int(Int64(s.calls)), .int(Int64(s.ratings)), .int(Int64(s.satisfied)),
                    optional(s.wilsonTenths), optional(s.scoreTenths), .text(s.band.rawValue),
                    optional(s.component(.repeatContact).map { roundedTenths($0.shrunkShare) }),
                    optional(s.component(.agentHangup).map { roundedTenths($0.shrunkShare) }),
                    optional(s.component(.ringNoAnswer).map { roundedTenths($0.shrunkShare) }),
                ])
            }
            return (id, replaced)
        }
    }

    /// The latest stored run before `date`, with its scores by agent key.
    func previousRun(before date: CalendarDate) throws -> (asOf: CalendarDate, scores: [Int64: Int])? {
        let c = connection
        guard let found = try c.cached("SELECT id, as_of FROM score_runs WHERE as_of < ? ORDER BY as_of DESC LIMIT 1")
            .rows([.text(date.description)], { ($0.int64(0), $0.text(1)) }).first,
            let asOf = CalendarDate(found.1)
        else { return nil }
        let scores = try c.cached("SELECT agent, score_tenths FROM agent_scores WHERE run = ? AND score_tenths IS NOT NULL")
            .rows([.int(found.0)]) { ($0.int64(0), Int($0.int64(1))) }
        return (asOf, Dictionary(scores, uniquingKeysWith: { first, _ in first }))
    }

    /// The last `count` stored runs, oldest first.
    public func scoreRuns(last count: Int) throws -> [StoredScoreRun] {
        try storedRuns(through: nil, exactly: nil, last: count).reversed()
    }

    /// The last `count` stored runs on or before `date`, oldest first.
    public func scoreRuns(last count: Int, through date: CalendarDate) throws -> [StoredScoreRun] {
        try storedRuns(through: date, exactly: nil, last: count).reversed()
    }

    /// The stored run of `asOf`, if there is one.
    public func scoreRun(asOf: CalendarDate) throws -> StoredScoreRun? {
        try storedRuns(through: nil, exactly: asOf, last: 1).first
    }

    /// The latest `count` runs (newest first), on or before `through` and of `exactly` when given.
    private func storedRuns(through: CalendarDate?, exactly: CalendarDate?, last count: Int) throws -> [StoredScoreRun] {
        try connection.cached("""
            SELECT id, as_of, window_days, window_start, window_end, time_zone, rules_sha256, agents, ratings, scored_at_ms
            FROM score_runs WHERE (?1 IS NULL OR as_of <= ?1) AND (?2 IS NULL OR as_of = ?2)
            ORDER BY as_of DESC LIMIT ?3
            """).rows([
                through.map { .text($0.description) } ?? .null, exactly.map { .text($0.description) } ?? .null,
                .int(Int64(max(count, 0))),
            ]) { s -> StoredScoreRun? in
                guard let asOf = CalendarDate(s.text(1)) else { return nil }
                return StoredScoreRun(
                    id: s.int64(0), asOf: asOf, windowDays: Int(s.int64(2)), windowStart: s.int64(3), windowEnd: s.int64(4),
                    timeZone: s.text(5), rulesSHA256: s.text(6), agents: Int(s.int64(7)), ratings: Int(s.int64(8)),
                    scoredAtMilliseconds: s.int64(9))
            }.compactMap { $0 }
    }

    /// Stored results of `runs`, for one agent or all; in run order, then by agent id.
    public func storedScores(runs: [StoredScoreRun], agentID: String? = nil) throws -> [StoredAgentScore] {
        if let agentID, try agentKey(agentID) == nil { throw ScoringError.unknownAgent(agentID) }
        let statement = try connection.cached("""
            SELECT a.agent_id, a.name, s.calls, s.ratings, s.satisfied, s.wilson_tenths, s.score_tenths, s.band,
                   s.repeat_tenths, s.hangup_tenths, s.ring_no_answer_tenths
            FROM agent_scores s JOIN agents a ON a.id = s.agent
            WHERE s.run = ?1 AND (?2 IS NULL OR a.agent_id = ?2)
            ORDER BY a.agent_id
            """)
        var result: [StoredAgentScore] = []
        for run in runs {
            result += try statement.rows([.int(run.id), agentID.map(SQLValue.text) ?? .null]) { s in
                func optional(_ column: Int32) -> Int? { s.optionalInt64(column).map { Int($0) } }
                return StoredAgentScore(
                    asOf: run.asOf, agentID: s.text(0), name: s.optionalText(1), calls: Int(s.int64(2)), ratings: Int(s.int64(3)),
                    satisfied: Int(s.int64(4)), wilsonTenths: optional(5), scoreTenths: optional(6),
                    band: ScoreBand(rawValue: s.text(7)) ?? .insufficient, repeatTenths: optional(8), hangupTenths: optional(9),
                    ringNoAnswerTenths: optional(10))
            }
        }
        return result
    }

    /// The store's key of an agent id.
    func agentKey(_ agentID: String) throws -> Int64? {
        try connection.scalarInt("SELECT id FROM agents WHERE agent_id = ?", [.text(agentID)])
    }

    /// Agent ids and names by key.
    func agentDirectory() throws -> [Int64: (id: String, name: String?)] {
        let rows = try connection.cached("SELECT id, agent_id, name FROM agents").rows { ($0.int64(0), (id: $0.text(1), name: $0.optionalText(2))) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}
