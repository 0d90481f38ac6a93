/// The native call detail record: one row per call.
struct CDRImporter: HeaderRowImporter, PipelinedRowImporter {
    static let requiredColumns = ["call_id", "hotline", "started_at", "ended_at", "disposition"]
    static let optionalColumns = [
        "agent_id", "answered_at", "talk_seconds", "hold_seconds", "wrap_seconds", "caller", "direction", "queue", "ended_by",
    ]
    /// Caller numbers are pseudonymised; a rejected row keeps them only masked.
    static let privateColumns = ["caller"]
    /// Kept in clear in a rejected row; `hotline` is not among them (an outbound row may hold the
    /// customer's number there).
    static let clearColumns = ["call_id", "agent_id", "started_at", "answered_at", "ended_at"]
    /// A call longer than a day is a broken clock, not a call.
    static let maxDurationSeconds: Int64 = 86_400
    /// Clocks and rounding can make talk time exceed the timestamps by up to this much.
    static let talkToleranceSeconds: Int64 = 1

    private let context: IngestContext
    private let columns: CDRColumns
    private let calls: CallRowWriter
    private var keys: KeyCache

    init(columns map: ColumnMap, context: IngestContext) throws {
        self.context = context
        columns = CDRColumns(
            callID: try map.required("call_id"), hotline: try map.required("hotline"), startedAt: try map.required("started_at"),
            endedAt: try map.required("ended_at"), disposition: try map.required("disposition"),
            agentID: map["agent_id"], answeredAt: map["answered_at"], talk: map["talk_seconds"], hold: map["hold_seconds"],
            wrap: map["wrap_seconds"], caller: map["caller"], direction: map["direction"], queue: map["queue"],
            endedBy: map["ended_by"])
        calls = try CallRowWriter(connection: context.connection)
        keys = KeyCache(connection: context.connection)
    }

    func makeParser() -> CDRRowParser {
        CDRRowParser(columns: columns, pseudonymizer: context.pseudonymizer)
    }

    mutating func store(_ call: CallRow, line: Int) throws(RowImportError) -> RowOutcome {
        do {
            if try calls.insert(call, batch: context.batchID, sourceLine: Int64(line), keys: &keys) { return .accepted }
        } catch {
            throw .database(error)
        }
        return try compareWithStored(call)
    }

    /// The call id is taken: the same content is a harmless duplicate, other content a conflict.
    private func compareWithStored(_ call: CallRow) throws(RowImportError) -> RowOutcome {
        let stored: StoredCall
        do {
            guard let found = try StoredCall.load(callID: call.callID, connection: context.connection) else {
                throw RowImportError.database(SQLiteError(extendedCode: 1, message: "call \(call.callID) vanished", sql: nil))
            }
            stored = found
        } catch let error as RowImportError {
            throw error
        } catch {
            throw .database(error)
        }
        let differences = stored.differences(from: call)
        if differences.isEmpty { return .duplicate }
        throw .rejected(RowRejection(
            column: columns.callID, field: "call_id",
            "conflicts with the call stored from \(stored.fileName) line \(stored.sourceLine) (differs in \(differences.joined(separator: ", ")))"))
    }

    mutating func finish(report: inout IngestReport) throws {
        try Self.attachPendingRatings(connection: context.connection, report: &report)
    }

    /// Ratings that arrived before their call now find it.
    static func attachPendingRatings(connection: Connection, report: inout IngestReport) throws {
        try connection.cached("""
            UPDATE ratings SET call = (SELECT c.id FROM calls c WHERE c.call_id = ratings.call_key)
            WHERE call IS NULL AND EXISTS (SELECT 1 FROM calls c WHERE c.call_id = ratings.call_key)
            """).run()
        report.ratingsAttached = connection.changes
        report.ratingsPending = Int(try connection.scalarInt("SELECT count(*) FROM ratings WHERE call IS NULL") ?? 0)
    }
}

/// Validates one native CDR row into a call that owns its values (stage one of the pipeline).
struct CDRRowParser: RowParser {
    let columns: CDRColumns
    let pseudonymizer: CallerPseudonymizer

    func parse(_ row: CSVReader) throws(RowImportError) -> CallRow {
        try CallRow(nativeRow: row, columns: columns, pseudonymizer: pseudonymizer)
    }
}

/// Where each CDR field sits in the file.
struct CDRColumns: Sendable {
    let callID, hotline, startedAt, endedAt, disposition: Int
    let agentID, answeredAt, talk, hold, wrap, caller, direction, queue, endedBy: Int?
}

/// Integer keys of agents and hotlines, created on first sight. Cached: a file names a few hundred
/// agents a million times.
struct KeyCache {
    let connection: Connection
    private var hotlines: [String: Int64] = [:]
    private var agents: [String: Int64] = [:]

    init(connection: Connection) { self.connection = connection }

    mutating func hotline(_ name: String) throws(SQLiteError) -> Int64 {
        try Self.key(
            of: name, in: &hotlines, connection, insert: "INSERT INTO hotlines (hotline) VALUES (?) ON CONFLICT (hotline) DO NOTHING",
            select: "SELECT id FROM hotlines WHERE hotline = ?")
    }

    mutating func agent(_ id: String) throws(SQLiteError) -> Int64 {
        // An agent seen in calls before the directory names it: a row without a name.
        try Self.key(
            of: id, in: &agents, connection, insert: "INSERT INTO agents (agent_id) VALUES (?) ON CONFLICT (agent_id) DO NOTHING",
            select: "SELECT id FROM agents WHERE agent_id = ?")
    }

    /// The cached key of `name`, else the key of its row, inserted by `insert` if missing.
    private static func key(
        of name: String, in cache: inout [String: Int64], _ connection: Connection, insert: String, select: String
    ) throws(SQLiteError) -> Int64 {
        if let key = cache[name] { return key }
        try connection.cached(insert).run([.text(name)])
        let key = try connection.scalarInt(select, [.text(name)]) ?? 0
        cache[name] = key
        return key
    }
}
