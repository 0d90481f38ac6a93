extension Capacity {
    /// Who kept their commitments in `period` (local days in the center's zone, the syntax of
    /// `callmeter payroll`): see `adherence(from:to:now:)`.
    package func adherence(for period: PayPeriod, now: Int64) throws -> AdherenceReport {
        let (start, end) = period.bounds(in: timeZone)
        return try adherence(from: start, to: end, period: period.identifier, now: now)
    }

    /// Per agent with commitments or logged-in time in `[start, end)`: committed seconds, seconds
    /// logged in and not paused within the commitments, logged-in seconds outside them, and the
    /// no-shows (`AdherenceMaths`), from `committedIntervals` and the stored agent sessions
    /// (`StoredAgentSessions`; a session never closed ends at the agent's logoff or last event, never
    /// past `now`).
    ///
    /// An agent has session data when a `queue_log` brought logged-in sessions of theirs (at any
    /// time) and the store holds sessions touching the period at all; otherwise they are "no
    /// session data": an agent on a PBX whose `queue_log` is not imported, or a period the imported
    /// `queue_log`s do not reach, is never 0 %.
    package func adherence(from start: Int64, to end: Int64, period: String? = nil, now: Int64) throws -> AdherenceReport {
        let commitments = try committedIntervals(from: start, to: end)
        let stored = StoredAgentSessions(connection: connection, openUntil: now)
        let hasSessions = try stored.hasSessions()
        let sessions = hasSessions ? try stored.intervals(from: start, to: end) : []
        let withData = sessions.contains { $0.kind == .loggedIn } ? try stored.agentsWithSessions() : []
        let agents = AdherenceMaths.adherence(
            commitments: commitments, sessions: sessions, agentsWithSessionData: withData, window: start..<end, zone: timeZone)
        let names = Dictionary(try store.agentDirectory().values.map { ($0.id, $0.name ?? "") }, uniquingKeysWith: { first, _ in first })
        return AdherenceReport(
            period: period ?? "", start: start, end: end, timeZone: timeZone, hasSessionData: hasSessions, agents: agents, names: names)
    }
}
