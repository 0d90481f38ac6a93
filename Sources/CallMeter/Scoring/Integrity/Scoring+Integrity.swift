import Foundation

/// Survey integrity for one window: every agent with a connected call, assessed, listed by how far
/// outside its limits it is.
package struct IntegrityReport: Sendable {
    package struct Row: Sendable, Equatable {
        package let agentID: String
        package let name: String?
        package let integrity: AgentIntegrity
    }

    package let window: ScoringWindow
    package let rules: IntegrityRules
    /// Judged agents by distance (largest first), then the agents not judged; ties by agent id.
    package let rows: [Row]
    /// Hotline numbers by key, for the hotline mix.
    package let hotlineNames: [Int64: String]

    package func row(agentID: String) -> Row? { rows.first { $0.agentID == agentID } }

    /// Judged agents first, by distance, largest first; then by agent id.
    static func sorted(_ rows: [Row]) -> [Row] {
        rows.sorted { a, b in
            if a.integrity.judged != b.integrity.judged { return a.integrity.judged }
            if a.integrity.distance != b.integrity.distance { return a.integrity.distance > b.integrity.distance }
            return a.agentID < b.agentID
        }
    }
}

extension Scoring {
    /// Survey integrity of the scoring window ending with `asOf` (window and time zone as the
    /// score's); reads only. Throws `ScoringError.noData` when no connected call started in it.
    package func integrity(asOf: CalendarDate, scoring: ScoringRules, integrity rules: IntegrityRules, center: CenterRules) throws -> IntegrityReport {
        let window = ScoringWindow(asOf: asOf, days: scoring.windowDays, timeZone: center.timeZone)
        let report = try integrity(window: window, rules: rules, ratingScale: center.ratingScale)
        guard !report.rows.isEmpty else {
            throw ScoringError.noData(asOf: asOf, firstDay: window.firstDay, timeZone: center.timeZone.identifier)
        }
        return report
    }

    func integrity(window: ScoringWindow, rules: IntegrityRules, ratingScale: ClosedRange<Int>) throws -> IntegrityReport {
        let assessed = IntegrityModel(rules: rules).assess(try integrityCounts(window: window, rules: rules, ratingScale: ratingScale))
        let directory = try store.agentDirectory()
        let hotlineNames = Dictionary(
            try connection.rows("SELECT id, hotline FROM hotlines") { (try $0.int64("id"), try $0.text("hotline")) },
            uniquingKeysWith: { first, _ in first })
        let rows = assessed.map { integrity in
            let entry = directory[integrity.agent]
            return IntegrityReport.Row(agentID: entry?.id ?? "#\(integrity.agent)", name: entry?.name, integrity: integrity)
        }
        return IntegrityReport(window: window, rules: rules, rows: IntegrityReport.sorted(rows), hotlineNames: hotlineNames)
    }

    /// Per agent and hotline: the window's connected calls and the counts of every measure, in
    /// one grouped pass. A rating is at the top or bottom of its own scale (`ratings.scale_min`,
    /// `scale_max`; NULL: the current scale); the join to the ratings is made only when a rating
    /// was stored on another scale than the current one, as scoring does.
    func integrityCounts(window: ScoringWindow, rules: IntegrityRules, ratingScale: ClosedRange<Int>) throws -> [Int64: [Int64: IntegrityCounts]] {
        let c = connection
        let otherScales = try c.firstRow(
            "SELECT count(*) AS scales FROM rating_scales_seen WHERE scale_min <> :low OR scale_max <> :high",
            [":low": .int(ratingScale.lowerBound), ":high": .int(ratingScale.upperBound)]) { try $0.int("scales") } ?? 0
        let sql = otherScales > 0 ? """
            SELECT c.agent, c.hotline, count(*) AS calls, sum(c.overall_rating >= 0) AS rated,
                   sum(c.ended_by IS NOT NULL) AS end_known, sum(c.ended_by = 'agent') AS agent_ended,
                   sum(c.disposition = 'transferred') AS transferred, sum(c.talk_seconds < :short) AS short,
                   sum(c.overall_rating >= 0 AND c.overall_rating = coalesce(r.scale_max, :high)) AS top_rated,
                   sum(c.overall_rating >= 0 AND c.overall_rating = coalesce(r.scale_min, :low)) AS bottom_rated
            FROM connected_calls c
            LEFT JOIN ratings r ON c.overall_rating >= 0 AND r.call = c.id AND r.question = 'overall'
            WHERE c.started_at >= :start AND c.started_at < :end AND c.agent IS NOT NULL
            GROUP BY c.agent, c.hotline
            """ : """
            SELECT agent, hotline, count(*) AS calls, sum(overall_rating >= 0) AS rated,
                   sum(ended_by IS NOT NULL) AS end_known, sum(ended_by = 'agent') AS agent_ended,
                   sum(disposition = 'transferred') AS transferred, sum(talk_seconds < :short) AS short,
                   sum(overall_rating = :high) AS top_rated, sum(overall_rating = :low) AS bottom_rated
            FROM connected_calls
            WHERE started_at >= :start AND started_at < :end AND agent IS NOT NULL
            GROUP BY agent, hotline
            """
        var counts: [Int64: [Int64: IntegrityCounts]] = [:]
        for (agent, hotline, row) in try c.rows(sql, [
            ":start": .int(window.start), ":end": .int(window.end), ":short": .int(rules.shortCallSeconds),
            ":low": .int(ratingScale.lowerBound), ":high": .int(ratingScale.upperBound),
        ], { row in
            (try row.int64("agent"), try row.int64("hotline"), IntegrityCounts(
                calls: try row.int("calls"), rated: try row.int("rated"), endKnown: try row.int("end_known"),
                agentEnded: try row.int("agent_ended"), transferred: try row.int("transferred"), short: try row.int("short"),
                topRated: try row.int("top_rated"), bottomRated: try row.int("bottom_rated")))
        }) {
            counts[agent, default: [:]][hotline] = row
        }
        return counts
    }
}
