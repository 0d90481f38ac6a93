import Foundation

/// Every number behind one agent's score for one as-of date: `callmeter score --explain AGENT`.
package struct ScoreExplanation: Sendable {
    /// One `overall` rating of the agent in the window, with each step of the model.
    package struct RatingLine: Sendable, Equatable {
        package let callID: String
        package let hotline: String
        /// Unix seconds, UTC.
        package let startedAt: Int64
        package let rating: Int
        /// The scale the rating was given on (the center's for ratings stored before each kept its own).
        package let scale: ClosedRange<Int>
        /// (rating − min) / (max − min) on `scale`.
        package let x: Double
        package let ageDays: Double
        /// 0.5 ^ (age / half-life), as used: the fixed-point weight divided by 2³².
        package let weight: Double
        /// m_h of the call's hotline.
        package let hotlineMean: Double
        /// x − m_h + m_all with the hotline adjustment, else x.
        package let adjusted: Double
    }

    /// A rating of another question than `overall`: stored and shown, not scored.
    package struct OtherRating: Sendable, Equatable {
        package let callID: String
        package let question: String
        package let rating: Int
    }

    package let agentID: String
    package let name: String?
    package let run: ScoreRun
    /// nil when the agent has no answered call in the window.
    package let row: ScoreRun.Row?
    /// Oldest first.
    package let ratings: [RatingLine]
    package let otherQuestions: [OtherRating]
    /// What the stored run of this as-of date says about the agent, if there is one.
    package let stored: StoredAgentScore?

    package var score: AgentScore? { row?.score }
}

extension Scoring {
    /// Recomputes the run for `asOf` (without storing it) and details one agent's score.
    package func explainScore(agentID: String, asOf: CalendarDate, rules: ScoringRules, center: CenterRules) throws -> ScoreExplanation {
        guard let key = try store.agentKey(agentID) else { throw ScoringError.unknownAgent(agentID) }
        let run = try score(asOf: asOf, rules: rules, center: center, store: false)
        let window = run.window
        let model = ScoringModel(rules: rules, window: window, ratingScale: center.ratingScale)
        let hotlineMeans = Dictionary(run.population.hotlines.map { ($0.name, $0.ratings.mean) }, uniquingKeysWith: { first, _ in first })
        let mAll = run.population.ratings.mean
        let arguments: StatementArguments = [":agent": .int(key), ":start": .int(window.start), ":end": .int(window.end)]
        let ratings = try connection.rows("""
            SELECT c.call_id, h.hotline, c.started_at, c.overall_rating, r.scale_min, r.scale_max
            FROM connected_calls c JOIN hotlines h ON h.id = c.hotline
            LEFT JOIN ratings r ON r.call = c.id AND r.question = 'overall'
            WHERE c.agent = :agent AND c.started_at >= :start AND c.started_at < :end AND c.overall_rating >= 0
            ORDER BY c.started_at, c.call_id
            """, arguments) { row in
                let hotline = try row.text("hotline")
                let startedAt = try row.int64("started_at")
                let rating = try row.int("overall_rating")
                let (low, high) = (try row.int("scale_min"), try row.int("scale_max"))
                let scale = try !row.isNull("scale_min") && low < high ? low...high : center.ratingScale
                let x = model.normalized(rating, on: scale)
                let mh = hotlineMeans[hotline] ?? mAll
                return ScoreExplanation.RatingLine(
                    callID: try row.text("call_id"), hotline: hotline, startedAt: startedAt, rating: rating, scale: scale, x: x,
                    ageDays: model.ageDays(startedAt: startedAt),
                    weight: Double(model.fixedWeight(startedAt: startedAt)) / ScoringModel.weightUnit,
                    hotlineMean: mh, adjusted: rules.adjustForHotline ? x - mh + mAll : x)
            }
        let others = try connection.rows("""
            SELECT c.call_id, r.question, r.rating
            FROM ratings r JOIN connected_calls c ON c.id = r.call
            WHERE c.agent = :agent AND c.started_at >= :start AND c.started_at < :end AND r.question <> 'overall'
            ORDER BY c.started_at, c.call_id, r.question
            """, arguments) { row in
                ScoreExplanation.OtherRating(
                    callID: try row.text("call_id"), question: try row.text("question"), rating: try row.int("rating"))
            }
        var stored: StoredAgentScore?
        if let found = try scoreRun(asOf: asOf) {
            stored = try storedScores(runs: [found], agentID: agentID).first
        }
        let row = run.rows.first { $0.score.agent == key }
        let name = try connection.firstRow("SELECT name FROM agents WHERE id = :agent", [":agent": .int(key)]) {
            try $0.optionalText("name")
        } ?? nil
        return ScoreExplanation(
            agentID: agentID, name: name, run: run, row: row, ratings: ratings, otherQuestions: others, stored: stored)
    }
}
