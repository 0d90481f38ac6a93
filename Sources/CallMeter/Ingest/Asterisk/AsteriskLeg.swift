/// Where each Asterisk CDR field sits in a row: fixed positions in `Master.csv`, header names in a
/// table export.
struct AsteriskCDRColumns {
    var src, dst, channel, dstchannel, lastapp, lastdata: Int?
    var start, answer, end, calldate: Int?
    var duration, billsec, disposition: Int?
    var uniqueid, linkedid: Int?
    /// The name of each column, for rejects.
    var names: [String]

    /// The columns `cdr_csv` writes, in order; the last five are optional.
    static let cdrCSVNames = [
        "accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
        "start", "answer", "end", "duration", "billsec", "disposition", "amaflags",
        "uniqueid", "userfield", "peeraccount", "linkedid", "sequence",
    ]

    /// The `Master.csv` layout of a row with `count` fields; nil for a count `cdr_csv` never writes
    /// and for 17 fields when the caller could not say what the 17th is.
    static func cdrCSV(fieldCount count: Int, seventeenth: AsteriskSeventeenthColumn?) -> AsteriskCDRColumns? {
        var names = Array(cdrCSVNames.prefix(16))
        switch count {
        case 16: break
        case 17:
            guard let seventeenth else { return nil }
            names.append(seventeenth.rawValue)
        case 18: names += ["uniqueid", "userfield"]
        case 21: names = cdrCSVNames
        default: return nil
        }
        return AsteriskCDRColumns(names: names)
    }

    init(names: [String]) {
        self.names = names
        func at(_ name: String) -> Int? { names.firstIndex(of: name) }
        src = at("src")
        dst = at("dst")
        channel = at("channel")
        dstchannel = at("dstchannel")
        lastapp = at("lastapp")
        lastdata = at("lastdata")
        start = at("start")
        answer = at("answer")
        end = at("end")
        calldate = at("calldate")
        duration = at("duration")
        billsec = at("billsec")
        disposition = at("disposition")
        uniqueid = at("uniqueid")
        linkedid = at("linkedid")
    }

    /// The columns of a table (by its header, or a layout): `start` wins over `calldate`; with only
    /// `calldate`, answer and end follow from duration and billsec. Nil without either.
    init?(tableNames names: [String]) {
        self.init(names: names)
        if start == nil {
            guard calldate != nil else { return nil }
            answer = nil
            end = nil
        } else {
            calldate = nil
        }
    }

    /// A layout's columns (checked when the rules were read to have calldate or start).
    init(layout: AsteriskColumnLayout) {
        self = AsteriskCDRColumns(tableNames: layout.columns) ?? AsteriskCDRColumns(names: layout.columns)
    }

    func name(_ column: Int?) -> String {
        guard let column else { return "row" }
        return names[safe: column] ?? "row"
    }
}

/// When a leg started, was answered and ended (Unix seconds): answered by a person or, for a leg
/// the PBX answered, by the PBX; nil when nobody answered.
struct LegSpan {
    let startedAt: Int64
    let answeredAt: Int64?
    let endedAt: Int64
}

/// What `asterisk_legs` keeps of a leg for rebuilding its call: the same for a leg just read
/// (`AsteriskLeg`) and for one read back with the other legs of its call (`AsteriskLegStore.StoredLeg`).
struct LegRecord {
    /// linkedid, else uniqueid, else `channel@start` (UTC): the call the leg belongs to.
    let groupKey: String
    let uniqueid: String?
    let span: LegSpan
    let billsec: Int64
    /// ANSWERED with an answer time, by a person: the only legs that carry talk time.
    let answered: Bool
    let agent: String?
    let direction: CallRow.Direction
    /// `dst`, renamed by the rules; nil when empty.
    let hotline: String?
    let queue: String?
    let callerHash: Pseudonym?

    /// ANSWERED with an answer time, but by the PBX (see `AsteriskRules.systemApps`): no talk, no
    /// agent; a call with no other answer was abandoned. Stored as not answered, with its answer time.
    var answeredBySystem: Bool { !answered && span.answeredAt != nil }
}

/// One validated leg: one row of an Asterisk CDR.
struct AsteriskLeg {
    let record: LegRecord
    /// The column the group key came from (for rejects about the key); nil when synthesised.
    let groupKeyColumn: Int?
    /// As Asterisk spells it: ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION.
    let disposition: String
    let channel: String
    let dstchannel: String?
    let hasLinkedID: Bool
    /// `dst` / `src` look like outside numbers (for telling trunks from agents).
    let dstLooksExternal: Bool
    let srcLooksExternal: Bool
    /// Where `dst` is on the line (a call without any dst is rejected there).
    let dstColumn: Int
    /// `start` − the epoch second in the uniqueid, when it has one: how far the clock of the
    /// written times is from the PBX's own clock.
    let clockSkew: Int64?

    static let dispositions = ["ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"]
    static let maxKeyBytes = NativeCall.maxIDBytes
    static let maxNameBytes = NativeCall.maxNameBytes

    /// Validates the row; the first problem found is the rejection. Only the fields CallMeter keeps
    /// must be UTF-8: `clid`, `lastdata` and the other columns may hold any bytes.
    init(
        row: CSVReader, columns c: AsteriskCDRColumns, nullMeansEmpty: Bool, names: inout AsteriskNames,
        clock: inout LocalTimeResolver, pseudonymizer: CallerPseudonymizer
    ) throws(RowImportError) {
        let f = AsteriskFields(row: row, columns: c, nullMeansEmpty: nullMeansEmpty)

        let dispositionText = f.value(c.disposition)
        guard let disposition = Self.dispositions.first(where: { f.equalsIgnoringCase(dispositionText, $0) }) else {
            throw f.reject(c.disposition, "'\(displayText(dispositionText))' is not one of \(Self.dispositions.joined(separator: ", "))")
        }
        self.disposition = disposition
        let duration = try f.seconds(c.duration)
        let billsec = try f.seconds(c.billsec)
        if billsec > duration { throw f.reject(c.billsec, "\(billsec) s is longer than duration (\(duration) s)") }

        let uniqueid = try f.text(c.uniqueid, maxBytes: Self.maxKeyBytes)
        let linkedid = try f.text(c.linkedid, maxBytes: Self.maxKeyBytes)
        let epoch = uniqueid.flatMap(Self.epoch(ofUniqueID:))

        // Start: in a fold, the uniqueid's clock (seconds since 1970, UTC) says which hour it was.
        let startColumn = c.start ?? c.calldate
        let started = try f.instant(startColumn, clock: &clock, fold: epoch.map { .nearest($0, tolerance: 1800) } ?? .earlier)
        // End and answer: duration and billsec are elapsed seconds, so they place a folded time.
        let ended: Int64
        if let endColumn = c.end {
            ended = try f.instant(endColumn, clock: &clock, fold: .nearest(started + duration, tolerance: .max))
        } else {
            ended = started + duration
        }
        if ended < started { throw f.reject(c.end, "before start") }
        if ended - started > CDRImporter.maxDurationSeconds { throw f.reject(c.end, "the leg lasts more than 24 h") }

        var answeredAt: Int64?
        if let answerColumn = c.answer {
            if !f.value(answerColumn).isEmpty {
                let answer = try f.instant(answerColumn, clock: &clock, fold: .nearest(ended - billsec, tolerance: .max))
                if answer < started { throw f.reject(answerColumn, "before start") }
                if answer > ended { throw f.reject(answerColumn, "after end") }
                answeredAt = answer
            }
        } else if disposition == "ANSWERED" {
            // A table with only calldate: the answer is billsec before the end.
            answeredAt = ended - billsec
        }
        if disposition == "ANSWERED" && answeredAt == nil && billsec > 0 {
            throw f.reject(c.answer, "empty, but the leg is ANSWERED with billsec \(billsec) s")
        }
        var answered = disposition == "ANSWERED" && answeredAt != nil
        if !answered { answeredAt = nil }

        // Agent: the peer of dstchannel; when that peer is a trunk, the call went out and the
        // agent is on the channel side. A Local channel is a route: `local_channels` says whose.
        guard let channel = try f.text(c.channel, maxBytes: Self.maxKeyBytes) else {
            throw f.reject(c.channel, "required, but empty")
        }
        let dstchannel = try f.text(c.dstchannel, maxBytes: Self.maxKeyBytes)
        self.channel = channel
        self.dstchannel = dstchannel
        hasLinkedID = linkedid != nil
        let lastapp = f.value(c.lastapp).string
        var agentPeer: String?
        var outbound = false
        if let dstchannel {
            if names.isTrunk(peer: names.peer(dstchannel)) {
                outbound = true
                agentPeer = names.isTrunk(peer: names.peer(channel)) ? nil : names.agentPeer(channel)
            } else {
                agentPeer = names.agentPeer(dstchannel)
            }
        }
        // Answered by the PBX itself: nothing was bridged (no dstchannel: an IVR, a queue nobody
        // took, a conference alone), or an application that is not a person (voicemail on the busy
        // agent's channel). Such a leg pays nobody.
        if answered && (dstchannel == nil || names.isSystemApp(lastapp)) {
            agentPeer = nil
            answered = false
        }
        var agent: String?
        if let agentPeer, let id = names.agentID(peer: agentPeer) {
            guard id.utf8.count <= Self.maxNameBytes else {
                throw f.reject(outbound ? c.channel : c.dstchannel, "the agent '\(id.prefix(40))…' is longer than \(Self.maxNameBytes) bytes")
            }
            agent = id
        }
        dstLooksExternal = AsteriskNames.isPhoneNumber(f.value(c.dst).string)
        srcLooksExternal = AsteriskNames.isPhoneNumber(f.value(c.src).string)

        // The hotline. Legs of Local channels may have none; their call takes it from another leg.
        var hotline: String?
        if let dst = try f.text(c.dst, maxBytes: Self.maxNameBytes) {
            let renamed = names.hotline(dst, pseudonymizer: pseudonymizer)
            guard renamed.utf8.count <= Self.maxNameBytes else { throw f.reject(c.dst, "the hotline is longer than \(Self.maxNameBytes) bytes") }
            hotline = renamed
        }
        dstColumn = row.position(ofRawOffset: row.fieldRawOffset(c.dst ?? 0)).column

        // The queue, when the leg ran the Queue application: its first argument.
        var queue: String?
        if f.equalsIgnoringCase(f.value(c.lastapp), "Queue") {
            let data = f.value(c.lastdata)
            let name = UnsafeBufferPointer(rebasing: data[..<(data.firstIndex(of: UInt8(ascii: ",")) ?? data.endIndex)]).trimmed
            if !name.isEmpty, name.count <= Self.maxNameBytes, firstInvalidUTF8Offset(name) == nil { queue = name.string }
        }

        // The other party: the caller (src) of an inbound leg, the number dialled (dst) of an outbound one.
        let party = outbound ? f.value(c.dst) : f.value(c.src)
        let callerHash = party.isEmpty ? nil : pseudonymizer.pseudonym(party)

        let groupKey: String
        if let linkedid {
            groupKey = linkedid
            groupKeyColumn = c.linkedid
        } else if let uniqueid {
            groupKey = uniqueid
            groupKeyColumn = c.uniqueid
        } else {
            groupKey = "\(channel)@\(Timestamp.formatUTC(started))"
            groupKeyColumn = nil
        }
        clockSkew = epoch.map { started - $0 }
        record = LegRecord(
            groupKey: groupKey, uniqueid: uniqueid, span: LegSpan(startedAt: started, answeredAt: answeredAt, endedAt: ended),
            billsec: billsec, answered: answered, agent: agent, direction: outbound ? .outbound : .inbound, hotline: hotline,
            queue: queue, callerHash: callerHash)
    }

    /// The creation second in a uniqueid `[systemname-]EPOCH.COUNTER`, when it looks like one.
    static func epoch(ofUniqueID id: String) -> Int64? {
        let tail = id.split(separator: "-").last.map(String.init) ?? id
        let parts = tail.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, (9...11).contains(parts[0].count), parts[0].allSatisfy(\.isASCII), let seconds = Int64(parts[0]),
              !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return seconds
    }
}

/// Field access for one Asterisk CDR row: trimmed, `NULL` read as empty in table exports, each
/// problem a rejection that names the column.
struct AsteriskFields: RejectingFieldReader {
    let row: CSVReader
    let columns: AsteriskCDRColumns
    let nullMeansEmpty: Bool

    func value(_ column: Int?) -> UnsafeBufferPointer<UInt8> {
        let value = row.field(at: column).trimmed
        if nullMeansEmpty, value.equals("NULL") { return UnsafeBufferPointer(start: nil, count: 0) }
        return value
    }

    func reject(_ column: Int?, _ reason: String) -> RowImportError {
        .rejected(RowRejection(column: column, field: columns.name(column), reason))
    }

    func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard utf8.count == bytes.count else { return false }
        for i in 0..<bytes.count {
            var b = bytes[i]
            if b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") { b -= 32 }
            var w = utf8[i]
            if w >= UInt8(ascii: "a") && w <= UInt8(ascii: "z") { w -= 32 }
            if b != w { return false }
        }
        return true
    }

    func seconds(_ column: Int?) throws(RowImportError) -> Int64 {
        let value: Int64
        do { value = try parseNonNegativeInteger(self.value(column)) } catch { throw reject(column, error.reason) }
        if value > CDRImporter.maxDurationSeconds { throw reject(column, "\(value) s is more than 24 h") }
        return value
    }

    func instant(_ column: Int?, clock: inout LocalTimeResolver, fold: FoldRule) throws(RowImportError) -> Int64 {
        do {
            return try clock.instant(value(column), fold: fold)
        } catch {
            throw reject(column, error.reason)
        }
    }
}
