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
extension Scoring {
    func scoringInput(window: ScoringWindow, rules: ScoringRules, ratingScale: ClosedRange<Int>) throws -> ScoringInput {
        let c = connection
        let otherScales = try c.firstRow(
            "SELECT count(*) AS scales FROM rating_scales_seen WHERE scale_min <> :low OR scale_max <> :high",
            [":low": .int(ratingScale.lowerBound), ":high": .int(ratingScale.upperBound)]) { try $0.int("scales") } ?? 0
        let withScales = otherScales > 0
        let scan = try c.cached(withScales ? """
            SELECT c.agent, c.hotline, c.started_at, c.overall_rating, r.scale_min, r.scale_max FROM connected_calls c
            LEFT JOIN ratings r ON c.overall_rating >= 0 AND r.call = c.id AND r.question = 'overall'
            WHERE c.started_at >= :start AND c.started_at < :end AND c.agent IS NOT NULL
            """ : """
            SELECT agent, hotline, started_at, overall_rating FROM connected_calls
            WHERE started_at >= :start AND started_at < :end AND agent IS NOT NULL
            """)
        // The hot loop (every answered call of the window) reads columns by the positions their
        // names have, looked up once here.
        let agentColumn = try scan.columnIndex("agent")
        let hotlineColumn = try scan.columnIndex("hotline")
        let startedAtColumn = try scan.columnIndex("started_at")
        let ratingColumn = try scan.columnIndex("overall_rating")
        let scaleColumns = withScales ? (low: try scan.columnIndex("scale_min"), high: try scan.columnIndex("scale_max")) : nil
        var answered: [Int64: Int] = [:]
        var ratings: [ScoringInput.RatedCall] = []
        var outside = 0
        defer { scan.reset() }  // a statement left stepping would hold its read snapshot
        try scan.forEachRow([":start": .int(window.start), ":end": .int(window.end)]) { _ in
            let agent = scan.int64(agentColumn)
            answered[agent, default: 0] += 1
            let value = scan.int64(ratingColumn)
            guard value >= 0 else { return }  // -1: no overall rating
            var own: ClosedRange<Int>?
            if let scaleColumns, !scan.isNull(scaleColumns.low) {
                let (low, high) = (Int(scan.int64(scaleColumns.low)), Int(scan.int64(scaleColumns.high)))
                // The table's CHECK keeps low < high and the rating inside; a scale equal to the
                // current one is said as nil, like the ratings from before.
                if low < high, (low...high) != ratingScale { own = low...high }
            }
            let scale = own ?? ratingScale
            guard value >= Int64(scale.lowerBound), value <= Int64(scale.upperBound) else {
                outside += 1
                return
            }
            ratings.append(ScoringInput.RatedCall(
                agent: agent, hotline: scan.int64(hotlineColumn), startedAt: scan.int64(startedAtColumn), rating: Int(value), scale: own))
        }
        if outside > 0 { throw ScoringError.ratingsOutsideScale(count: outside, scale: ratingScale) }

        let hotlineNames = Dictionary(
            try c.rows("SELECT id, hotline FROM hotlines") { (try $0.int64("id"), try $0.text("hotline")) },
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
        if rules.weight(.adherence) > 0 {
            input.adherence = try adherence(window: window)
        }
        return input
    }

    /// Per agent: inbound answered calls of the window with a known caller, and how many of them
    /// the same caller followed with another inbound call to the same hotline (any outcome)
    /// within `hours`. Follow-ups are looked for past the end of the window too.
    ///
    /// The inner query reads every call (a follow-up of any outcome counts); the outer one keeps
    /// the window's connected calls by their ids (SQLite builds the id list once, from the
    /// `started_at` index).
    func repeatContacts(window: ScoringWindow, hours: Int) throws -> [Int64: ScoringInput.Counts] {
        try countsByAgent("""
            SELECT agent, count(*) AS calls, sum(next_start IS NOT NULL AND next_start - started_at <= :within) AS events
            FROM (
                SELECT id, agent, started_at,
                       lead(started_at) OVER (PARTITION BY caller_hash, hotline ORDER BY started_at, id) AS next_start
                FROM calls
                WHERE started_at >= :start AND started_at < :end + :within AND direction = 'inbound' AND caller_hash IS NOT NULL
            )
            WHERE started_at < :end AND agent IS NOT NULL
              AND id IN (SELECT id FROM connected_calls WHERE started_at >= :start AND started_at < :end)
            GROUP BY agent
            """, [":start": .int(window.start), ":end": .int(window.end), ":within": .int(Int64(hours) * 3600)])
    }

    /// Per agent: answered calls of the window whose `ended_by` is known, and how many of them the
    /// agent ended with at most `shortCallSeconds` of talk.
    func agentHangups(window: ScoringWindow, shortCallSeconds: Int) throws -> [Int64: ScoringInput.Counts] {
        try countsByAgent("""
            SELECT agent, count(*) AS calls, sum(ended_by = 'agent' AND talk_seconds <= :short) AS events
            FROM connected_calls
            WHERE started_at >= :start AND started_at < :end AND agent IS NOT NULL AND ended_by IS NOT NULL
            GROUP BY agent
            """, [":start": .int(window.start), ":end": .int(window.end), ":short": .int(shortCallSeconds)])
    }

    /// Per agent: queue calls offered in the window — rung out (RINGNOANSWER events) or answered
    /// from a queue (calls with a queue, answered or transferred) — and how many were rung out.
    func ringNoAnswers(window: ScoringWindow) throws -> [Int64: ScoringInput.Counts] {
        try countsByAgent("""
            SELECT agent, sum(rung_out) + sum(answered) AS calls, sum(rung_out) AS events
            FROM (
                SELECT agent, 1 AS rung_out, 0 AS answered FROM ring_no_answers WHERE at >= :start AND at < :end
                UNION ALL
                SELECT agent, 0, 1 FROM connected_calls
                WHERE started_at >= :start AND started_at < :end AND agent IS NOT NULL AND queue IS NOT NULL
            )
            GROUP BY agent
            """, [":start": .int(window.start), ":end": .int(window.end)])
    }

    /// Rows of `agent`, `calls` and `events` by agent key.
    private func countsByAgent(_ sql: String, _ arguments: StatementArguments) throws -> [Int64: ScoringInput.Counts] {
        let rows = try connection.rows(sql, arguments) { row in
            (try row.int64("agent"), ScoringInput.Counts(calls: try row.int("calls"), events: try row.int("events")))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}
