/// Storing and finding weight runs.
extension RoutingDatabase {
    /// An agent's line of a weight run, from the columns of `weight_run_agents` and its `agent_id`.
    private static func agent(_ row: Row) throws -> WeightRun.Agent {
        WeightRun.Agent(
            agentID: try row.text("agent_id"), scoreTenths: try row.optionalInt64("score_tenths").map { Int(clamping: $0) },
            band: try row.text("band"), scored: try row.bool("scored"),
            previous: try row.optionalInt64("previous").map { Int(clamping: $0) }, target: Int(clamping: try row.int64("target")),
            weight: Int(clamping: try row.int64("weight")))
    }

    /// The run computed from scoring run `scoringRun` with exactly these inputs, if any.
    func weightRun(scoringRun: Int64, inputsSHA256: String) throws -> WeightRun? {
        let found = try connection.firstRow("""
            SELECT id FROM weight_runs WHERE scoring_run = :scoring_run AND inputs_sha256 = :inputs_sha256
            """, [":scoring_run": .int(scoringRun), ":inputs_sha256": .text(inputsSHA256)]) { try $0.int64("id") }
        guard let id = found else { return nil }
        return try weightRun(id: id)
    }

    func weightRun(id: Int64) throws -> WeightRun? {
        let header = try connection.firstRow("""
            SELECT scoring_run, as_of, inputs_sha256, rules_sha256, computed_at FROM weight_runs WHERE id = :id
            """, [":id": .int(id)]) { row in
                (scoringRun: try row.int64("scoring_run"), asOf: try row.text("as_of"), inputs: try row.text("inputs_sha256"),
                 rules: try row.text("rules_sha256"), computedAt: try row.int64("computed_at"))
            }
        guard let header else { return nil }
        let agents = try connection.rows("""
            SELECT a.agent_id, w.score_tenths, w.band, w.scored, w.previous, w.target, w.weight
            FROM weight_run_agents w JOIN agents a ON a.id = w.agent
            WHERE w.run = :run
            ORDER BY a.agent_id
            """, [":run": .int(id)], Self.agent)
        return WeightRun(
            id: id, scoringRunID: header.scoringRun, asOf: header.asOf, inputsSHA256: header.inputs,
            rulesSHA256: header.rules, computedAt: header.computedAt, agents: agents)
    }

    /// Stores a computed run and returns it with its id. Call inside a transaction.
    func insert(_ run: WeightRun, directory: [String: DirectoryAgent]) throws -> WeightRun {
        try connection.run("""
            INSERT INTO weight_runs (scoring_run, as_of, inputs_sha256, rules_sha256, computed_at)
            VALUES (:scoring_run, :as_of, :inputs_sha256, :rules_sha256, :computed_at)
            """, [
                ":scoring_run": .int(run.scoringRunID), ":as_of": .text(run.asOf), ":inputs_sha256": .text(run.inputsSHA256),
                ":rules_sha256": .text(run.rulesSHA256), ":computed_at": .int(run.computedAt),
            ])
        let id = connection.lastInsertRowID
        let insert = try connection.cached("""
            INSERT INTO weight_run_agents (run, agent, score_tenths, band, scored, previous, target, weight)
            VALUES (:run, :agent, :score_tenths, :band, :scored, :previous, :target, :weight)
            """)
        for agent in run.agents {
            guard let row = directory[agent.agentID] else { throw RoutingError.unknownAgent(agent.agentID) }
            try insert.run([
                ":run": .int(id), ":agent": .int(row.rowID), ":score_tenths": .int(agent.scoreTenths), ":band": .text(agent.band),
                ":scored": .bool(agent.scored), ":previous": .int(agent.previous), ":target": .int(agent.target),
                ":weight": .int(agent.weight),
            ])
        }
        return WeightRun(
            id: id, scoringRunID: run.scoringRunID, asOf: run.asOf, inputsSHA256: run.inputsSHA256,
            rulesSHA256: run.rulesSHA256, computedAt: run.computedAt, agents: run.agents)
    }

    /// The weight last published for each agent in a feed of a scoring run dated before `asOf`
    /// (the latest feed wins, rollbacks included: what the ACD was given last).
    func publishedWeights(before asOf: String) throws -> [String: Int] {
        let rows = try connection.rows("""
            SELECT a.agent_id, fa.weight
            FROM weight_feed_agents fa
            JOIN weight_feeds f ON f.version = fa.feed
            JOIN weight_runs r ON r.id = f.weight_run
            JOIN agents a ON a.id = fa.agent
            WHERE r.as_of < :as_of
            ORDER BY f.version
            """, [":as_of": .text(asOf)]) { (agentID: try $0.text("agent_id"), weight: Int(clamping: try $0.int64("weight"))) }
        var latest: [String: Int] = [:]
        for row in rows { latest[row.agentID] = row.weight }
        return latest
    }

    /// The weight runs that weighed `agentRowID`, with the agent's line, oldest first.
    func weightRuns(agentRowID: Int64) throws -> [(runID: Int64, asOf: String, agent: WeightRun.Agent)] {
        try connection.rows("""
            SELECT r.id, r.as_of, a.agent_id, w.score_tenths, w.band, w.scored, w.previous, w.target, w.weight
            FROM weight_run_agents w JOIN weight_runs r ON r.id = w.run JOIN agents a ON a.id = w.agent
            WHERE w.agent = :agent ORDER BY r.as_of, r.id
            """, [":agent": .int(agentRowID)]) { row in
                (try row.int64("id"), try row.text("as_of"), try Self.agent(row))
            }
    }
}
