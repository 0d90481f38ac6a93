/// A call as stored, to compare a call with the same id with (a re-sent row, a rebuilt call).
///
/// Disposition, direction and `ended_by` stay text: a voided batch's calls are stored as `voided`.
struct StoredCall {
    let hotline: String
    let agentID: String?
    let startedAt: Int64
    let answeredAt: Int64?
    let endedAt: Int64
    let disposition: String
    let talkSeconds, holdSeconds, wrapSeconds: Int64
    let callerHash: Pseudonym?
    let direction: String
    let queue: String?
    let endedBy: String?
    /// The format, file and line of the batch it was stored from.
    let format: String
    let fileName: String
    let sourceLine: Int64

    static func load(callID: String, connection: Connection) throws -> StoredCall? {
        try connection.firstRow("""
            SELECT h.hotline, a.agent_id, c.started_at, c.answered_at, c.ended_at, c.disposition, c.talk_seconds,
                   c.hold_seconds, c.wrap_seconds, c.caller_hash, c.direction, c.queue, c.ended_by, b.format, b.file_name, c.source_line
            FROM calls c JOIN hotlines h ON h.id = c.hotline JOIN batches b ON b.id = c.batch
            LEFT JOIN agents a ON a.id = c.agent
            WHERE c.call_id = :call_id
            """, [":call_id": .text(callID)]) { row in
            StoredCall(
                hotline: try row.text("hotline"), agentID: try row.optionalText("agent_id"), startedAt: try row.int64("started_at"),
                answeredAt: try row.optionalInt64("answered_at"), endedAt: try row.int64("ended_at"),
                disposition: try row.text("disposition"), talkSeconds: try row.int64("talk_seconds"),
                holdSeconds: try row.int64("hold_seconds"), wrapSeconds: try row.int64("wrap_seconds"),
                callerHash: try row.optionalBlob("caller_hash").flatMap(Pseudonym.init(bytes:)), direction: try row.text("direction"),
                queue: try row.optionalText("queue"), endedBy: try row.optionalText("ended_by"), format: try row.text("format"),
                fileName: try row.text("file_name"), sourceLine: try row.int64("source_line"))
        }
    }

    /// The names of the fields in which `call` differs from this stored call (where either came
    /// from does not count).
    func differences(from call: CallRow) -> [String] {
        var names: [String] = []
        if hotline != call.hotline { names.append("hotline") }
        if agentID != call.agentID { names.append("agent_id") }
        if startedAt != call.startedAt { names.append("started_at") }
        if answeredAt != call.answeredAt { names.append("answered_at") }
        if endedAt != call.endedAt { names.append("ended_at") }
        if disposition != call.disposition.rawValue { names.append("disposition") }
        if talkSeconds != call.talkSeconds { names.append("talk_seconds") }
        if holdSeconds != call.holdSeconds { names.append("hold_seconds") }
        if wrapSeconds != call.wrapSeconds { names.append("wrap_seconds") }
        if callerHash != call.callerHash { names.append("caller") }
        if direction != call.direction.rawValue { names.append("direction") }
        if queue != call.queue { names.append("queue") }
        if endedBy != call.endedBy?.rawValue { names.append("ended_by") }
        return names
    }
}
