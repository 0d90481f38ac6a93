/// Reading the ingested commitments and skills (`callmeter ingest commitments`, the directory's
/// `hotlines` column).
extension Capacity {
    /// The longest a stored commitment lasts: 24 wall-clock hours, 25 real hours over the night
    /// clocks go back.
    static let longestCommitmentSeconds: Int64 = 25 * 3600

    /// The committed intervals that overlap [`from`, `to`) (Unix seconds UTC), **clipped** to it,
    /// sorted by agent, then start.
    ///
    /// - Replacement: for each agent and local date, only the rows of the latest batch that has
    ///   rows for that agent and date are in force (a corrected file replaces the earlier one;
    ///   voiding it deletes its rows, so the earlier batch is in force again).
    /// - Merge: one agent's commitments never overlap in the result. Where they do in the data,
    ///   the time counts once, for the union of their hotlines (empty, every hotline, wins);
    ///   touching or overlapping pieces with the same hotlines become one interval.
    package func committedIntervals(from: Int64, to: Int64) throws -> [CommittedInterval] {
        guard from < to else { return [] }
        let rows = try connection.rows("""
            SELECT a.agent_id, c.starts_at, c.ends_at, c.hotlines
            FROM commitments c JOIN agents a ON a.id = c.agent
            WHERE c.starts_at >= :earliest AND c.starts_at < :to AND c.ends_at > :from
              AND c.batch = (SELECT max(l.batch) FROM commitments l WHERE l.agent = c.agent AND l.local_date = c.local_date)
            ORDER BY a.agent_id, c.starts_at, c.ends_at
            """, [":earliest": .int(from - Self.longestCommitmentSeconds), ":from": .int(from), ":to": .int(to)]) { row in
            CommittedInterval(
                agentID: try row.text("agent_id"), start: max(try row.int64("starts_at"), from), end: min(try row.int64("ends_at"), to),
                hotlines: HotlineList.numbers(stored: try row.text("hotlines")))
        }
        var merged: [CommittedInterval] = []
        var start = rows.startIndex
        while start < rows.endIndex {
            let agent = rows[start].agentID
            let end = rows[start...].firstIndex { $0.agentID != agent } ?? rows.endIndex
            merged += Self.merge(rows[start..<end])
            start = end
        }
        return merged
    }

    /// Agent id → the hotlines the agent may take (sorted), for agents whose directory row lists
    /// some; an agent absent from the result may take every hotline.
    package func skills() throws -> [String: [String]] {
        let rows = try connection.rows("SELECT agent_id, hotlines FROM agents WHERE hotlines IS NOT NULL AND hotlines <> ''") { row in
            (try row.text("agent_id"), HotlineList.numbers(stored: try row.optionalText("hotlines")))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// One agent's intervals made disjoint: each stretch between two boundaries gets the union of
    /// the hotlines of the intervals covering it (empty, every hotline, absorbs the rest), and
    /// neighbouring stretches with the same hotlines are joined.
    static func merge(_ intervals: some Collection<CommittedInterval>) -> [CommittedInterval] {
        guard let agent = intervals.first?.agentID else { return [] }
        let boundaries = Set(intervals.flatMap { [$0.start, $0.end] }).sorted()
        var result: [CommittedInterval] = []
        for (low, high) in zip(boundaries, boundaries.dropFirst()) {
            let covering = intervals.filter { $0.start <= low && $0.end >= high }
            guard !covering.isEmpty else { continue }
            let hotlines = covering.contains { $0.hotlines.isEmpty } ? [] : Set(covering.flatMap(\.hotlines)).sorted()
            if let last = result.last, last.end == low, last.hotlines == hotlines {
                result[result.count - 1].end = high
            } else {
                result.append(CommittedInterval(agentID: agent, start: low, end: high, hotlines: hotlines))
            }
        }
        return result
    }
}
