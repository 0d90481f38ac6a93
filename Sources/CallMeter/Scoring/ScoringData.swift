/// Reads what the model needs for one window from the store.
///
/// The main query reads calls in start-time order through the index `calls_started_at` and takes
/// each call's `overall` rating from its own row (`calls.overall_rating`, kept by triggers; -1 when
/// the call has none), so
/// one pass over the window's calls gives both the agents to score and their ratings.
///
/// Each rating keeps the scale it was given on (`ratings.scale_min`/`scale_max`; NULL for ratings
/// from before: the current scale). While every scale ratings were stored with (`rating_scales_seen`) is the
/// current one, that pass is all there is; otherwise it also joins each rating's scale.
extension Store {
    func scoringInput(window: ScoringWindow, rules: ScoringRules, ratingScale: ClosedRange<Int>) throws -> ScoringInput {
        let c = connection
        let otherScales = try c.scalarInt(
            "SELECT count(*) FROM rating_scales_seen WHERE scale_min <> ?1 OR scale_max <> ?2",
            [.int(Int64(ratingScale.lowerBound)), .int(Int64(ratingScale.upperBound))]) ?? 0
        let scan = try c.cached(otherScales == 0 ? """
            SELECT agent, hotline, started_at, overall_rating FROM calls
            WHERE started_at >= ?1 AND started_at < ?2 AND disposition IN ('answered', 'transferred') AND agent IS NOT NULL
            """ : """
            SELECT c.agent, c.hotline, c.started_at, c.overall_rating, r.scale_min, r.scale_max FROM calls c
            LEFT JOIN ratings r ON c.overall_rating >= 0 AND r.call = c.id AND r.question = 'overall'
            WHERE c.started_at >= ?1 AND c.started_at < ?2 AND c.disposition IN ('answered', 'transferred') AND c.agent IS NOT NULL
            """)
        let withScales = otherScales > 0
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
            var own: ClosedRange<Int>?
            if withScales && !scan.isNull(4) {
                let (low, high) = (Int(scan.int64(4)), Int(scan.int64(5)))
                // The table's CHECK keeps low < high and the rating inside; a scale equal to the
                // current one is said as nil, like the ratings from before.
                if low < high, (low...high) != ratingScale { own = low...high }
            }
            let scale = own ?? ratingScale
            guard value >= Int64(scale.lowerBound), value <= Int64(scale.upperBound) else {
                outside += 1
                continue
            }
            ratings.append(ScoringInput.RatedCall(
                agent: agent, hotline: scan.int64(1), startedAt: scan.int64(2), rating: Int(value), scale: own))
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
