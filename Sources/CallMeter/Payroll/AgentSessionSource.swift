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

/// The fairness report's logged-in time: the union of an agent's logged-in sessions (an agent in
/// several queues at once counts once), clipped to the period, open sessions ended by the rule of
/// `StoredAgentSessions`.
extension StoredAgentSessions: AgentSessionSource {
    func loggedInSeconds(from start: Int64, to end: Int64) throws -> [String: Int64]? {
        guard try hasSessions() else { return nil }
        return try loggedIn(from: start, to: end).mapValues(\.seconds).filter { $0.value > 0 }
    }

    func openSessions(from start: Int64, to end: Int64) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for session in try intervals(from: start, to: end) where session.kind == .loggedIn && session.open {
            counts[session.agentID, default: 0] += 1
        }
        return counts
    }
}
