/// A call as stored, to compare a call with the same id with (a re-sent row, a rebuilt call).
///
/// The compared fields stay as stored (`CallRow.comparedValues`' encoding): a voided batch's calls
/// are stored with the disposition `voided`, which no `CallRow` has.
struct StoredCall {
    /// The values of `CallRow.comparedFields`, in that order.
    let values: [SQLValue]
    let startedAt: Int64
    /// The format, file and line of the batch it was stored from.
    let format: String
    let fileName: String
    let sourceLine: Int64

    static func load(callID: String, connection: Connection) throws -> StoredCall? {
        try connection.firstRow("""
            SELECT h.hotline, a.agent_id, c.started_at, c.answered_at, c.ended_at, c.disposition, c.talk_seconds,
                   c.hold_seconds, c.wrap_seconds, c.caller_hash AS caller, c.direction, c.queue, c.ended_by, b.format, b.file_name,
                   c.source_line
            FROM calls c JOIN hotlines h ON h.id = c.hotline JOIN batches b ON b.id = c.batch
            LEFT JOIN agents a ON a.id = c.agent
            WHERE c.call_id = :call_id
            """, [":call_id": .text(callID)]) { row in
            StoredCall(
                values: try CallRow.comparedFields.map { name throws(SQLiteError) in try row.value(name) },
                startedAt: try row.int64("started_at"), format: try row.text("format"), fileName: try row.text("file_name"),
                sourceLine: try row.int64("source_line"))
        }
    }

    /// The names of the fields in which `call` differs from this stored call (where either came
    /// from does not count).
    func differences(from call: CallRow) -> [String] {
        zip(CallRow.comparedFields, zip(values, call.comparedValues)).compactMap { name, pair in pair.0 == pair.1 ? nil : name }
    }
}
