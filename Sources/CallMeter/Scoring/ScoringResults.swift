/// What scoring hands to the parts that use its results: routing weighs the runs, payroll pays a
/// bonus by band. `Scoring` answers from its own tables; tests answer with `FixedScoringResults`.
package protocol ScoringResults {
    /// The run with the latest as-of date, or nil when there is none.
    func latestRun() throws -> ScoringRunSnapshot?
    /// The run of `asOf`, or nil when that date was not scored.
    func run(asOf: CalendarDate) throws -> ScoringRunSnapshot?
    /// The band of `agentID` (as in the agent directory) in the latest run whose as-of date is
    /// from `first` through `last` (a pay period: normally the nightly run of its last day); nil
    /// when no such run scored the agent.
    func band(agentID: String, scoredFrom first: CalendarDate, through last: CalendarDate) throws -> ScoreBand?
}

extension Scoring: ScoringResults {
    package func latestRun() throws -> ScoringRunSnapshot? {
        try snapshot(of: connection.firstRow("SELECT id, as_of FROM score_runs ORDER BY as_of DESC, id DESC LIMIT 1") { row in
            (id: try row.int64("id"), asOf: try row.text("as_of"))
        })
    }

    package func run(asOf: CalendarDate) throws -> ScoringRunSnapshot? {
        try snapshot(of: connection.firstRow(
            "SELECT id, as_of FROM score_runs WHERE as_of = :as_of ORDER BY id DESC LIMIT 1", [":as_of": .text(asOf.description)]
        ) { row in (id: try row.int64("id"), asOf: try row.text("as_of")) })
    }

    package func band(agentID: String, scoredFrom first: CalendarDate, through last: CalendarDate) throws -> ScoreBand? {
        try connection.firstRow("""
            SELECT s.band FROM agent_scores s
            JOIN score_runs r ON r.id = s.run
            JOIN agents a ON a.id = s.agent
            WHERE a.agent_id = :agent AND r.as_of >= :first AND r.as_of <= :last
            ORDER BY r.as_of DESC LIMIT 1
            """, [":agent": .text(agentID), ":first": .text(first.description), ":last": .text(last.description)]) { row in
                ScoreBand(rawValue: try row.text("band"))
            } ?? nil
    }

    /// The agents of the run `header` names, if any.
    private func snapshot(of header: (id: Int64, asOf: String)?) throws -> ScoringRunSnapshot? {
        guard let header, let asOf = CalendarDate(header.asOf) else { return nil }
        let agents = try connection.rows("""
            SELECT a.agent_id, s.score_tenths, s.band
            FROM agent_scores s JOIN agents a ON a.id = s.agent
            WHERE s.run = :run
            ORDER BY a.agent_id
            """, [":run": .int(header.id)]) { row in
                ScoringRunSnapshot.Agent(
                    agentID: try row.text("agent_id"), scoreTenths: try row.optionalInt64("score_tenths").map { Int(clamping: $0) },
                    band: ScoreBand(rawValue: try row.text("band")) ?? .insufficient)
            }
        return ScoringRunSnapshot(runID: header.id, asOf: asOf, agents: agents)
    }
}
