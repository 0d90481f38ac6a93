/// The one writer of `calls` rows: the native CDR importer and the Asterisk/FreeSWITCH call
/// rebuilders (legs, queue_log) insert (and replace) their calls through it, so the columns and their encoding
/// (dispositions, directions and `ended_by` by their stored names, the caller pseudonym as a blob)
/// are written in one place.
///
/// The statement's parameters are resolved by name once; each row then binds by position: the
/// native CDR import inserts a million rows in a loop.
struct CallRowWriter {
    private let connection: Connection
    private let insert: Statement
    private let parameters: ParameterPositions<Parameter>

    /// `insert`'s parameters.
    private enum Parameter: Int, CaseIterable {
        case callID, hotline, agent, startedAt, answeredAt, endedAt, disposition, talkSeconds, holdSeconds, wrapSeconds, callerHash,
             direction, queue, endedBy, batch, sourceLine
    }

    init(connection: Connection) throws(SQLiteError) {
        self.connection = connection
        // A call id stored before is left as it is: the caller compares it with the stored call.
        insert = try connection.prepare("""
            INSERT INTO calls (call_id, hotline, agent, started_at, answered_at, ended_at, disposition, talk_seconds,
                               hold_seconds, wrap_seconds, caller_hash, direction, queue, ended_by, batch, source_line)
            VALUES (:call_id, :hotline, :agent, :started_at, :answered_at, :ended_at, :disposition, :talk_seconds,
                    :hold_seconds, :wrap_seconds, :caller_hash, :direction, :queue, :ended_by, :batch, :source_line)
            ON CONFLICT (call_id) DO NOTHING
            """)
        parameters = try ParameterPositions(insert)
    }

    /// Inserts `row`, read at `sourceLine` of `batch`; false when its call id is stored already
    /// (nothing is written then).
    func insert(_ row: CallRow, batch: Int64, sourceLine: Int64, keys: inout KeyCache) throws -> Bool {
        try insert.bind(try keys.hotline(row.hotline), at: parameters[.hotline])
        try insert.bind(try row.agentID.map { id throws(SQLiteError) in try keys.agent(id) }, at: parameters[.agent])
        try insert.bind(row.startedAt, at: parameters[.startedAt])
        try insert.bind(row.answeredAt, at: parameters[.answeredAt])
        try insert.bind(row.endedAt, at: parameters[.endedAt])
        try insert.bind(row.disposition.storedName, at: parameters[.disposition])
        try insert.bind(row.talkSeconds, at: parameters[.talkSeconds])
        try insert.bind(row.holdSeconds, at: parameters[.holdSeconds])
        try insert.bind(row.wrapSeconds, at: parameters[.wrapSeconds])
        if let hash = row.callerHash { try insert.bind(pseudonym: hash, at: parameters[.callerHash]) } else { try insert.bindNull(at: parameters[.callerHash]) }
        try insert.bind(row.direction.storedName, at: parameters[.direction])
        if let ended = row.endedBy { try insert.bind(ended.storedName, at: parameters[.endedBy]) } else { try insert.bindNull(at: parameters[.endedBy]) }
        try insert.bind(batch, at: parameters[.batch])
        try insert.bind(sourceLine, at: parameters[.sourceLine])
        // Text is bound without copying: the strings outlive the step, and the statement is
        // reset right after stepping so SQLite keeps no pointer to them.
        var id = row.callID
        var queueName = row.queue
        try id.withUTF8 { id in
            try insert.bind(borrowedUTF8: id, at: parameters[.callID])
            if queueName == nil {
                try insert.bindNull(at: parameters[.queue])
                defer { insert.resetKeepingBindings() }
                try insert.step()
            } else {
                try queueName?.withUTF8 { name in
                    try insert.bind(borrowedUTF8: name, at: parameters[.queue])
                    defer { insert.resetKeepingBindings() }
                    try insert.step()
                }
            }
        }
        return connection.changes == 1
    }

    /// Replaces the stored row of `row.callID` (a call rebuilt from more data).
    func replace(_ row: CallRow, batch: Int64, sourceLine: Int64, keys: inout KeyCache) throws {
        try connection.cached("""
            UPDATE calls SET hotline = :hotline, agent = :agent, started_at = :started_at, answered_at = :answered_at,
                             ended_at = :ended_at, disposition = :disposition, talk_seconds = :talk_seconds,
                             hold_seconds = :hold_seconds, wrap_seconds = :wrap_seconds, caller_hash = :caller_hash,
                             direction = :direction, queue = :queue, ended_by = :ended_by, batch = :batch, source_line = :source_line
            WHERE call_id = :call_id
            """).run([
            ":call_id": .text(row.callID), ":hotline": .int(try keys.hotline(row.hotline)),
            ":agent": .int(try row.agentID.map { id throws(SQLiteError) in try keys.agent(id) }), ":started_at": .int(row.startedAt),
            ":answered_at": .int(row.answeredAt), ":ended_at": .int(row.endedAt), ":disposition": .text(row.disposition.rawValue),
            ":talk_seconds": .int(row.talkSeconds), ":hold_seconds": .int(row.holdSeconds), ":wrap_seconds": .int(row.wrapSeconds),
            ":caller_hash": row.callerHash.map { .blob($0.bytes) } ?? .null, ":direction": .text(row.direction.rawValue),
            ":queue": .text(row.queue), ":ended_by": .text(row.endedBy?.rawValue), ":batch": .int(batch), ":source_line": .int(sourceLine),
        ])
    }
}
