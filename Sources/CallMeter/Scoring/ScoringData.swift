/// Reads what the model needs for one window from the store.
///
/// The main query reads calls in start-time order through the index `calls_started_at` and takes
/// each call's `overall` rating from its own row (`calls.overall_rating`, kept by triggers; -1 when
/// the call has none), so
/// one pass over the window's calls gives both the agents to score and their ratings.
extension Store {
    func scoringInput(window: ScoringWindow, rules: ScoringRules, ratingScale: ClosedRange<Int>) throws -> ScoringInput {
        let c = connection
        let scan = try c.cached("""
            SELECT agent, hotline, started_at, overall_rating FROM calls
            WHERE started_at >= ?1 AND started_at < ?2 AND disposition IN ('answered', 'transferred') AND agent IS NOT NULL
            """)
        try scan.bind([.int(window.start), .int(window.end)])
        defer { scan.reset() }
        var answered: [Int64: Int] = [:]
        var ratings: [ScoringInput.RatedCall] = []
        var outside = 0
        while try scan.step() {
            let agent = scan.int64(0)
            answered[agent, default: 0] += 1
            let value = scan.int64(3)
            guard value >= 0 else { continue }  // -1: no overall rating
            guard value >= Int64(ratingScale.lowerBound), value <= Int64(ratingScale.upperBound) else {
                outside += 1
                continue
            }
            ratings.append(ScoringInput.RatedCall(agent: agent, hotline: scan.int64(1), startedAt: scan.int64(2), rating: Int(value)))
        }
        if outside > 0 { throw ScoringError.ratingsOutsideScale(count: outside, scale: ratingScale) }

        let hotlineNames = Dictionary(
            try c.cached("SELECT id, hotline FROM hotlines").rows { ($0.int64(0), $0.text(1)) },
            uniquingKeysWith: { first, _ in first })
        var input = ScoringInput(
            window: window, ratingScale: ratingScale, answeredCalls: answered, ratings: ratings, hotlineNames: hotlineNames)
        if rules.weight(.repeatContact) > 0 {
            input.repeatContacts = try repeatContacts(window: window, hours: rules.repeatWindowHours)
        }
        if rules.weight(.agentHangup) > 0 {
            input.agentHangups = try agentHangups(window: window, shortCallSeconds: rules.shortCallSeconds)
        }
        if rules.weight(.ringNoAnswer) > 0 {
            input.ringNoAnswers = try ringNoAnswers(window: window)
        }
        return input
    }

    /// Per agent: inbound answered calls of the window with a known caller, and how many of them
    /// the same caller followed with another inbound call to the same hotline (any outcome)
    /// within `hours`. Follow-ups are looked for past the end of the window too.
    func repeatContacts(window: ScoringWindow, hours: Int) throws -> [Int64: ScoringInput.Counts] {
        let statement = try connection.cached("""
            SELECT agent, count(*), sum(next_start IS NOT NULL AND next_start - started_at <= ?3)
            FROM (
                SELECT agent, disposition, started_at,
                       lead(started_at) OVER (PARTITION BY caller_hash, hotline ORDER BY started_at, id) AS next_start
                FROM calls
                WHERE started_at >= ?1 AND started_at < ?2 + ?3 AND direction = 'inbound' AND caller_hash IS NOT NULL
            )
            WHERE started_at < ?2 AND disposition IN ('answered', 'transferred') AND agent IS NOT NULL
            GROUP BY agent
            """)
        let rows = try statement.rows([.int(window.start), .int(window.end), .int(Int64(hours) * 3600)]) {
            ($0.int64(0), ScoringInput.Counts(calls: Int($0.int64(1)), events: Int($0.int64(2))))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// Per agent: answered calls of the window whose `ended_by` is known, and how many of them the
    /// agent ended with at most `shortCallSeconds` of talk.
    func agentHangups(window: ScoringWindow, shortCallSeconds: Int) throws -> [Int64: ScoringInput.Counts] {
        let statement = try connection.cached("""
            SELECT agent, count(*), sum(ended_by = 'agent' AND talk_seconds <= ?3)
            FROM calls
            WHERE started_at >= ?1 AND started_at < ?2 AND disposition IN ('answered', 'transferred')
              AND agent IS NOT NULL AND ended_by IS NOT NULL
            GROUP BY agent
            """)
        let rows = try statement.rows([.int(window.start), .int(window.end), .int(Int64(shortCallSeconds))]) {
            ($0.int64(0), ScoringInput.Counts(calls: Int($0.int64(1)), events: Int($0.int64(2))))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// Per agent: queue calls offered in the window — rung out (RINGNOANSWER events) or answered
    /// from a queue (calls with a queue, answered or transferred) — and how many were rung out.
    func ringNoAnswers(window: ScoringWindow) throws -> [Int64: ScoringInput.Counts] {
        let statement = try connection.cached("""
            SELECT agent, sum(rung_out) + sum(answered), sum(rung_out)
            FROM (
                SELECT agent, 1 AS rung_out, 0 AS answered FROM ring_no_answers WHERE at >= ?1 AND at < ?2
                UNION ALL
                SELECT agent, 0, 1 FROM calls
                WHERE started_at >= ?1 AND started_at < ?2 AND disposition IN ('answered', 'transferred')
                  AND agent IS NOT NULL AND queue IS NOT NULL
            )
            GROUP BY agent
            """)
        let rows = try statement.rows([.int(window.start), .int(window.end)]) {
            ($0.int64(0), ScoringInput.Counts(calls: Int($0.int64(1)), events: Int($0.int64(2))))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}
