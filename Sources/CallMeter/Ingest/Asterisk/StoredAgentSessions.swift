/// One logged-in or paused interval of an agent as stored in `agent_sessions` (built from an
/// Asterisk `queue_log` by `AgentSessionBuilder`), with the rule for open intervals applied.
package struct AgentSessionInterval: Sendable, Hashable {
    package enum Kind: String, Sendable {
        case loggedIn = "logged_in"
        case paused
    }

    package var agentID: String
    package var kind: Kind
    /// The queue the interval belongs to; '' when it is not tied to one queue (an agent login,
    /// a pause in all queues).
    package var queue: String
    /// Unix seconds UTC; `end > start` is not guaranteed (an open interval may end where it began).
    package var start: Int64
    package var end: Int64
    /// Never closed in the data: ended by the rule of `StoredAgentSessions`.
    package var open: Bool

    package init(agentID: String, kind: Kind, queue: String, start: Int64, end: Int64, open: Bool = false) {
        self.agentID = agentID
        self.kind = kind
        self.queue = queue
        self.start = start
        self.end = end
        self.open = open
    }

    package var range: Range<Int64> { start..<max(start, end) }
}

/// The agent sessions of an Asterisk `queue_log` (`agent_sessions`) as intervals, read the same
/// way by every part that needs them (the fairness report's logged-in time, adherence).
///
/// A session without a known start counts from the start of the period asked for. A session never
/// closed (ADDMEMBER without REMOVEMEMBER, a login without logoff, a PAUSE without UNPAUSE) is
/// "open": it ends at the agent's first logoff after its start or, failing that, at the agent's
/// last event (session event or end of a call), never past `openUntil` (now) nor the period's end.
/// Counting it to the end of the period would show an agent who logged off at 09:26 as logged in
/// for weeks.
struct StoredAgentSessions {
    let connection: Connection
    let openUntil: Int64

    /// Whether any logged-in session is stored at all.
    func hasSessions() throws -> Bool {
        let sessions = try connection.firstRow("SELECT count(*) AS sessions FROM agent_sessions WHERE kind = 'logged_in'") {
            try $0.int("sessions")
        }
        return (sessions ?? 0) > 0
    }

    /// The `agent_id`s of every agent with a logged-in session stored, at any time.
    func agentsWithSessions() throws -> Set<String> {
        Set(try connection.rows("""
            SELECT DISTINCT a.agent_id FROM agent_sessions s JOIN agents a ON a.id = s.agent WHERE s.kind = 'logged_in'
            """) { try $0.text("agent_id") })
    }

    /// The sessions touching `[start, end)` (not clipped to it), open ones ended as described above,
    /// by agent, kind and start.
    func intervals(from start: Int64, to end: Int64) throws -> [AgentSessionInterval] {
        try connection.rows("""
            SELECT agent_id, kind, queue, from_at, CASE WHEN is_open THEN min(to_at, :openUntil) ELSE to_at END AS capped, is_open FROM (
                SELECT a.agent_id, s.kind, s.queue, coalesce(s.started_at, :from) AS from_at, s.ended_at IS NULL AS is_open,
                       coalesce(s.ended_at,
                                (SELECT min(e.at) FROM agent_session_events e
                                 WHERE e.agent = s.agent AND e.event IN ('AGENTLOGOFF', 'AGENTCALLBACKLOGOFF')
                                   AND e.at >= s.started_at),
                                max(coalesce((SELECT max(e.at) FROM agent_session_events e WHERE e.agent = s.agent), s.started_at),
                                    coalesce((SELECT max(c.ended_at) FROM calls c WHERE c.agent = s.agent AND c.started_at >= s.started_at),
                                             s.started_at))) AS to_at
                FROM agent_sessions s JOIN agents a ON a.id = s.agent
                WHERE s.kind IN ('logged_in', 'paused') AND coalesce(s.started_at, :from) < :to
            )
            WHERE capped > :from
            ORDER BY agent_id, kind, from_at, capped, queue
            """, [":from": .int(start), ":to": .int(end), ":openUntil": .int(min(openUntil, end))]) { row in
                AgentSessionInterval(
                    agentID: try row.text("agent_id"), kind: try row.text("kind") == "paused" ? .paused : .loggedIn,
                    queue: try row.text("queue"), start: try row.int64("from_at"), end: try row.int64("capped"), open: try row.bool("is_open"))
            }
    }

    /// Per agent, the union of the logged-in sessions, clipped to `[start, end)`.
    func loggedIn(from start: Int64, to end: Int64) throws -> [String: TimeRanges] {
        let sessions = try intervals(from: start, to: end).filter { $0.kind == .loggedIn }
        return Dictionary(grouping: sessions, by: \.agentID).mapValues { TimeRanges($0.map(\.range)).clipped(to: start..<end) }
    }
}
