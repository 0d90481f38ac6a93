/// Storing and finding weight runs.
extension RoutingDatabase {
    /// The run computed from scoring run `scoringRun` with exactly these inputs, if any.
    func weightRun(scoringRun: Int64, inputsSHA256: String) throws -> WeightRun? {
        let headers = try connection.cached("""
            SELECT id FROM weight_runs WHERE scoring_run = ? AND inputs_sha256 = ?
            """).rows([.int(scoringRun), .text(inputsSHA256)]) { $0.int64(0) }
        guard let id = headers.first else { return nil }
        return try weightRun(id: id)
    }

    func weightRun(id: Int64) throws -> WeightRun? {
        let headers = try connection.cached("""
            SELECT scoring_run, as_of, inputs_sha256, rules_sha256, computed_at FROM weight_runs WHERE id = ?
            """).rows([.int(id)]) { row in
                (scoringRun: row.int64(0), asOf: row.text(1), inputs: row.text(2), rules: row.text(3), computedAt: row.int64(4))
            }
        guard let header = headers.first else { return nil }
        let agents = try connection.cached("""
            SELECT a.agent_id, w.score_tenths, w.band, w.scored, w.previous, w.target, w.weight
            FROM weight_run_agents w JOIN agents a ON a.id = w.agent
            WHERE w.run = ?
            ORDER BY a.agent_id
            """).rows([.int(id)]) { row in
                WeightRun.Agent(
                    agentID: row.text(0), scoreTenths: row.optionalInt64(1).map { Int(clamping: $0) }, band: row.text(2),
                    scored: row.int64(3) != 0, previous: row.optionalInt64(4).map { Int(clamping: $0) },
                    target: Int(clamping: row.int64(5)), weight: Int(clamping: row.int64(6)))
            }
        return WeightRun(
            id: id, scoringRunID: header.scoringRun, asOf: header.asOf, inputsSHA256: header.inputs,
            rulesSHA256: header.rules, computedAt: header.computedAt, agents: agents)
    }

    /// Stores a computed run and returns it with its id. Call inside a transaction.
    func insert(_ run: WeightRun, directory: [String: DirectoryAgent]) throws -> WeightRun {
        try connection.cached("""
            INSERT INTO weight_runs (scoring_run, as_of, inputs_sha256, rules_sha256, computed_at) VALUES (?, ?, ?, ?, ?)
            """).run([.int(run.scoringRunID), .text(run.asOf), .text(run.inputsSHA256), .text(run.rulesSHA256), .int(run.computedAt)])
        let id = connection.lastInsertRowID
        let insert = try connection.cached("""
            INSERT INTO weight_run_agents (run, agent, score_tenths, band, scored, previous, target, weight)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for agent in run.agents {
            guard let row = directory[agent.agentID] else { throw RoutingError.unknownAgent(agent.agentID) }
            try insert.run([
                .int(id), .int(row.rowID), agent.scoreTenths.map { .int(Int64($0)) } ?? .null, .text(agent.band),
                .int(agent.scored ? 1 : 0), agent.previous.map { .int(Int64($0)) } ?? .null,
                .int(Int64(agent.target)), .int(Int64(agent.weight)),
            ])
        }
        return WeightRun(
            id: id, scoringRunID: run.scoringRunID, asOf: run.asOf, inputsSHA256: run.inputsSHA256,
            rulesSHA256: run.rulesSHA256, computedAt: run.computedAt, agents: run.agents)
    }

    /// The weight last published for each agent in a feed of a scoring run dated before `asOf`
    /// (the latest feed wins, rollbacks included: what the ACD was given last).
    func publishedWeights(before asOf: String) throws -> [String: Int] {
        let rows = try connection.cached("""
            SELECT a.agent_id, fa.weight
            FROM weight_feed_agents fa
            JOIN weight_feeds f ON f.version = fa.feed
            JOIN weight_runs r ON r.id = f.weight_run
            JOIN agents a ON a.id = fa.agent
            WHERE r.as_of < ?
            ORDER BY f.version
            """).rows([.text(asOf)]) { (agentID: $0.text(0), weight: Int(clamping: $0.int64(1))) }
        var latest: [String: Int] = [:]
        for row in rows { latest[row.agentID] = row.weight }
        return latest
    }

    /// The weight runs that weighed `agentRowID`, with the agent's line, oldest first.
    func weightRuns(agentRowID: Int64) throws -> [(runID: Int64, asOf: String, agent: WeightRun.Agent)] {
        try connection.cached("""
            SELECT r.id, r.as_of, a.agent_id, w.score_tenths, w.band, w.scored, w.previous, w.target, w.weight
            FROM weight_run_agents w JOIN weight_runs r ON r.id = w.run JOIN agents a ON a.id = w.agent
            WHERE w.agent = ? ORDER BY r.as_of, r.id
            """).rows([.int(agentRowID)]) { row in
                (row.int64(0), row.text(1), WeightRun.Agent(
                    agentID: row.text(2), scoreTenths: row.optionalInt64(3).map { Int(clamping: $0) }, band: row.text(4),
                    scored: row.int64(5) != 0, previous: row.optionalInt64(6).map { Int(clamping: $0) },
                    target: Int(clamping: row.int64(7)), weight: Int(clamping: row.int64(8))))
            }
    }
}
