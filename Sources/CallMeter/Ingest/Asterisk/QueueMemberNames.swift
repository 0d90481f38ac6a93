/// The agent behind a queue member's name in the queue_log.
///
/// Asterisk writes ADDMEMBER and REMOVEMEMBER with the member's interface (`SIP/1001`) unless
/// `log_membername_as_agent` is set, but PAUSE, UNPAUSE, CONNECT, COMPLETE… and RINGNOANSWER with
/// the member's name (`Sathish`), which the PBX lets change from one login to the next (Issabel and
/// FreePBX hot-desking: five names on SIP/1001 in four months). Stock ADDMEMBER data is only
/// `PAUSED` or empty, so the name is learnt from the pause events Asterisk writes for the new member
/// in the same second, right after the ADDMEMBER (FreePBX's login adds the member, then unpauses it).
///
/// From then until the interface's REMOVEMEMBER of that queue (or its next ADDMEMBER there under
/// another name), events under the name are the interface's agent's. The name is kept with its
/// ADDMEMBER in `agent_session_events.reason` (unused for ADDMEMBER otherwise), so that a session
/// spanning a log rotation resolves in the next file too, provided the files are ingested oldest
/// first. A name listed in `agents` of `asterisk.json` is that agent, always (checked before).
///
/// A name taken by a second interface while still on the first is a warning, not a merge: its
/// events go to the interface that took it last.
struct QueueMemberNames {
    struct Binding: Equatable {
        let agent: String
        let queue: String
        let from: Int64
        var to: Int64?
    }

    private let connection: Connection
    /// Bindings of each name met in this file: those stored before (read on first use) and the
    /// ones this file made.
    private var bindings: [String: [Binding]] = [:]
    /// The names with an open binding on an interface in a queue (`agent`, 0x1F, `queue`), so that
    /// a REMOVEMEMBER looks at those only.
    private var openNames: [String: Set<String>] = [:]
    /// The last ADDMEMBER of an interface, waiting for its name in the same second.
    private var pending: (agent: String, agentKey: Int64, queue: String, at: Int64)?
    private(set) var warnings: [String] = []
    private var warned: Set<String> = []

    init(connection: Connection) { self.connection = connection }

    /// An interface (`SIP/1001`, `Local/1001@agents`) rather than a member name: it names a channel
    /// technology.
    static func isInterface(_ field: String) -> Bool { field.utf8.contains(UInt8(ascii: "/")) }

    /// The events that follow a new member's ADDMEMBER in the same second and carry its name.
    static func namesMember(_ event: String) -> Bool { ["UNPAUSEALL", "UNPAUSE", "PAUSEALL", "PAUSE"].contains(event) }

    /// An interface joined `queue`; its name may follow.
    mutating func added(agent: String, agentKey: Int64, queue: String, at: Int64) {
        pending = (agent, agentKey, queue, at)
    }

    /// An interface left `queue`: the name it carried there is free again.
    mutating func removed(agent: String, queue: String, at: Int64) {
        close(agent: agent, queue: queue, at: at)
        if let pending, pending.agent == agent, pending.queue == queue { self.pending = nil }
    }

    /// A pause event under `name` at `at`: when it follows an ADDMEMBER of the same second that has
    /// no name yet, the name is that interface's from now on.
    mutating func learn(name: String, at: Int64, line: Int) throws {
        guard let new = pending, new.at == at, new.agent != name else { return }
        pending = nil
        var known = try load(name)
        // Known already: the same file, or one overlapping it, ingested before.
        if known.contains(where: { $0.agent == new.agent && $0.queue == new.queue && $0.from == at }) { return }
        for other in known where other.agent != new.agent && other.from <= at && (other.to ?? .max) >= at {
            let key = "\(name)\u{1F}\(other.agent)\u{1F}\(new.agent)"
            if warned.insert(key).inserted {
                warnings.append(
                    "line \(line): the member name '\(name)' is on agent \(other.agent)'s interface and on agent \(new.agent)'s at once: "
                        + "its events go to \(new.agent), which took it last; nothing is merged (give each member its own name, or "
                        + "name the agent in \"agents\" of \(AsteriskRules.fileName))")
            }
        }
        // The interface's earlier name in this queue ends here (a REMOVEMEMBER the log lost).
        close(agent: new.agent, queue: new.queue, at: at)
        known = bindings[name] ?? known
        known.append(Binding(agent: new.agent, queue: new.queue, from: at, to: nil))
        openNames[Self.key(new.agent, new.queue), default: []].insert(name)
        bindings[name] = known
        try connection.cached("""
            UPDATE agent_session_events SET reason = :name
            WHERE agent = :agent AND queue = :queue AND event = 'ADDMEMBER' AND at = :at AND reason IS NULL
            """).run([":name": .text(name), ":agent": .int(new.agentKey), ":queue": .text(new.queue), ":at": .int(at)])
    }

    /// The agent whose interface carries `name` at `at`; nil when none does.
    mutating func agent(of name: String, at: Int64) throws -> String? {
        let covering = try load(name).filter { $0.from <= at && (($0.to ?? .max) >= at) }
        return covering.max { ($0.from, $0.agent) < ($1.from, $1.agent) }?.agent
    }

    private static func key(_ agent: String, _ queue: String) -> String { "\(agent)\u{1F}\(queue)" }

    private mutating func close(agent: String, queue: String, at: Int64) {
        let key = Self.key(agent, queue)
        for name in openNames.removeValue(forKey: key) ?? [] {
            guard var list = bindings[name] else { continue }
            var stillOpen = false
            for index in list.indices where list[index].agent == agent && list[index].queue == queue && list[index].to == nil {
                // One that starts later came from a newer file ingested before this one: not this removal's.
                if list[index].from <= at { list[index].to = at } else { stillOpen = true }
            }
            bindings[name] = list
            if stillOpen { openNames[key, default: []].insert(name) }
        }
    }

    /// The bindings of `name` stored by earlier files (and earlier rows of this one).
    private mutating func load(_ name: String) throws -> [Binding] {
        if let known = bindings[name] { return known }
        let found = try connection.cached("""
            SELECT a.agent_id, e.queue, e.at,
                   (SELECT min(r.at) FROM agent_session_events r
                    WHERE r.agent = e.agent AND r.queue = e.queue AND (r.at > e.at OR (r.at = e.at AND r.id > e.id))
                      AND (r.event = 'REMOVEMEMBER' OR (r.event = 'ADDMEMBER' AND r.reason IS NOT NULL AND r.reason <> e.reason)))
                   AS removed_at
            FROM agent_session_events e JOIN agents a ON a.id = e.agent
            WHERE e.event = 'ADDMEMBER' AND e.reason = :name
            ORDER BY e.at, e.id
            """).rows([":name": .text(name)]) { row in
                Binding(agent: try row.text("agent_id"), queue: try row.text("queue"), from: try row.int64("at"),
                        to: try row.optionalInt64("removed_at"))
            }
        bindings[name] = found
        for binding in found where binding.to == nil { openNames[Self.key(binding.agent, binding.queue), default: []].insert(name) }
        return found
    }
}
