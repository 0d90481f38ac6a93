/// The one writer of `calls` rows: the native CDR importer and the Asterisk/FreeSWITCH call
/// rebuilders (legs, queue_log) insert their calls through it, so the columns and their encoding
/// (dispositions, directions and `ended_by` by their stored names, the caller pseudonym as a blob)
/// are written in one place.
///
/// The statement's parameters are resolved by name once; each row then binds by position: the
/// native CDR import inserts a million rows in a loop.
struct CallRowWriter {
    /// A call in the shape of its row, with its hotline and agent as their integer keys.
    struct Values {
        var callID: String
        var hotline: Int64
        var agent: Int64?
        var startedAt: Int64
        var answeredAt: Int64?
        var endedAt: Int64
        var disposition: NativeCall.Disposition
        var talkSeconds: Int64
        var holdSeconds: Int64 = 0
        var wrapSeconds: Int64 = 0
        var callerHash: Pseudonym?
        var direction: NativeCall.Direction
        var queue: String?
        var endedBy: NativeCall.EndedBy?
        var batch: Int64
        var sourceLine: Int64
    }

    private let connection: Connection
    private let insert: Statement
    private let callID, hotline, agent, startedAt, answeredAt, endedAt, disposition, talkSeconds, holdSeconds,
        wrapSeconds, callerHash, direction, queue, endedBy, batch, sourceLine: Int32

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
        callID = try insert.parameterIndex(":call_id")
        hotline = try insert.parameterIndex(":hotline")
        agent = try insert.parameterIndex(":agent")
        startedAt = try insert.parameterIndex(":started_at")
        answeredAt = try insert.parameterIndex(":answered_at")
        endedAt = try insert.parameterIndex(":ended_at")
        disposition = try insert.parameterIndex(":disposition")
        talkSeconds = try insert.parameterIndex(":talk_seconds")
        holdSeconds = try insert.parameterIndex(":hold_seconds")
        wrapSeconds = try insert.parameterIndex(":wrap_seconds")
        callerHash = try insert.parameterIndex(":caller_hash")
        direction = try insert.parameterIndex(":direction")
        queue = try insert.parameterIndex(":queue")
        endedBy = try insert.parameterIndex(":ended_by")
        batch = try insert.parameterIndex(":batch")
        sourceLine = try insert.parameterIndex(":source_line")
    }

    /// Inserts `row`; false when its call id is stored already (nothing is written then).
    func insert(_ row: Values) throws -> Bool {
        try insert.bind(row.hotline, at: hotline)
        try insert.bind(row.agent, at: agent)
        try insert.bind(row.startedAt, at: startedAt)
        try insert.bind(row.answeredAt, at: answeredAt)
        try insert.bind(row.endedAt, at: endedAt)
        try insert.bind(row.disposition.storedName, at: disposition)
        try insert.bind(row.talkSeconds, at: talkSeconds)
        try insert.bind(row.holdSeconds, at: holdSeconds)
        try insert.bind(row.wrapSeconds, at: wrapSeconds)
        if let hash = row.callerHash { try insert.bind(pseudonym: hash, at: callerHash) } else { try insert.bindNull(at: callerHash) }
        try insert.bind(row.direction.storedName, at: direction)
        if let ended = row.endedBy { try insert.bind(ended.storedName, at: endedBy) } else { try insert.bindNull(at: endedBy) }
        try insert.bind(row.batch, at: batch)
        try insert.bind(row.sourceLine, at: sourceLine)
        // Text is bound without copying: the strings outlive the step, and the statement is
        // reset right after stepping so SQLite keeps no pointer to them.
        var id = row.callID
        var queueName = row.queue
        try id.withUTF8 { id in
            try insert.bind(borrowedUTF8: id, at: callID)
            if queueName == nil {
                try insert.bindNull(at: queue)
                defer { insert.resetKeepingBindings() }
                try insert.step()
            } else {
                try queueName?.withUTF8 { name in
                    try insert.bind(borrowedUTF8: name, at: queue)
                    defer { insert.resetKeepingBindings() }
                    try insert.step()
                }
            }
        }
        return connection.changes == 1
    }
}
