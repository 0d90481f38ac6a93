/// Logged-in time of agents, for the fairness report (occupancy, earnings per logged-in hour).
///
/// Sessions come from the PBX (Asterisk `queue_log` AGENTLOGIN/AGENTLOGOFF, ADDMEMBER/REMOVEMEMBER),
/// which CallMeter does not import yet. When it does, a source answers with the seconds each agent
/// was logged in between two instants, sessions clipped to the period:
///
/// ```sql
/// SELECT a.agent_id, sum(min(s.ended_at, :end) - max(s.started_at, :start))
/// FROM agent_sessions s JOIN agents a ON a.id = s.agent
/// WHERE s.started_at < :end AND s.ended_at > :start
/// GROUP BY a.agent_id
/// ```
public protocol AgentSessionSource {
    /// Logged-in seconds per agent id within `[start, end)` (Unix seconds), or nil when there is no
    /// session data at all (as opposed to agents with zero seconds).
    func loggedInSeconds(from start: Int64, to end: Int64) throws -> [String: Int64]?
}

/// No session data: the fairness report says so instead of guessing.
public struct NoAgentSessions: AgentSessionSource {
    public init() {}
    public func loggedInSeconds(from start: Int64, to end: Int64) throws -> [String: Int64]? { nil }
}
