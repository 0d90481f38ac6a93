/// Turns held queue_log events into calls.
///
/// For every callid this file brought events for, all its held events (of this file and earlier
/// ones) are sorted by time and cut into *visits*: ENTERQUEUE … [CONNECT] … a final event
/// (COMPLETEAGENT, COMPLETECALLER, TRANSFER, BLINDTRANSFER, ATTENDEDTRANSFER, ABANDON,
/// EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY). A complete visit becomes a call and its events leave
/// the hold; a visit without its ENTERQUEUE or its final event stays held until a later file
/// brings the rest, and is never dropped.
///
/// A callid that enters queues more than once (transferred to another queue) gives calls
/// `callid`, `callid#2`, `callid#3` … in the order of their ENTERQUEUE.
struct QueueCallAssembler {
    let context: IngestContext
    let names: AsteriskNames
    private var writer: AsteriskCallWriter
    private var consumed: [Int64] = []

    init(context: IngestContext, names: AsteriskNames) throws {
        self.context = context
        self.names = names
        writer = try AsteriskCallWriter(context: context)
    }

    struct HeldEvent {
        let id: Int64
        let callid: String
        let at: Int64
        let event: String
        let kind: QueueLogEventKind
        let queue: String
        let agent: String?
        let callerHash: Pseudonym?
        let talk: Int64?
        let batch: Int64
        let line: Int64
        let column: Int64
    }

    mutating func run(report: inout IngestReport, keys: inout KeyCache) throws {
        let events = try context.connection.prepare("""
            SELECT id, callid, at, event, queue, agent, caller_hash, talk_seconds, batch, source_line, source_column
            FROM queue_log_held WHERE callid IN (SELECT callid FROM queue_log_held WHERE batch = :batch)
            ORDER BY callid, at, CASE event WHEN 'ENTERQUEUE' THEN 0 WHEN 'CONNECT' THEN 1 ELSE 2 END, id
            """)
        var group: [HeldEvent] = []
        try events.forEachRow([":batch": .int(context.batchID)]) { row in
            let event = try row.text("event")
            let held = HeldEvent(
                id: try row.int64("id"), callid: try row.text("callid"), at: try row.int64("at"), event: event,
                kind: QueueLogEventKind(event), queue: try row.text("queue"), agent: try row.optionalText("agent"),
                callerHash: try row.optionalBlob("caller_hash").flatMap(Pseudonym.init(bytes:)),
                talk: try row.optionalInt64("talk_seconds"), batch: try row.int64("batch"), line: try row.int64("source_line"),
                column: try row.int64("source_column"))
            if let first = group.first, first.callid != held.callid {
                try assemble(group, report: &report, keys: &keys)
                group.removeAll(keepingCapacity: true)
            }
            group.append(held)
        }
        if !group.isEmpty { try assemble(group, report: &report, keys: &keys) }
        // Delete after the scan, not during it.
        let delete = try context.connection.cached("DELETE FROM queue_log_held WHERE id = ?")
        for id in consumed { try delete.run([.int(id)]) }
        report.callsStored = writer.inserted
    }

    /// The events of one callid, in time order.
    private mutating func assemble(_ events: [HeldEvent], report: inout IngestReport, keys: inout KeyCache) throws {
        var visit: [HeldEvent] = []
        var loose: [HeldEvent] = []
        for event in events {
            switch event.kind {
            case .enter:
                // A new visit; an earlier one without its final event stays held.
                visit = [event]
            case .terminal:
                if visit.isEmpty {
                    loose.append(event)
                } else {
                    visit.append(event)
                    try store(visit, report: &report, keys: &keys)
                    visit = []
                }
            default:
                if visit.isEmpty { loose.append(event) } else { visit.append(event) }
            }
        }
        // Events whose ENTERQUEUE is not here: the tail of a call stored before (an overlapping
        // file) is a duplicate; anything else waits for its head.
        for event in loose where try isPartOfStoredCall(event) {
            consumed.append(event.id)
            if event.batch == context.batchID {
                report.rowsAccepted -= 1
                report.rowsDuplicate += 1
            }
        }
    }

    /// A stored queue_log call of this callid that spans the event's time.
    private func isPartOfStoredCall(_ event: HeldEvent) throws -> Bool {
        var number = 1
        while number <= Self.maxVisits {
            let id = number == 1 ? event.callid : "\(event.callid)#\(number)"
            let stored = try context.connection.firstRow("SELECT started_at, ended_at FROM calls WHERE call_id = :call_id",
                                                         [":call_id": .text(id)]) { row in
                (startedAt: try row.int64("started_at"), endedAt: try row.int64("ended_at"))
            }
            guard let stored else { return false }
            if stored.startedAt <= event.at && event.at <= stored.endedAt { return true }
            number += 1
        }
        return false
    }

    static let maxVisits = 1000

    /// Stores one complete visit as a call, or rejects it at its last event in this file.
    private mutating func store(_ visit: [HeldEvent], report: inout IngestReport, keys: inout KeyCache) throws {
        consumed.append(contentsOf: visit.map(\.id))
        let fromThisFile = visit.filter { $0.batch == context.batchID }
        let call: AsteriskCall
        switch Self.call(from: visit, names: names, pseudonymizer: context.pseudonymizer) {
        case .failure(let problem):
            try reject(visit, problem, report: &report)
            return
        case .success(let built):
            call = built
        }
        // Name the visit: the first free id, or the one stored for this same visit.
        var number = 1
        var named = call
        while number <= Self.maxVisits {
            named.row.callID = number == 1 ? call.row.callID : "\(call.row.callID)#\(number)"
            guard let stored = try StoredCall.load(callID: named.row.callID, connection: context.connection) else { break }
            if stored.format != IngestFormat.asteriskQueueLog.rawValue || stored.startedAt == call.row.startedAt { break }
            number += 1
        }
        let callID = named.row.callID
        switch try writer.write(named, keys: &keys, replaceable: []) {
        case .inserted, .updated:
            break
        case .unchanged:
            report.rowsAccepted -= fromThisFile.count
            report.rowsDuplicate += fromThisFile.count
        case .conflict(let origin, let differences):
            try reject(visit, QueueCallProblem(
                field: "event", "conflicts with the call \(callID) stored from \(origin) (differs in \(differences.joined(separator: ", ")))"),
                report: &report)
        }
    }

    /// Why a visit cannot be a call.
    struct QueueCallProblem: Error {
        let field: String
        let reason: String
        init(field: String, _ reason: String) {
            self.field = field
            self.reason = reason
        }
    }

    /// The call of a complete visit: ENTERQUEUE starts it, CONNECT answers it, the final event
    /// ends it and says how: COMPLETEAGENT / COMPLETECALLER → answered (ended by the agent / the
    /// caller); TRANSFER, BLINDTRANSFER, ATTENDEDTRANSFER → transferred; ABANDON, EXITWITHKEY →
    /// abandoned (the caller gave up); EXITWITHTIMEOUT, EXITEMPTY → missed (the queue gave up).
    /// Talk is the final event's calltime. The queue's wait is `answered_at − started_at`, not hold
    /// time (hold_seconds is time on hold during the talk, which the queue_log does not have).
    static func call(
        from visit: [HeldEvent], names: AsteriskNames, pseudonymizer: CallerPseudonymizer
    ) -> Result<AsteriskCall, QueueCallProblem> {
        guard let enter = visit.first, let final = visit.last else { return .failure(QueueCallProblem(field: "event", "empty")) }
        let connect = visit.last { $0.kind == .connect }
        let disposition: CallRow.Disposition
        var endedBy: CallRow.EndedBy?
        switch final.event {
        case "COMPLETEAGENT": disposition = .answered; endedBy = .agent
        case "COMPLETECALLER": disposition = .answered; endedBy = .caller
        case "TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER": disposition = .transferred
        case "ABANDON", "EXITWITHKEY": disposition = .abandoned
        default: disposition = .missed
        }
        if final.at - enter.at > CDRImporter.maxDurationSeconds {
            return .failure(QueueCallProblem(field: "event", "the call lasts more than 24 h since its ENTERQUEUE"))
        }
        let hotline = names.hotline(enter.queue, pseudonymizer: pseudonymizer)
        guard hotline.utf8.count <= NativeCall.maxNameBytes else {
            return .failure(QueueCallProblem(field: "event", "the hotline is longer than \(NativeCall.maxNameBytes) bytes"))
        }
        var agent: String?
        var answeredAt: Int64?
        var talk: Int64 = 0
        if disposition.isConnected {
            guard let found = final.agent ?? connect?.agent else {
                return .failure(QueueCallProblem(field: "event", "\(final.event) without an agent"))
            }
            agent = found
            talk = final.talk ?? 0
            let answered = connect?.at ?? (final.at - talk)
            if answered < enter.at {
                return .failure(QueueCallProblem(field: "event", "calltime \(talk) s is longer than the call since its ENTERQUEUE"))
            }
            if talk > final.at - answered + CDRImporter.talkToleranceSeconds {
                return .failure(QueueCallProblem(field: "event", "calltime \(talk) s is longer than the time since CONNECT (\(final.at - answered) s)"))
            }
            answeredAt = answered
        }
        let row = CallRow(
            callID: enter.callid, hotline: hotline, agentID: agent, startedAt: enter.at, answeredAt: answeredAt, endedAt: final.at,
            disposition: disposition, talkSeconds: talk, callerHash: enter.callerHash, direction: .inbound, queue: enter.queue,
            endedBy: endedBy)
        return .success(AsteriskCall(row: row, batch: final.batch, sourceLine: final.line))
    }

    /// A rejected visit is reported once, at the event field of its last event from this file (or,
    /// when all its events came from earlier files, of its final event there).
    private func reject(_ visit: [HeldEvent], _ problem: QueueCallProblem, report: inout IngestReport) throws {
        guard let at = visit.last(where: { $0.batch == context.batchID }) ?? visit.last else { return }
        var file = context.fileName
        if at.batch != context.batchID {
            file = try context.connection.scalarText("SELECT file_name FROM batches WHERE id = ?", [.int(at.batch)]) ?? file
        } else {
            report.rowsAccepted -= 1
        }
        let raw = "\(at.at)|\(at.callid)|\(at.queue)|\(at.agent ?? "NONE")|\(at.event)"
        try context.rejects.write(
            RejectedRow(file: file, line: Int(at.line), column: Int(at.column), field: problem.field, reason: problem.reason),
            raw: Array(raw.utf8), report: &report)
    }
}
