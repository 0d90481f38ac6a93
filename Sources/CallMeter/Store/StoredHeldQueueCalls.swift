/// The held queue_log calls (`queue_log_held`, written by the queue_log importer) are ingested
/// facts every part may read: `callmeter status --held` lists them, payroll warns about them.
extension Store {
    /// Every held queue_log call, oldest first event first.
    package func heldQueueCalls() throws -> [HeldQueueCall] {
        try heldQueueCalls(startingFrom: Int64.min, before: Int64.max)
    }

    /// The held queue_log calls whose first held event is in `[start, end)` (Unix seconds): the
    /// calls of a pay period that cannot be paid yet.
    package func heldQueueCalls(startingFrom start: Int64, before end: Int64) throws -> [HeldQueueCall] {
        var calls: [HeldQueueCall] = []
        var events: [(at: Int64, event: String, queue: String, agent: String?, file: String, line: Int)] = []
        var callID: String?
        func flush() {
            guard let callID, let first = events.first, let last = events.last else { return }
            calls.append(HeldQueueCall(
                callID: callID, queue: first.queue, agent: events.last(where: { $0.agent != nil })?.agent,
                firstEventAt: first.at, lastEventAt: last.at, events: events.map(\.event), file: first.file, line: first.line))
        }
        try connection.cached("""
            SELECT h.callid, h.at, h.event, h.queue, h.agent, b.file_name, h.source_line
            FROM queue_log_held h JOIN batches b ON b.id = h.batch
            WHERE h.callid IN (SELECT callid FROM queue_log_held GROUP BY callid HAVING min(at) >= :start AND min(at) < :end)
            ORDER BY h.callid, h.at, CASE h.event WHEN 'ENTERQUEUE' THEN 0 WHEN 'CONNECT' THEN 1 ELSE 2 END, h.id
            """).forEachRow([":start": .int(start), ":end": .int(end)]) { row in
            let id = try row.text("callid")
            if id != callID {
                flush()
                callID = id
                events.removeAll(keepingCapacity: true)
            }
            events.append((try row.int64("at"), try row.text("event"), try row.text("queue"), try row.optionalText("agent"),
                           try row.text("file_name"), try row.int("source_line")))
        }
        flush()
        return calls.sorted { ($0.firstEventAt, $0.callID) < ($1.firstEventAt, $1.callID) }
    }
}
