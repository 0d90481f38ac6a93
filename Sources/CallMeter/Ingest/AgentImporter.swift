/// The agent directory. Re-importing updates names and flags; a column that the file does not have
/// leaves that attribute as it was.
struct AgentImporter: HeaderRowImporter {
    static let requiredColumns = ["agent_id", "name"]
    static let optionalColumns = ["sip_uri", "active", "started_on", "dispatch_set"]
    static let maxNameBytes = 200
    /// Kept in clear in a rejected row: what describes the agent (the directory holds no customer
    /// data); unknown columns are masked.
    static let clearColumns = ["agent_id", "name", "sip_uri", "active", "started_on", "dispatch_set"]

    private let context: IngestContext
    private let agentID, name: Int
    private let sipURI, active, startedOn, dispatchSet: Int?
    private let upsert: Statement
    /// Keeps the row as it was before this batch, so that voiding the batch can put it back.
    private let recordBefore: Statement
    private var seen: [String: Int] = [:]

    init(columns map: ColumnMap, context: IngestContext) throws {
        self.context = context
        guard let agentID = map["agent_id"], let name = map["name"] else {
            throw IngestFileError.header(line: 1, column: 1, reason: "missing required columns")
        }
        self.agentID = agentID
        self.name = name
        sipURI = map["sip_uri"]
        active = map["active"]
        startedOn = map["started_on"]
        dispatchSet = map["dispatch_set"]
        // ?7 … ?10 say whether the file has that column at all.
        upsert = try context.connection.prepare("""
            INSERT INTO agents (agent_id, name, sip_uri, active, started_on, dispatch_set, in_directory)
            VALUES (?1, ?2, ?3, coalesce(?4, 1), ?5, coalesce(?6, 1), 1)
            ON CONFLICT (agent_id) DO UPDATE SET
                name = excluded.name,
                sip_uri = CASE WHEN ?7 THEN excluded.sip_uri ELSE agents.sip_uri END,
                active = CASE WHEN ?8 THEN excluded.active ELSE agents.active END,
                started_on = CASE WHEN ?9 THEN excluded.started_on ELSE agents.started_on END,
                dispatch_set = CASE WHEN ?10 THEN excluded.dispatch_set ELSE agents.dispatch_set END,
                in_directory = 1
            """)
        recordBefore = try context.connection.prepare("""
            INSERT OR IGNORE INTO agent_directory_before (batch, agent_id, existed, name, sip_uri, active, started_on, dispatch_set,
                                                          in_directory)
            SELECT ?1, ?2, 1, name, sip_uri, active, started_on, dispatch_set, in_directory FROM agents WHERE agent_id = ?2
            UNION ALL
            SELECT ?1, ?2, 0, NULL, NULL, 1, NULL, 1, 0 WHERE NOT EXISTS (SELECT 1 FROM agents WHERE agent_id = ?2)
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
        do {
            try recordBefore.run([.int(context.batchID), .text(id)])
            try upsert.run([
                .text(id), .text(displayName), uri.map(SQLValue.text) ?? .null, activeFlag.map(SQLValue.int) ?? .null,
                started.map(SQLValue.text) ?? .null, set.map(SQLValue.int) ?? .null,
                .int(sipURI == nil ? 0 : 1), .int(active == nil ? 0 : 1), .int(startedOn == nil ? 0 : 1), .int(dispatchSet == nil ? 0 : 1),
            ])
        } catch {
            throw .database(error)
        }
        seen[id] = line
        return .accepted
    }

    mutating func finish(report: inout IngestReport) throws {}
}
