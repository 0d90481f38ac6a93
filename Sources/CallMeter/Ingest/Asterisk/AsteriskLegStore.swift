import Foundation

/// Keeps the legs of Asterisk CDR files and turns each group of legs into one call.
///
/// Legs go to `asterisk_legs` as they are read. After the last row, every call that got a new leg
/// from this file is rebuilt from all of its legs, whichever file brought them, so a call whose
/// legs straddle two files (or arrive out of order) comes out the same as if they had been in one.
struct AsteriskLegStore {
    static let formats: Set<String> = [
        IngestFormat.asteriskCSV.rawValue, IngestFormat.asteriskCDRTable.rawValue, IngestFormat.freeswitchCSV.rawValue,
    ]

    let context: IngestContext
    var names: AsteriskNames
    var clock: LocalTimeResolver
    private let insertLeg: Statement
    private var keys: KeyCache
    private let legParameters: ParameterPositions<LegParameter>
    private var fingerprints = RowFingerprint()
    // How far the written start times are from the uniqueid clock (see `finish`).
    private var rowsWithEpoch = 0
    private var skewCounts: [Int64: Int] = [:]
    // Legs without a linkedid around Local channels of this file, to join into one call (see `joinLocalHalves`).
    private var localRoutes = LocalChannelRoutes()
    // Peers that carried outside numbers in each direction (see `trunkWarning`).
    private var fromOutside: Set<String> = []
    private var toOutside: Set<String> = []

    /// `insertLeg`'s parameters, resolved once: a CDR file has a leg per row.
    private enum LegParameter: Int, CaseIterable {
        case groupKey, fingerprint, uniqueid, startedAt, answeredAt, endedAt, billsec, disposition, answered, agent, direction, hotline,
             queue, callerHash, batch, sourceLine, sourceColumn
    }

    init(context: IngestContext) throws {
        self.context = context
        names = try AsteriskNames(rules: context.settings.asterisk)
        clock = LocalTimeResolver(zone: context.settings.timeZone)
        clock.dates = context.settings.asteriskLayout?.dates ?? .isoYearMonthDay
        insertLeg = try context.connection.prepare("""
            INSERT INTO asterisk_legs (group_key, fingerprint, uniqueid, started_at, answered_at, ended_at, billsec, disposition,
                                       answered, agent, direction, hotline, queue, caller_hash, batch, source_line, source_column)
            VALUES (:group_key, :fingerprint, :uniqueid, :started_at, :answered_at, :ended_at, :billsec, :disposition,
                    :answered, :agent, :direction, :hotline, :queue, :caller_hash, :batch, :source_line, :source_column)
            ON CONFLICT (fingerprint) DO NOTHING
            """)
        legParameters = try ParameterPositions(insertLeg)
        keys = KeyCache(connection: context.connection)
    }

    /// Reads the current row as a leg and stores it; a leg stored before (same fields) is a duplicate.
    mutating func importRow(_ row: CSVReader, columns: AsteriskCDRColumns, nullMeansEmpty: Bool, line: Int) throws(RowImportError) -> RowOutcome {
        let leg = try AsteriskLeg(
            row: row, columns: columns, nullMeansEmpty: nullMeansEmpty, names: &names, clock: &clock, pseudonymizer: context.pseudonymizer)
        return try store(leg, row: row, keyField: columns.name(leg.groupKeyColumn), line: line)
    }

    /// Stores a leg read from the current row (by any CDR format that has legs).
    mutating func store(_ leg: AsteriskLeg, row: CSVReader, keyField: String, line: Int) throws(RowImportError) -> RowOutcome {
        if let skew = leg.clockSkew {
            rowsWithEpoch += 1
            if abs(skew) > 900 {
                let quarterHours = (skew + (skew < 0 ? -450 : 450)) / 900
                skewCounts[quarterHours * 900, default: 0] += 1
            }
        }
        if !leg.channel.hasPrefix("Local/") {
            let peer = names.peer(leg.channel)
            if leg.srcLooksExternal, !names.isTrunk(peer: peer) { fromOutside.insert(peer) }
            if leg.dstLooksExternal, leg.record.direction == .inbound, let dstchannel = leg.dstchannel, !dstchannel.hasPrefix("Local/") {
                let dstPeer = names.peer(dstchannel)
                if !names.isTrunk(peer: dstPeer) { toOutside.insert(dstPeer) }
            }
        }
        let fingerprint = fingerprints.digest(of: row, with: context.pseudonymizer)
        do {
            if let owner = try foreignOwner(of: leg.record.groupKey) {
                throw RowImportError.rejected(RowRejection(
                    column: leg.groupKeyColumn, field: keyField,
                    "call \(leg.record.groupKey) is already stored from \(owner) (another format): not merged"))
            }
            if let clash = try farApartLeg(leg) {
                throw RowImportError.rejected(RowRejection(
                    column: leg.groupKeyColumn, field: keyField,
                    "\(leg.record.groupKey) already names a call of \(clash) — more than 24 h away; a restarted PBX or a second one reused the id: not merged"))
            }
            let s = insertLeg
            let p = legParameters
            let r = leg.record
            try s.bind(r.groupKey, at: p[.groupKey])
            try s.bind(bytes: fingerprint.bytes, at: p[.fingerprint])
            try s.bind(r.uniqueid, at: p[.uniqueid])
            try s.bind(r.span.startedAt, at: p[.startedAt])
            try s.bind(r.span.answeredAt, at: p[.answeredAt])
            try s.bind(r.span.endedAt, at: p[.endedAt])
            try s.bind(r.billsec, at: p[.billsec])
            try s.bind(leg.disposition, at: p[.disposition])
            try s.bind(r.answered ? 1 : 0, at: p[.answered])
            try s.bind(r.agent, at: p[.agent])
            try s.bind(r.direction.storedName, at: p[.direction])
            try s.bind(r.hotline, at: p[.hotline])
            try s.bind(r.queue, at: p[.queue])
            if let hash = r.callerHash { try s.bind(pseudonym: hash, at: p[.callerHash]) } else { try s.bindNull(at: p[.callerHash]) }
            try s.bind(context.batchID, at: p[.batch])
            try s.bind(Int64(line), at: p[.sourceLine])
            try s.bind(Int64(leg.dstColumn), at: p[.sourceColumn])
            defer { s.resetKeepingBindings() }
            try s.step()
        } catch let error as RowImportError {
            throw error
        } catch {
            throw .database(error)
        }
        guard context.connection.changes == 1 else { return .duplicate }
        if !leg.hasLinkedID { localRoutes.note(leg) }
        return .accepted
    }

    /// Where a call with this id came from when it was not an Asterisk CDR: `FILE line N`.
    private func foreignOwner(of callID: String) throws -> String? {
        let owner = try context.connection.firstRow("""
            SELECT b.format, b.file_name, c.source_line FROM calls c JOIN batches b ON b.id = c.batch WHERE c.call_id = :call_id
            """, [":call_id": .text(callID)]) { row in
            (format: try row.text("format"), file: try row.text("file_name"), line: try row.int64("source_line"))
        }
        guard let owner, !Self.formats.contains(owner.format) else { return nil }
        return "\(owner.file) line \(owner.line) (\(owner.format))"
    }

    /// A leg of the same group whose call would then last more than 24 h: `DATE (FILE line N)`.
    private func farApartLeg(_ leg: AsteriskLeg) throws -> String? {
        var earliest = leg.record.span.startedAt, latest = leg.record.span.endedAt
        var first: String?
        try context.connection.cached("""
            SELECT l.started_at, l.ended_at, b.file_name, l.source_line FROM asterisk_legs l JOIN batches b ON b.id = l.batch
            WHERE l.group_key = :group_key ORDER BY l.started_at, l.id
            """).forEachRow([":group_key": .text(leg.record.groupKey)]) { row in
            let startedAt = try row.int64("started_at")
            earliest = min(earliest, startedAt)
            latest = max(latest, try row.int64("ended_at"))
            if first == nil {
                first = "\(Timestamp.formatUTC(startedAt)) (\(try row.text("file_name")) line \(try row.int64("source_line")))"
            }
        }
        guard latest - earliest > CDRImporter.maxDurationSeconds else { return nil }
        return first
    }

    /// Rebuilds the calls this file touched, and warns when the times look like another zone's.
    mutating func finish(report: inout IngestReport) throws {
        try joinLocalHalves()
        if let warning = trunkWarning() { report.warnings.append(warning) }
        let legs = try context.connection.prepare("""
            SELECT group_key, id, uniqueid, started_at, answered_at, ended_at, billsec, answered, agent, direction, hotline, queue,
                   caller_hash, batch, source_line, source_column
            FROM asterisk_legs WHERE group_key IN (SELECT group_key FROM asterisk_legs WHERE batch = :batch)
            ORDER BY group_key, answered DESC, agent IS NULL, answered_at, billsec DESC, started_at, ended_at DESC, agent, id
            """)
        var group: [StoredLeg] = []
        var writer = try AsteriskCallWriter(context: context)
        try legs.forEachRow([":batch": .int(context.batchID)]) { row in
            let record = LegRecord(
                groupKey: try row.text("group_key"), uniqueid: try row.optionalText("uniqueid"),
                span: LegSpan(
                    startedAt: try row.int64("started_at"), answeredAt: try row.optionalInt64("answered_at"),
                    endedAt: try row.int64("ended_at")),
                billsec: try row.int64("billsec"),
                answered: try row.bool("answered"), agent: try row.optionalText("agent"),
                direction: CallRow.Direction(rawValue: try row.text("direction")) ?? .inbound, hotline: try row.optionalText("hotline"),
                queue: try row.optionalText("queue"), callerHash: try row.optionalBlob("caller_hash").flatMap(Pseudonym.init(bytes:)))
            let leg = StoredLeg(
                id: try row.int64("id"), record: record, batch: try row.int64("batch"), sourceLine: try row.int64("source_line"),
                dstColumn: try row.int64("source_column"))
            if let first = group.first, first.record.groupKey != leg.record.groupKey {
                try write(group, writer: &writer, report: &report)
                group.removeAll(keepingCapacity: true)
            }
            group.append(leg)
        }
        if !group.isEmpty { try write(group, writer: &writer, report: &report) }
        for id in withoutHotline { try context.connection.cached("DELETE FROM asterisk_legs WHERE id = ?").run([.int(id)]) }
        report.callsStored = writer.inserted
        report.callsUpdated = writer.updated
        report.legsMerged = report.rowsAccepted - writer.inserted

        // Most rows off the uniqueid clock by the same amount: the zone is wrong. A few rows off
        // (conference legs, ForkCDR) are normal.
        let skewed = skewCounts.values.reduce(0, +)
        if skewed * 2 > rowsWithEpoch, let common = skewCounts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) {
            report.warnings.append(
                "\(skewed) of \(rowsWithEpoch) rows start \(Self.spelled(common.key)) than the clock in their uniqueid says "
                    + "(most often): their times are probably not in \(context.settings.timeZone.identifier); check --timezone")
        }
    }

    private var withoutHotline: [Int64] = []

    /// Without a linkedid (Asterisk before 12), each half of a Local channel has a uniqueid of its
    /// own: the `;2` half dialling the agent, or the device leg written back against the `;1` half
    /// (FreePBX follow-me), would be calls of their own — a 0-second answered call on hotline `s`,
    /// a second payment for the same talk. They are legs of the call that dialled the `;1` half,
    /// when that leg is in the same file and the halves overlap in time.
    private mutating func joinLocalHalves() throws {
        let joins = localRoutes.joins()
        guard !joins.isEmpty else { return }
        let update = try context.connection.prepare("""
            UPDATE asterisk_legs SET group_key = :call WHERE group_key = :member AND batch = :batch
            """)
        for (member, call) in joins.sorted(by: { $0.key < $1.key }) {
            try update.run([":call": .text(call), ":member": .text(member), ":batch": .int(context.batchID)])
        }
    }

    /// Peers (not Local, not in `trunks`) that brought calls from outside numbers and carried
    /// calls to outside numbers: lines to the outside world, which the rules take for agents.
    private func trunkWarning() -> String? {
        let suspects = fromOutside.intersection(toOutside).sorted()
        guard !suspects.isEmpty else { return nil }
        let list = suspects.map { "'\($0)'" }.joined(separator: ", ")
        return "\(list) \(suspects.count == 1 ? "looks like a trunk" : "look like trunks") (calls from and to outside numbers) "
            + "but \(suspects.count == 1 ? "is" : "are") not in \"trunks\" of \(AsteriskRules.fileName): "
            + "\(suspects.count == 1 ? "it is" : "they are") taken for agents; add \(suspects.count == 1 ? "it" : "them") to \"trunks\" before ingesting this PBX's files"
    }

    /// Stores the call of one group; a group none of whose legs has a dst has no hotline: each of
    /// its legs from this file is rejected (and forgotten, so the file can be fixed and sent again).
    private mutating func write(_ group: [StoredLeg], writer: inout AsteriskCallWriter, report: inout IngestReport) throws {
        let calls = Self.calls(from: group)
        guard !calls.isEmpty else {
            for leg in group where leg.batch == context.batchID {
                withoutHotline.append(leg.id)
                report.rowsAccepted -= 1
                // Without a uniqueid the key is `channel@start`, and a channel may hold a phone number
                // (`Local/LC-6102842303@…`): masked like any stored reject.
                let key = leg.record.uniqueid == nil ? PhoneNumberMask.masked(leg.record.groupKey) : leg.record.groupKey
                try context.rejects.write(
                    RejectedRow(file: context.fileName, line: Int(leg.sourceLine), column: Int(leg.dstColumn), field: "dst",
                                reason: "empty in every leg of call \(key): it has no hotline"),
                    raw: Array(key.utf8), report: &report)
            }
            return
        }
        for call in calls { try writer.write(call, keys: &keys) }
    }

    /// `1 h 30 min earlier` / `2 h later`.
    private static func spelled(_ seconds: Int64) -> String {
        let magnitude = abs(seconds)
        let hours = magnitude / 3600, minutes = magnitude / 60 % 60
        var text = hours > 0 ? "\(hours) h" : ""
        if minutes > 0 { text += (text.isEmpty ? "" : " ") + "\(minutes) min" }
        return text + (seconds < 0 ? " earlier" : " later")
    }

    /// One leg as stored, to rebuild its call.
    struct StoredLeg {
        let id: Int64
        let record: LegRecord
        /// The file and line it came from, and where its dst is on that line.
        let batch: Int64
        let sourceLine: Int64
        let dstColumn: Int64
    }

    /// The calls of a group of legs: its call, and one more for each other agent it was handed on to.
    ///
    /// An agent the caller was handed on to (`isHandedOn`: a blind or attended transfer) talked to
    /// the caller too and is paid for it: that agent's part is a call of its own, `KEY#2`,
    /// `KEY#3` … in the order the agents first answered (the same ids as a queue_log call that
    /// enters a second queue). It has the group's hotline and caller, the agent's earliest start and
    /// answer and latest end, and as talk the longest billsec among the agent's answered legs (both
    /// halves of a Local channel carry the same billsec: they are not added up). Ratings keyed on
    /// the linkedid stay with the first call.
    static func calls(from legs: [StoredLeg]) -> [AsteriskCall] {
        guard let first = call(from: legs) else { return [] }
        var calls = [first]
        var handedTo: [String: [StoredLeg]] = [:]
        var order: [String] = []
        guard let kept = legs.first else { return calls }
        for leg in legs where isHandedOn(leg, from: kept) {
            guard let agent = leg.record.agent else { continue }
            if handedTo[agent] == nil { order.append(agent) }
            handedTo[agent, default: []].append(leg)
        }
        order.sort { agentA, agentB in
            let a = handedTo[agentA]?.compactMap(\.record.span.answeredAt).min() ?? 0
            let b = handedTo[agentB]?.compactMap(\.record.span.answeredAt).min() ?? 0
            return (a, agentA) < (b, agentB)
        }
        for (index, agent) in order.enumerated() {
            guard let agentLegs = handedTo[agent], let best = agentLegs.max(by: { ($0.record.billsec, -$0.id) < ($1.record.billsec, -$1.id) }) else { continue }
            let row = CallRow(
                callID: "\(first.row.callID)#\(index + 2)", hotline: first.row.hotline, agentID: agent,
                startedAt: agentLegs.map(\.record.span.startedAt).min() ?? best.record.span.startedAt,
                answeredAt: agentLegs.compactMap(\.record.span.answeredAt).min(),
                endedAt: agentLegs.map(\.record.span.endedAt).max() ?? best.record.span.endedAt, disposition: .answered,
                talkSeconds: best.record.billsec,
                callerHash: first.row.callerHash, direction: best.record.direction,
                queue: best.record.queue ?? first.row.queue, endedBy: nil)
            calls.append(AsteriskCall(row: row, batch: best.batch, sourceLine: best.sourceLine))
        }
        return calls
    }

    /// How far (seconds) another agent's answer may come before the kept leg's talk ends and still
    /// be a hand-over: the two CDRs of a transfer are written by the PBX in the same second or two.
    static let handOverSlackSeconds: Int64 = 5

    /// Whether `leg` is the caller handed on to another agent: answered by another agent once the
    /// kept agent's talk was over (within the slack). Agents answering while the kept agent still
    /// talks are a conference (ConfBridge, MeetMe) or an attended transfer's consultation: not a
    /// hand-over, and not paid as a call of its own.
    static func isHandedOn(_ leg: StoredLeg, from kept: StoredLeg) -> Bool {
        guard leg.record.answered, let agent = leg.record.agent, agent != kept.record.agent, let answered = leg.record.span.answeredAt,
              kept.record.answered, let keptAnswered = kept.record.span.answeredAt
        else { return false }
        return answered > keptAnswered && answered >= keptAnswered + kept.record.billsec - handOverSlackSeconds
    }

    /// The call of a group of legs, sorted best first (answered, by an agent, earliest answer,
    /// longest talk, earliest start, latest end, agent, order of arrival):
    /// - the first leg is *kept*: its agent, answer time, talk (its billsec) and direction;
    /// - the *originating* leg (uniqueid = the group key, else the earliest start) gives the
    ///   hotline (its dst; else the first leg's that has one) and the caller (its src);
    /// - the call spans from the earliest start to the latest end of all legs;
    /// - a leg answered later by another agent makes it `transferred`; a group without an
    ///   answered leg is `abandoned` when the PBX answered it (voicemail, IVR, a queue nobody
    ///   took: the caller hung up on a machine), else `missed`.
    static func call(from legs: [StoredLeg]) -> AsteriskCall? {
        guard let kept = legs.first else { return nil }
        var originating = kept
        for leg in legs {
            let legOrigin = leg.record.uniqueid == leg.record.groupKey, bestOrigin = originating.record.uniqueid == originating.record.groupKey
            if legOrigin != bestOrigin {
                if legOrigin { originating = leg }
            } else if (leg.record.span.startedAt, leg.id) < (originating.record.span.startedAt, originating.id) {
                originating = leg
            }
        }
        guard let hotline = originating.record.hotline ?? legs.lazy.compactMap(\.record.hotline).first else { return nil }
        // Another agent answered later: the call was handed on. (Both halves of a Local channel
        // answer in the same second and are not a transfer.)
        let handedOn = legs.contains { isHandedOn($0, from: kept) }
        let disposition: CallRow.Disposition
        if kept.record.answered {
            disposition = handedOn ? .transferred : .answered
        } else {
            // Answered only by the PBX (voicemail, an IVR, a queue nobody took): nobody connected.
            disposition = legs.contains(where: \.record.answeredBySystem) ? .abandoned : .missed
        }
        let row = CallRow(
            callID: kept.record.groupKey, hotline: hotline, agentID: kept.record.agent,
            startedAt: legs.map(\.record.span.startedAt).min() ?? kept.record.span.startedAt,
            answeredAt: kept.record.answered ? kept.record.span.answeredAt : nil,
            endedAt: legs.map(\.record.span.endedAt).max() ?? kept.record.span.endedAt, disposition: disposition,
            talkSeconds: kept.record.answered ? kept.record.billsec : 0,
            callerHash: originating.record.callerHash, direction: kept.record.direction,
            queue: kept.record.queue ?? originating.record.queue ?? legs.lazy.compactMap(\.record.queue).first, endedBy: nil)
        return AsteriskCall(row: row, batch: kept.batch, sourceLine: kept.sourceLine)
    }
}
