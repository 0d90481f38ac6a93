import Foundation

/// One agent's survey integrity as a scoring run stored it (`score_integrity_*`).
package struct StoredAgentIntegrity: Sendable, Equatable {
    package let asOf: CalendarDate
    package let agentID: String
    package let name: String?
    package let calls: Int
    package let judged: Bool
    package let flags: [IntegrityFlag]
    /// Every measure; shares rounded to parts per million as stored.
    package let figures: [AgentIntegrity.Figure]

    package func figure(_ measure: IntegrityMeasure) -> AgentIntegrity.Figure? {
        figures.first { $0.measure == measure }
    }
}

extension Scoring {
    static func ppm(_ share: Double?) -> Int64? {
        share.map { Int64((min(max($0, 0), 1) * 1_000_000).rounded()) }
    }

    /// Writes `report` as run `run`'s integrity; called inside the run's transaction.
    func saveIntegrity(_ report: IntegrityReport, run: Int64) throws {
        let c = connection
        try c.run("""
            INSERT INTO score_integrity_runs (run, sigma_hundredths, minimum_calls, short_call_seconds)
            VALUES (:run, :sigma, :minimum_calls, :short_call_seconds)
            """, [
                ":run": .int(run), ":sigma": .int(Int64((report.rules.sigma * 100).rounded())),
                ":minimum_calls": .int(report.rules.minimumCalls), ":short_call_seconds": .int(report.rules.shortCallSeconds),
            ])
        let agent = try c.cached("""
            INSERT INTO score_integrity_agents (run, agent, calls, judged, flags) VALUES (:run, :agent, :calls, :judged, :flags)
            """)
        let measure = try c.cached("""
            INSERT INTO score_integrity_measures (run, agent, measure, events, n, expected_ppm, lower_ppm, upper_ppm)
            VALUES (:run, :agent, :measure, :events, :n, :expected, :lower, :upper)
            """)
        for row in report.rows {
            let i = row.integrity
            try agent.run([
                ":run": .int(run), ":agent": .int(i.agent), ":calls": .int(i.calls), ":judged": .bool(i.judged),
                ":flags": .text(i.flags.map(\.flag.rawValue).joined(separator: ",")),
            ])
            for f in i.figures {
                try measure.run([
                    ":run": .int(run), ":agent": .int(i.agent), ":measure": .text(f.measure.rawValue), ":events": .int(f.events), ":n": .int(f.n),
                    ":expected": .int(Self.ppm(f.expected)), ":lower": .int(Self.ppm(f.lower)), ":upper": .int(Self.ppm(f.upper)),
                ])
            }
        }
    }

    /// The `sigma` `run`'s integrity limits were computed with; nil for a run stored before
    /// integrity was kept.
    package func storedIntegritySigma(run: StoredScoreRun) throws -> Double? {
        try connection.firstRow("SELECT sigma_hundredths FROM score_integrity_runs WHERE run = :run", [":run": .int(run.id)]) {
            Double(try $0.int("sigma_hundredths")) / 100
        }
    }

    /// The integrity stored with `runs`, for one agent or all; in run order, then by agent id.
    /// Runs stored before integrity was kept have none.
    package func storedIntegrity(runs: [StoredScoreRun], agentID: String? = nil) throws -> [StoredAgentIntegrity] {
        let agents = try connection.cached("""
            SELECT a.agent_id, a.name, i.agent, i.calls, i.judged, i.flags
            FROM score_integrity_agents i JOIN agents a ON a.id = i.agent
            WHERE i.run = :run AND (:agent IS NULL OR a.agent_id = :agent)
            ORDER BY a.agent_id
            """)
        let measures = try connection.cached("""
            SELECT agent, measure, events, n, expected_ppm, lower_ppm, upper_ppm FROM score_integrity_measures WHERE run = :run
            """)
        func share(_ ppm: Int64?) -> Double? { ppm.map { Double($0) / 1_000_000 } }
        var result: [StoredAgentIntegrity] = []
        for run in runs {
            var figures: [Int64: [AgentIntegrity.Figure]] = [:]
            for (agent, figure) in try measures.rows([":run": .int(run.id)], { row -> (Int64, AgentIntegrity.Figure?) in
                guard let measure = IntegrityMeasure(rawValue: try row.text("measure")) else { return (0, nil) }
                return (try row.int64("agent"), AgentIntegrity.Figure(
                    measure: measure, events: try row.int("events"), n: try row.int("n"), expected: share(try row.optionalInt64("expected_ppm")),
                    lower: share(try row.optionalInt64("lower_ppm")), upper: share(try row.optionalInt64("upper_ppm"))))
            }) {
                if let figure { figures[agent, default: []].append(figure) }
            }
            result += try agents.rows([":run": .int(run.id), ":agent": .text(agentID)]) { row in
                let key = try row.int64("agent")
                let flags = try row.text("flags").split(separator: ",").compactMap { IntegrityFlag(rawValue: String($0)) }
                return StoredAgentIntegrity(
                    asOf: run.asOf, agentID: try row.text("agent_id"), name: try row.optionalText("name"), calls: try row.int("calls"),
                    judged: try row.bool("judged"), flags: flags, figures: (figures[key] ?? []).sorted { $0.measure < $1.measure })
            }
        }
        return result
    }
}
