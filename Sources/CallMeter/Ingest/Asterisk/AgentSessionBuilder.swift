/// Logged-in and paused intervals of agents, rebuilt from all their queue_log events each time a
/// file brings new ones (so a file ingested late still closes the right interval).
///
/// - `logged_in`, queue '': AGENTLOGIN / AGENTCALLBACKLOGIN … AGENTLOGOFF / AGENTCALLBACKLOGOFF.
///   A logoff without its login (in a file not ingested yet) starts `logintime` seconds before
///   it when the event says so, else the start is unknown (NULL).
/// - `logged_in`, queue Q: ADDMEMBER … REMOVEMEMBER of Q (dynamic queue members).
/// - `paused`, queue Q: PAUSE … UNPAUSE of Q, or REMOVEMEMBER of Q; queue '': PAUSEALL … UNPAUSEALL.
/// A second opening event while an interval is open (a reload re-adds members) keeps the first
/// start. An interval still open has no end (NULL).
///
/// An UNPAUSE or UNPAUSEALL without its PAUSE opens nothing: Issabel and FreePBX write both right
/// after every ADDMEMBER of a member added unpaused, which is no pause at all. (A PAUSE in a file
/// ingested later is found then: the sessions are rebuilt from all events.) The reason of an
/// ADDMEMBER event is the member name it took (`QueueMemberNames`), not a session's reason.
enum AgentSessionBuilder {
    struct Session: Equatable {
        let kind: String
        let queue: String
        let startedAt: Int64?
        let endedAt: Int64?
        let reason: String?
    }

    struct Event {
        let queue: String
        let event: String
        let at: Int64
        let loginSeconds: Int64?
        let reason: String?
    }

    /// Replaces the sessions of `agents`; returns how many were stored.
    static func rebuild(agents: [Int64], connection: Connection) throws -> Int {
        var stored = 0
        let select = try connection.prepare("""
            SELECT queue, event, at, login_seconds, reason FROM agent_session_events WHERE agent = :agent ORDER BY at, id
            """)
        let insert = try connection.prepare("""
            INSERT INTO agent_sessions (agent, kind, queue, started_at, ended_at, reason)
            VALUES (:agent, :kind, :queue, :started_at, :ended_at, :reason)
            """)
        for agent in agents {
            try connection.cached("DELETE FROM agent_sessions WHERE agent = ?").run([.int(agent)])
            let events = try select.rows([":agent": .int(agent)]) { row in
                Event(queue: try row.text("queue"), event: try row.text("event"), at: try row.int64("at"),
                      loginSeconds: try row.optionalInt64("login_seconds"), reason: try row.optionalText("reason"))
            }
            for session in sessions(from: events) {
                try insert.run([
                    ":agent": .int(agent), ":kind": .text(session.kind), ":queue": .text(session.queue),
                    ":started_at": .int(session.startedAt), ":ended_at": .int(session.endedAt), ":reason": .text(session.reason),
                ])
                stored += 1
            }
        }
        return stored
    }

    /// The intervals of one agent's events, in time order.
    static func sessions(from events: [Event]) -> [Session] {
        struct Key: Hashable, Comparable {
            let kind: String
            let queue: String
            static func < (a: Key, b: Key) -> Bool { (a.kind, a.queue) < (b.kind, b.queue) }
        }
        var open: [Key: (start: Int64, reason: String?)] = [:]
        var result: [Session] = []
        func begin(_ key: Key, _ event: Event, reason: String?) {
            if open[key] == nil { open[key] = (event.at, reason) }
        }
        func end(_ key: Key, _ event: Event, unknownStart: Int64?, always: Bool = true) {
            if let started = open.removeValue(forKey: key) {
                result.append(Session(kind: key.kind, queue: key.queue, startedAt: started.start, endedAt: event.at, reason: started.reason))
            } else if always {
                result.append(Session(kind: key.kind, queue: key.queue, startedAt: unknownStart, endedAt: event.at, reason: nil))
            }
        }
        for event in events {
            let login = Key(kind: "logged_in", queue: "")
            switch event.event {
            case "AGENTLOGIN", "AGENTCALLBACKLOGIN": begin(login, event, reason: nil)
            case "AGENTLOGOFF", "AGENTCALLBACKLOGOFF": end(login, event, unknownStart: event.loginSeconds.map { event.at - $0 })
            case "ADDMEMBER": begin(Key(kind: "logged_in", queue: event.queue), event, reason: nil)
            case "REMOVEMEMBER":
                end(Key(kind: "logged_in", queue: event.queue), event, unknownStart: nil)
                end(Key(kind: "paused", queue: event.queue), event, unknownStart: nil, always: false)
            case "PAUSE": begin(Key(kind: "paused", queue: event.queue), event, reason: event.reason)
            case "UNPAUSE": end(Key(kind: "paused", queue: event.queue), event, unknownStart: nil, always: false)
            case "PAUSEALL": begin(Key(kind: "paused", queue: ""), event, reason: event.reason)
            case "UNPAUSEALL": end(Key(kind: "paused", queue: ""), event, unknownStart: nil, always: false)
            default: break
            }
        }
        for (key, started) in open.sorted(by: { $0.key < $1.key }) {
            result.append(Session(kind: key.kind, queue: key.queue, startedAt: started.start, endedAt: nil, reason: started.reason))
        }
        return result
    }
}
