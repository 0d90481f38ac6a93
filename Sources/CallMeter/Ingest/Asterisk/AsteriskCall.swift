/// A call rebuilt from Asterisk data (CDR legs or queue_log events), ready for the `calls` table.
struct AsteriskCall: Equatable {
    let callID: String
    let hotline: String
    let agent: String?
    let startedAt: Int64
    let answeredAt: Int64?
    let endedAt: Int64
    let disposition: NativeCall.Disposition
    let talkSeconds: Int64
    let callerHash: Pseudonym?
    let direction: NativeCall.Direction
    let queue: String?
    let endedBy: NativeCall.EndedBy?
    /// The batch and line the call is reported at (its kept leg, its last event).
    let batch: Int64
    let sourceLine: Int64

    /// The fields that differ from a stored call (the source position does not count).
    func differences(from stored: NativeCall.Stored) -> [String] {
        var names: [String] = []
        if stored.hotline != hotline { names.append("hotline") }
        if stored.agentID != agent { names.append("agent_id") }
        if stored.startedAt != startedAt { names.append("started_at") }
        if stored.answeredAt != answeredAt { names.append("answered_at") }
        if stored.endedAt != endedAt { names.append("ended_at") }
        if stored.disposition != disposition.rawValue { names.append("disposition") }
        if stored.talkSeconds != talkSeconds { names.append("talk_seconds") }
        if stored.holdSeconds != 0 { names.append("hold_seconds") }
        if stored.wrapSeconds != 0 { names.append("wrap_seconds") }
        if stored.callerHash != callerHash { names.append("caller") }
        if stored.direction != direction.rawValue { names.append("direction") }
        if stored.queue != queue { names.append("queue") }
        if stored.endedBy != endedBy?.rawValue { names.append("ended_by") }
        return names
    }
}

/// Inserts rebuilt calls, or compares them with the call stored under the same id.
struct AsteriskCallWriter {
    enum Outcome: Equatable {
        case inserted
        /// Stored before with the same content.
        case unchanged
        /// Stored before from the same kind of source and rebuilt with more data: replaced.
        case updated
        /// Stored with other content, by a source that may not be replaced: `FILE line N (format)`
        /// and the fields that differ.
        case conflict(origin: String, differences: [String])
    }

    let context: IngestContext
    private let calls: CallRowWriter
    private let update: Statement
    private(set) var inserted = 0
    private(set) var updated = 0

    init(context: IngestContext) throws {
        self.context = context
        calls = try CallRowWriter(connection: context.connection)
        update = try context.connection.prepare("""
            UPDATE calls SET hotline = :hotline, agent = :agent, started_at = :started_at, answered_at = :answered_at,
                             ended_at = :ended_at, disposition = :disposition, talk_seconds = :talk_seconds, hold_seconds = 0,
                             wrap_seconds = 0, caller_hash = :caller_hash, direction = :direction, queue = :queue,
                             ended_by = :ended_by, batch = :batch, source_line = :source_line
            WHERE call_id = :call_id
            """)
    }

    /// Stores `call`. A stored call of one of `replaceable` formats is replaced when it differs
    /// (CDR calls get rebuilt from more legs); one of another format is a conflict.
    @discardableResult
    mutating func write(_ call: AsteriskCall, keys: inout KeyCache, replaceable: Set<String> = AsteriskLegStore.formats) throws -> Outcome {
        let stored = try NativeCall.Stored.load(callID: call.callID, connection: context.connection)
        if let stored {
            let differences = call.differences(from: stored)
            if differences.isEmpty { return .unchanged }
            let format = try context.connection.scalarText("""
                SELECT b.format FROM calls c JOIN batches b ON b.id = c.batch WHERE c.call_id = ?
                """, [.text(call.callID)]) ?? ""
            guard replaceable.contains(format) else {
                return .conflict(origin: "\(stored.fileName) line \(stored.sourceLine) (\(format))", differences: differences)
            }
        }
        let hotline = try keys.hotline(call.hotline)
        let agent = try call.agent.map { id throws(SQLiteError) in try keys.agent(id) }
        guard stored != nil else {
            _ = try calls.insert(CallRowWriter.Values(
                callID: call.callID, hotline: hotline, agent: agent, startedAt: call.startedAt, answeredAt: call.answeredAt,
                endedAt: call.endedAt, disposition: call.disposition, talkSeconds: call.talkSeconds, callerHash: call.callerHash,
                direction: call.direction, queue: call.queue, endedBy: call.endedBy, batch: call.batch, sourceLine: call.sourceLine))
            inserted += 1
            return .inserted
        }
        try update.run([
            ":call_id": .text(call.callID), ":hotline": .int(hotline), ":agent": .int(agent), ":started_at": .int(call.startedAt),
            ":answered_at": .int(call.answeredAt), ":ended_at": .int(call.endedAt), ":disposition": .text(call.disposition.rawValue),
            ":talk_seconds": .int(call.talkSeconds), ":caller_hash": call.callerHash.map { .blob($0.bytes) } ?? .null,
            ":direction": .text(call.direction.rawValue), ":queue": .text(call.queue), ":ended_by": .text(call.endedBy?.rawValue),
            ":batch": .int(call.batch), ":source_line": .int(call.sourceLine),
        ])
        updated += 1
        return .updated
    }
}
