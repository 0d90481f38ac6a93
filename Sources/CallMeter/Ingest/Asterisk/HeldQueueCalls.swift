/// A queue_log call whose events are not complete yet: its ENTERQUEUE or its final event is in a
/// file not ingested yet (a rotated log, a file that went missing). Until then it is no call: it
/// is neither scored nor paid. `callmeter status --held` lists these, payroll warns about them.
public struct HeldQueueCall: Sendable, Equatable {
    public let callID: String
    public let queue: String
    /// The agent of the latest event that names one; nil when none does yet.
    public let agent: String?
    /// Unix seconds, UTC.
    public let firstEventAt: Int64
    public let lastEventAt: Int64
    /// Event names in time order, e.g. `["ENTERQUEUE", "CONNECT"]`.
    public let events: [String]
    /// Where the first of them was read: the file as it was named when ingested, and its line.
    public let file: String
    public let line: Int

    /// No call lasts more than 24 h: a call with no event for longer will not be completed by a
    /// later file — its end was never written (Asterisk restarted mid-call) or its file is lost.
    /// It stays held all the same: nothing is dropped.
    public func isProbablyLost(nowSeconds now: Int64) -> Bool {
        now.subtractingReportingOverflow(lastEventAt).partialValue > CDRImporter.maxDurationSeconds
    }

    /// What is missing, in words.
    public var missing: String {
        let hasStart = events.first == "ENTERQUEUE"
        return hasStart ? "its final event (COMPLETE…, TRANSFER, ABANDON or EXIT…)" : "its ENTERQUEUE"
    }
}

extension Store {
    /// Every held queue_log call, oldest first event first.
    public func heldQueueCalls() throws -> [HeldQueueCall] {
        try heldQueueCalls(startingFrom: Int64.min, before: Int64.max)
    }

    /// The held queue_log calls whose first held event is in `[start, end)` (Unix seconds): the
    /// calls of a pay period that cannot be paid yet.
    public func heldQueueCalls(startingFrom start: Int64, before end: Int64) throws -> [HeldQueueCall] {
        let statement = try connection.prepare("""
            SELECT h.callid, h.at, h.event, h.queue, h.agent, b.file_name, h.source_line
            FROM queue_log_held h JOIN batches b ON b.id = h.batch
            WHERE h.callid IN (SELECT callid FROM queue_log_held GROUP BY callid HAVING min(at) >= ?1 AND min(at) < ?2)
            ORDER BY h.callid, h.at, CASE h.event WHEN 'ENTERQUEUE' THEN 0 WHEN 'CONNECT' THEN 1 ELSE 2 END, h.id
            """)
        try statement.bind([.int(start), .int(end)])
        var calls: [HeldQueueCall] = []
        var events: [(at: Int64, event: String, queue: String, agent: String?, file: String, line: Int)] = []
        var callID: String?
        func flush() {
            guard let callID, let first = events.first, let last = events.last else { return }
            calls.append(HeldQueueCall(
                callID: callID, queue: first.queue, agent: events.last(where: { $0.agent != nil })?.agent,
                firstEventAt: first.at, lastEventAt: last.at, events: events.map(\.event), file: first.file, line: first.line))
        }
        while try statement.step() {
            let id = statement.text(0)
            if id != callID {
                flush()
                callID = id
                events.removeAll(keepingCapacity: true)
            }
            events.append((statement.int64(1), statement.text(2), statement.text(3), statement.optionalText(4), statement.text(5),
                           Int(statement.int64(6))))
        }
        flush()
        return calls.sorted { ($0.firstEventAt, $0.callID) < ($1.firstEventAt, $1.callID) }
    }
}
