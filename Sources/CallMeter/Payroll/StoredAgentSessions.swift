/// Logged-in time from the agent sessions of an Asterisk `queue_log` (`agent_sessions`, kind
/// `logged_in`). An agent logged into several queues at once has overlapping intervals: their
/// union counts, once. A session without a known start counts from the period's start; one still
/// open counts up to `openUntil` (now), never past the period's end.
struct StoredAgentSessions: AgentSessionSource {
    let connection: Connection
    let openUntil: Int64

    func loggedInSeconds(from start: Int64, to end: Int64) throws -> [String: Int64]? {
        guard let any = try connection.scalarInt("SELECT count(*) FROM agent_sessions WHERE kind = 'logged_in'"), any > 0 else {
            return nil
        }
        let rows = try connection.cached("""
            SELECT a.agent_id, coalesce(s.started_at, ?1), coalesce(s.ended_at, ?3)
            FROM agent_sessions s JOIN agents a ON a.id = s.agent
            WHERE s.kind = 'logged_in' AND coalesce(s.started_at, ?1) < ?2 AND coalesce(s.ended_at, ?3) > ?1
            ORDER BY a.agent_id, 2, 3
            """).rows([.int(start), .int(end), .int(min(openUntil, end))]) { ($0.text(0), $0.int64(1), $0.int64(2)) }
        var seconds: [String: Int64] = [:]
        var current: (agent: String, from: Int64, to: Int64)?
        func close() {
            if let current { seconds[current.agent, default: 0] += current.to - current.from }
        }
        for (agent, rawFrom, rawTo) in rows {
            let from = max(rawFrom, start), to = min(rawTo, end)
            guard to > from else { continue }
            if let open = current, open.agent == agent, from <= open.to {
                current = (agent, open.from, max(open.to, to))
            } else {
                close()
                current = (agent, from, to)
            }
        }
        close()
        return seconds
    }
}
