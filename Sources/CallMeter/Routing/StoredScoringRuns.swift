/// Scoring runs as the scoring part stores them, read for routing.
///
/// Reads exactly these tables and columns of the scoring schema (issue "quality scores"):
/// `score_runs(id, as_of)` — one run per local as-of date `YYYY-MM-DD` — and
/// `agent_scores(run, agent, score_tenths, band)`, where `agent` is `agents(id)` and
/// `score_tenths` is the score in tenths (NULL when the agent has none). When the database has no
/// `score_runs` table (no scoring has ever run on it), there are no runs.
struct StoredScoringRuns: ScoringRunSource {
    let connection: Connection

    func latestRun() throws -> ScoringRunSnapshot? {
        guard try hasScoringTables() else { return nil }
        let header = try connection.cached("SELECT id, as_of FROM score_runs ORDER BY as_of DESC, id DESC LIMIT 1")
            .rows { (id: $0.int64(0), asOf: $0.text(1)) }
        guard let run = header.first else { return nil }
        return try snapshot(id: run.id, asOf: run.asOf)
    }

    func run(asOf: String) throws -> ScoringRunSnapshot? {
        guard try hasScoringTables() else { return nil }
        let header = try connection.cached("SELECT id, as_of FROM score_runs WHERE as_of = ? ORDER BY id DESC LIMIT 1")
            .rows([.text(asOf)]) { (id: $0.int64(0), asOf: $0.text(1)) }
        guard let run = header.first else { return nil }
        return try snapshot(id: run.id, asOf: run.asOf)
    }

    private func snapshot(id: Int64, asOf: String) throws -> ScoringRunSnapshot {
        let agents = try connection.cached("""
            SELECT a.agent_id, s.score_tenths, s.band
            FROM agent_scores s JOIN agents a ON a.id = s.agent
            WHERE s.run = ?
            ORDER BY a.agent_id
            """).rows([.int(id)]) { row in
                ScoringRunSnapshot.Agent(agentID: row.text(0), scoreTenths: row.optionalInt64(1).map { Int(clamping: $0) }, band: row.text(2))
            }
        return ScoringRunSnapshot(runID: id, asOf: asOf, agents: agents)
    }

    private func hasScoringTables() throws -> Bool {
        try connection.scalarInt(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('score_runs', 'agent_scores')") == 2
    }
}
