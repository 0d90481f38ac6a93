/// Logged-in time of agents, for the fairness report (occupancy, earnings per logged-in hour).
///
/// Sessions come from the PBX (Asterisk `queue_log` AGENTLOGIN/AGENTLOGOFF, ADDMEMBER/REMOVEMEMBER,
/// stored in `agent_sessions`; see `StoredAgentSessions`): a source answers with the seconds each
/// agent was logged in between two instants, sessions clipped to the period.
package protocol AgentSessionSource {
    /// Logged-in seconds per agent id within `[start, end)` (Unix seconds), or nil when there is no
    /// session data at all (as opposed to agents with zero seconds).
    func loggedInSeconds(from start: Int64, to end: Int64) throws -> [String: Int64]?
    /// Per agent id, how many of the sessions counted in `[start, end)` were never closed in the
    /// data (counted to the agent's logoff or last event instead).
    func openSessions(from start: Int64, to end: Int64) throws -> [String: Int]
}

extension AgentSessionSource {
    /// A source that only knows closed sessions.
    package func openSessions(from start: Int64, to end: Int64) throws -> [String: Int] { [:] }
}

/// No session data: the fairness report says so instead of guessing.
package struct NoAgentSessions: AgentSessionSource {
    package init() {}
    package func loggedInSeconds(from start: Int64, to end: Int64) throws -> [String: Int64]? { nil }
}
