/// Bands for the payroll bonus from the stored score runs: an agent's band is the one of the
/// latest run whose as-of date falls inside the pay period (normally the nightly run of its last
/// day). No run inside the period: no band, so no bonus — a bonus is never paid on a score from
/// another period.
struct StoredScoreBands: PayrollBandSource {
    let connection: Connection

    func band(agentID: String, period: PayPeriod) throws -> String? {
        let statement = try connection.cached("""
            SELECT s.band FROM agent_scores s
            JOIN score_runs r ON r.id = s.run
            JOIN agents a ON a.id = s.agent
            WHERE a.agent_id = ? AND r.as_of >= ? AND r.as_of <= ?
            ORDER BY r.as_of DESC LIMIT 1
            """)
        let rows = try statement.rows([
            .text(agentID), .text(period.firstDay.description), .text(period.lastDay.description),
        ]) { $0.text(0) }
        return rows.first
    }
}
