/// The agent directory. Re-importing updates names and flags; a column that the file does not have
/// leaves that attribute as it was. `hotlines`: the agent's skills, `;`-separated hotline numbers
/// the agent may take (`HotlineList`); empty: every hotline. `asterisk_interface`: the agent's
/// app_queue member interface (`AsteriskInterface`); `queues`: the ACD queues the agent is a member
/// of (`ACDQueueList`); empty: in no queue.
struct AgentImporter: HeaderRowImporter {
    static let requiredColumns = ["agent_id", "name"]
    static let optionalColumns = ["sip_uri", "active", "started_on", "dispatch_set", "hotlines", "asterisk_interface", "queues"]
    static let maxNameBytes = 200
    /// Kept in clear in a rejected row: what describes the agent (the directory holds no customer
    /// data); unknown columns are masked.
    static let clearColumns = ["agent_id", "name", "sip_uri", "active", "started_on", "dispatch_set", "hotlines",
                                "asterisk_interface", "queues"]

    private let context: IngestContext
    private let agentID, name: Int
    private let sipURI, active, startedOn, dispatchSet, hotlines, asteriskInterface, queues: Int?
    private let upsert: Statement
    /// Keeps the row as it was before this batch, so that voiding the batch can put it back.
    private let recordBefore: Statement
    private var seen: [String: Int] = [:]

    init(columns map: ColumnMap, context: IngestContext) throws {
        self.context = context
        agentID = try map.required("agent_id")
        name = try map.required("name")
        sipURI = map["sip_uri"]
        active = map["active"]
        startedOn = map["started_on"]
        dispatchSet = map["dispatch_set"]
        hotlines = map["hotlines"]
        asteriskInterface = map["asterisk_interface"]
        queues = map["queues"]
        // :has_sip_uri … :has_dispatch_set say whether the file has that column at all.
        upsert = try context.connection.prepare("""
            INSERT INTO agents (agent_id, name, sip_uri, active, started_on, dispatch_set, in_directory, hotlines,
                                asterisk_interface, queues)
            VALUES (:agent_id, :name, :sip_uri, coalesce(:active, 1), :started_on, coalesce(:dispatch_set, 1), 1, :hotlines,
                    :asterisk_interface, :queues)
            ON CONFLICT (agent_id) DO UPDATE SET
                name = excluded.name,
                sip_uri = CASE WHEN :has_sip_uri THEN excluded.sip_uri ELSE agents.sip_uri END,
                active = CASE WHEN :has_active THEN excluded.active ELSE agents.active END,
                started_on = CASE WHEN :has_started_on THEN excluded.started_on ELSE agents.started_on END,
                dispatch_set = CASE WHEN :has_dispatch_set THEN excluded.dispatch_set ELSE agents.dispatch_set END,
                hotlines = CASE WHEN :has_hotlines THEN excluded.hotlines ELSE agents.hotlines END,
                asterisk_interface = CASE WHEN :has_asterisk_interface THEN excluded.asterisk_interface ELSE agents.asterisk_interface END,
                queues = CASE WHEN :has_queues THEN excluded.queues ELSE agents.queues END,
                in_directory = 1
            """)
        recordBefore = try context.connection.prepare("""
            INSERT OR IGNORE INTO agent_directory_before (batch, agent_id, existed, name, sip_uri, active, started_on, dispatch_set,
                                                          in_directory, hotlines, asterisk_interface, queues)
            SELECT :batch, :agent_id, 1, name, sip_uri, active, started_on, dispatch_set, in_directory, hotlines, asterisk_interface,
                   queues FROM agents
            WHERE agent_id = :agent_id
            UNION ALL
            SELECT :batch, :agent_id, 0, NULL, NULL, 1, NULL, 1, 0, NULL, NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM agents WHERE agent_id = :agent_id)
            """)
        try context.connection.cached("UPDATE batches SET agents_recorded = 1 WHERE id = ?").run([.int(context.batchID)])
    }

    mutating func importRow(_ row: CSVReader, line: Int) throws(RowImportError) -> RowOutcome {
        let f = FieldReader(row: row)
        let id = try f.required(agentID, "agent_id", maxBytes: NativeCall.maxNameBytes).string
        if let first = seen[id] {
            throw f.reject(agentID, "agent_id", "agent \(id) appears twice in this file (first on line \(first))")
        }
        let displayName = try f.required(name, "name", maxBytes: Self.maxNameBytes).string
        let uri = try f.optional(sipURI, "sip_uri", maxBytes: 256)?.string
        if let uri, !(uri.hasPrefix("sip:") || uri.hasPrefix("sips:")) {
            throw f.reject(sipURI, "sip_uri", "'\(uri)' is not a SIP URI (sip:… or sips:…)")
        }
        var activeFlag: Int64?
        if let text = f.optional(nonThrowing: active) {
            switch text.string.lowercased() {
            case "true", "1", "yes": activeFlag = 1
            case "false", "0", "no": activeFlag = 0
            default: throw f.reject(active, "active", "'\(displayText(text))' is not true or false")
            }
        }
        var started: String?
        if f.optional(nonThrowing: startedOn) != nil {
            started = Timestamp.formatDate(days: try f.parse(startedOn, "started_on", Timestamp.parseDate))
        }
        var set: Int64?
        if f.optional(nonThrowing: dispatchSet) != nil {
            let value = try f.parse(dispatchSet, "dispatch_set", parseNonNegativeInteger)
            guard (1...1_000_000).contains(value) else { throw f.reject(dispatchSet, "dispatch_set", "must be 1 to 1000000") }
            set = value
        }
        // Skills: sorted, distinct; empty is every hotline.
        var skills: String?
        if let text = f.optional(nonThrowing: hotlines) {
            switch HotlineList.parse(text.string) {
            case .success(let numbers): skills = HotlineList.stored(numbers)
            case .failure(let error): throw f.reject(hotlines, "hotlines", error.reason)
            }
        }
        let interface = try f.optional(asteriskInterface, "asterisk_interface", maxBytes: 256)?.string
        if let interface, let problem = AsteriskInterface.problem(interface) {
            throw f.reject(asteriskInterface, "asterisk_interface", problem)
        }
        // ACD queues: sorted, distinct; empty is no queue.
        var queueNames: String?
        if let text = f.optional(nonThrowing: queues) {
            switch ACDQueueList.parse(text.string) {
            case .success(let names): queueNames = ACDQueueList.stored(names)
            case .failure(let error): throw f.reject(queues, "queues", error.reason)
            }
        }
        do {
            try recordBefore.run([":batch": .int(context.batchID), ":agent_id": .text(id)])
            try upsert.run([
                ":agent_id": .text(id), ":name": .text(displayName), ":sip_uri": .text(uri), ":active": .int(activeFlag),
                ":started_on": .text(started), ":dispatch_set": .int(set),
                ":has_sip_uri": .bool(sipURI != nil), ":has_active": .bool(active != nil), ":has_started_on": .bool(startedOn != nil),
                ":has_dispatch_set": .bool(dispatchSet != nil), ":hotlines": .text(skills), ":has_hotlines": .bool(hotlines != nil),
                ":asterisk_interface": .text(interface), ":has_asterisk_interface": .bool(asteriskInterface != nil),
                ":queues": .text(queueNames), ":has_queues": .bool(queues != nil),
            ])
        } catch {
            throw .database(error)
        }
        seen[id] = line
        return .accepted
    }

    mutating func finish(report: inout IngestReport) throws {}
}
