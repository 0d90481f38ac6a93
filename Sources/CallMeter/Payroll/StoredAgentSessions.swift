/// Logged-in time from the agent sessions of an Asterisk `queue_log` (`agent_sessions`, kind
/// `logged_in`). An agent logged into several queues at once has overlapping intervals: their
/// union counts, once. A session without a known start counts from the period's start.
///
/// A session never closed (ADDMEMBER without REMOVEMEMBER, a login without logoff) is "open": it
/// ends at the agent's first logoff after its start or, failing that, at the agent's last event
/// (session event or end of a call), never past `openUntil` (now) nor the period's end. Counting it
/// to the end of the period would show an agent who logged off at 09:26 as logged in for weeks.
struct StoredAgentSessions: AgentSessionSource {
    let connection: Connection
    let openUntil: Int64

    func loggedInSeconds(from start: Int64, to end: Int64) throws -> [String: Int64]? {
        guard try hasSessions() else { return nil }
        var seconds: [String: Int64] = [:]
        var current: (agent: String, from: Int64, to: Int64)?
        func close() {
            if let current { seconds[current.agent, default: 0] += current.to - current.from }
        }
        for session in try sessions(from: start, to: end) {
            let from = max(session.from, start), to = min(session.to, end)
            guard to > from else { continue }
            if let open = current, open.agent == session.agent, from <= open.to {
                current = (session.agent, open.from, max(open.to, to))
            } else {
                close()
                current = (session.agent, from, to)
            }
        }
        close()
        return seconds
    }

    func openSessions(from start: Int64, to end: Int64) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for session in try sessions(from: start, to: end) where session.open {
            counts[session.agent, default: 0] += 1
        }
        return counts
    }

    private func hasSessions() throws -> Bool {
        let sessions = try connection.firstRow("SELECT count(*) AS sessions FROM agent_sessions WHERE kind = 'logged_in'") {
            try $0.int("sessions")
        }
        return (sessions ?? 0) > 0
    }

    /// The logged-in sessions touching `[start, end)`, open ones ended as described above, by agent
    /// and start.
    private func sessions(from start: Int64, to end: Int64) throws -> [(agent: String, from: Int64, to: Int64, open: Bool)] {
        try connection.rows("""
            SELECT agent_id, from_at, CASE WHEN is_open THEN min(to_at, :openUntil) ELSE to_at END AS capped, is_open FROM (
                SELECT a.agent_id, coalesce(s.started_at, :from) AS from_at, s.ended_at IS NULL AS is_open,
                       coalesce(s.ended_at,
                                (SELECT min(e.at) FROM agent_session_events e
                                 WHERE e.agent = s.agent AND e.event IN ('AGENTLOGOFF', 'AGENTCALLBACKLOGOFF')
                                   AND e.at >= s.started_at),
                                max(coalesce((SELECT max(e.at) FROM agent_session_events e WHERE e.agent = s.agent), s.started_at),
                                    coalesce((SELECT max(c.ended_at) FROM calls c WHERE c.agent = s.agent AND c.started_at >= s.started_at),
                                             s.started_at))) AS to_at
                FROM agent_sessions s JOIN agents a ON a.id = s.agent
                WHERE s.kind = 'logged_in' AND coalesce(s.started_at, :from) < :to
            )
            WHERE capped > :from
            ORDER BY agent_id, from_at, capped
            """, [":from": .int(start), ":to": .int(end), ":openUntil": .int(min(openUntil, end))]) {
                (agent: try $0.text("agent_id"), from: try $0.int64("from_at"), to: try $0.int64("capped"), open: try $0.bool("is_open"))
            }
    }
}
