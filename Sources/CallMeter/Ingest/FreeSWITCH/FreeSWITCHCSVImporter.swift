import Foundation

/// The columns of `mod_cdr_csv`'s default ("example") template, in order.
enum FreeSWITCHColumns {
    static let names = [
        "caller_id_name", "caller_id_number", "destination_number", "context", "start_stamp", "answer_stamp", "end_stamp",
        "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid", "accountcode", "read_codec", "write_codec",
    ]
    static let callerNumber = 1, destination = 2, start = 4, answer = 5, end = 6, duration = 7, billsec = 8, hangupCause = 9
    static let uuid = 10, blegUUID = 11

    /// `8-4-4-4-12` hex digits.
    static func looksLikeUUID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 36 else { return false }
        for (offset, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(offset) {
                if byte != UInt8(ascii: "-") { return false }
            } else if !(byte >= 48 && byte <= 57) && !(byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f")) {
                return false
            }
        }
        return true
    }
}

/// `--format freeswitch-csv`: FreeSWITCH `mod_cdr_csv` with the default template. No header; 15
/// fields; quotes read leniently; times are the server's wall clock (`--timezone`).
///
/// Each row is a leg, stored like an Asterisk leg (so calls are rebuilt the same way):
/// - the call is the row's `uuid`; a row whose `uuid` is another row's `bleg_uuid` in the same file
///   (`legs="ab"` in `cdr_csv.conf.xml`) is that call's b-leg and joins it: one call, never two;
/// - answered = `answer_stamp` present; talk = `billsec`;
/// - the agent is the extension `Rules/freeswitch.json`'s `agent_pattern` takes from
///   `destination_number`; the hotline is `destination_number` (renamed by `hotlines`);
/// - a leg to an application (`applications`, default `voicemail`) is nobody's: the stock dialplan
///   answers the caller's leg when the extension does not pick up and bridges it to voicemail one
///   second later. That answered leg (same caller number; the application leg starts 0–5 s after its
///   answer and ends within 2 s of its end) was answered by the PBX: its call is `abandoned`, as an
///   Asterisk call the PBX answered, pays nobody, and the application leg joins it.
struct FreeSWITCHCSVImporter: RowImporter {
    static let privateColumns = ["caller_id_name", "caller_id_number", "destination_number"]
    static let clearColumns = ["start_stamp", "answer_stamp", "end_stamp", "duration", "billsec", "uuid", "bleg_uuid"]

    static func layout(of path: String, settings: IngestSettings) throws(IngestFileError) -> FileLayout {
        FileLayout(format: IngestFormat.freeswitchCSV.rawValue, dialect: AsteriskCSVImporter.dialect, header: nil,
                   columnNames: FreeSWITCHColumns.names)
    }

    static var rowsMustBeUTF8: Bool { false }
    static var rowsMatchHeaderWidth: Bool { false }

    private var legs: AsteriskLegStore
    private let rules: FreeSWITCHRules
    private let agentPattern: NSRegularExpression
    private let columns = AsteriskCDRColumns(names: FreeSWITCHColumns.names)
    /// a-leg uuid → b-leg uuid, from this file.
    private var bLegs: [(aLeg: String, bLeg: String)] = []
    /// Legs to an application, matched to the leg they answered in `finish`.
    private var applicationLegs: [(uuid: String, caller: Pseudonym?, startedAt: Int64, endedAt: Int64)] = []

    init(layout: FileLayout, columns: ColumnMap?, context: IngestContext) throws {
        legs = try AsteriskLegStore(context: context)
        rules = context.settings.freeswitch
        do {
            agentPattern = try NSRegularExpression(pattern: rules.names.agentPattern)
        } catch {
            throw IngestFileError.unreadable(path: FreeSWITCHRules.fileName, reason: "agent_pattern is not a valid regular expression")
        }
    }

    mutating func importRow(_ row: CSVReader, line: Int) throws(RowImportError) -> RowOutcome {
        guard row.fieldCount == FreeSWITCHColumns.names.count else {
            throw .rejected(RowRejection(
                column: nil, field: "row", "expected 15 fields (mod_cdr_csv's default template), found \(row.fieldCount)"))
        }
        let f = AsteriskFields(row: row, columns: columns, nullMeansEmpty: false)
        let startText = f.value(FreeSWITCHColumns.start)
        if startText.contains(UInt8(ascii: "/")) {
            let at = row.position(ofRawOffset: row.fieldRawOffset(FreeSWITCHColumns.start))
            throw .file(.layout(
                line: at.line, column: at.column,
                reason: "start_stamp '\(displayText(startText))' is not how mod_cdr_csv writes a time (2020-02-10 22:41:07): "
                    + "this file was re-saved by a spreadsheet, which drops quotes and seconds, so answer and end cannot be "
                    + "placed; ingest the Master.csv FreeSWITCH wrote"))
        }
        let leg = try AsteriskLeg.freeswitch(f, legs: &legs, rules: rules, agentPattern: agentPattern)
        let blegUUID = try f.text(FreeSWITCHColumns.blegUUID, maxBytes: AsteriskLeg.maxKeyBytes)
        if let blegUUID, blegUUID != leg.groupKey { bLegs.append((leg.groupKey, blegUUID)) }
        if let destination = leg.hotlineSource, rules.applications.contains(destination) {
            applicationLegs.append((leg.groupKey, leg.callerHash, leg.startedAt, leg.endedAt))
        }
        return try legs.store(leg.leg, row: row, keyField: "uuid", line: line)
    }

    mutating func finish(report: inout IngestReport) throws {
        let connection = legs.context.connection, batch = legs.context.batchID
        let regroup = "UPDATE asterisk_legs SET group_key = :into WHERE group_key = :from AND batch = :batch"
        for pair in bLegs {
            try connection.run(regroup, [":into": .text(pair.aLeg), ":from": .text(pair.bLeg), ":batch": .int(batch)])
        }
        for application in applicationLegs {
            guard let caller = application.caller else { continue }
            let answered = try connection.firstRow("""
                SELECT id, group_key FROM asterisk_legs
                WHERE batch = :batch AND answered = 1 AND caller_hash = :caller AND group_key <> :uuid
                  AND answered_at <= :started_at AND answered_at >= :answered_after AND abs(ended_at - :ended_at) <= :end_slack
                ORDER BY :started_at - answered_at, id LIMIT 1
                """, [
                    ":batch": .int(batch), ":caller": .blob(caller.bytes), ":uuid": .text(application.uuid),
                    ":started_at": .int(application.startedAt), ":answered_after": .int(application.startedAt - Self.applicationAnswerSlack),
                    ":ended_at": .int(application.endedAt), ":end_slack": .int(Self.applicationEndSlack),
                ]) { row in (id: try row.int64("id"), key: try row.text("group_key")) }
            guard let answered else { continue }
            // Answered by the PBX, not a person: like an Asterisk leg the PBX answered, its call is
            // `abandoned` (the caller reached a machine), with no talk and nobody to pay.
            try connection.cached("UPDATE asterisk_legs SET agent = NULL, answered = 0 WHERE id = ?").run([.int(answered.id)])
            try connection.run(regroup, [":into": .text(answered.key), ":from": .text(application.uuid), ":batch": .int(batch)])
        }
        try legs.finish(report: &report)
        try CDRImporter.attachPendingRatings(connection: connection, report: &report)
    }

    /// How long after the answer the stock dialplan starts the application (`sleep 1000`, then bridge).
    static let applicationAnswerSlack: Int64 = 5
    /// Both legs hang up together; their end stamps may differ by a second.
    static let applicationEndSlack: Int64 = 2
}

/// A leg of a FreeSWITCH row, with what the importer needs besides.
struct FreeSWITCHLeg {
    let leg: AsteriskLeg
    var groupKey: String { leg.record.groupKey }
    var callerHash: Pseudonym? { leg.record.callerHash }
    var startedAt: Int64 { leg.record.span.startedAt }
    var endedAt: Int64 { leg.record.span.endedAt }
    /// `destination_number` as written.
    let hotlineSource: String?
}

extension AsteriskLeg {
    /// Validates a `mod_cdr_csv` row; the first problem found is the rejection.
    fileprivate static func freeswitch(
        _ f: AsteriskFields, legs: inout AsteriskLegStore, rules: FreeSWITCHRules, agentPattern: NSRegularExpression
    ) throws(RowImportError) -> FreeSWITCHLeg {
        typealias C = FreeSWITCHColumns
        guard let uuid = try f.text(C.uuid, maxBytes: Self.maxKeyBytes) else { throw f.reject(C.uuid, "required, but empty") }
        let duration = try f.seconds(C.duration)
        let billsec = try f.seconds(C.billsec)
        if billsec > duration { throw f.reject(C.billsec, "\(billsec) s is longer than duration (\(duration) s)") }
        let started = try f.instant(C.start, clock: &legs.clock, fold: .earlier)
        let ended = try f.instant(C.end, clock: &legs.clock, fold: .nearest(started + duration, tolerance: .max))
        if ended < started { throw f.reject(C.end, "before start") }
        if ended - started > CDRImporter.maxDurationSeconds { throw f.reject(C.end, "the leg lasts more than 24 h") }
        var answeredAt: Int64?
        if !f.value(C.answer).isEmpty {
            let answer = try f.instant(C.answer, clock: &legs.clock, fold: .nearest(ended - billsec, tolerance: .max))
            if answer < started { throw f.reject(C.answer, "before start") }
            if answer > ended { throw f.reject(C.answer, "after end") }
            answeredAt = answer
        } else if billsec > 0 {
            throw f.reject(C.answer, "empty, but billsec is \(billsec) s")
        }
        guard let destination = try f.text(C.destination, maxBytes: Self.maxNameBytes) else {
            throw f.reject(C.destination, "required, but empty")
        }
        let cause = f.value(C.hangupCause).string.uppercased()
        let disposition = answeredAt != nil ? "ANSWERED" : cause == "USER_BUSY" ? "BUSY"
            : ["NO_ANSWER", "NO_USER_RESPONSE", "ORIGINATOR_CANCEL", "ALLOTTED_TIMEOUT", "NORMAL_CLEARING"].contains(cause) ? "NO ANSWER"
            : "FAILED"

        var agent: String?
        if !rules.applications.contains(destination) {
            let range = NSRange(location: 0, length: destination.utf16.count)
            if let match = agentPattern.firstMatch(in: destination, range: range) {
                for group in 1..<match.numberOfRanges {
                    let found = match.range(at: group)
                    if found.location != NSNotFound, let bounds = Range(found, in: destination), !bounds.isEmpty {
                        let extensionName = String(destination[bounds])
                        agent = rules.names.agents[extensionName] ?? (AsteriskNames.isPhoneNumber(extensionName) ? nil : extensionName)
                        break
                    }
                }
            }
        }
        if let agent, agent.utf8.count > Self.maxNameBytes {
            throw f.reject(C.destination, "the agent '\(agent.prefix(40))…' is longer than \(Self.maxNameBytes) bytes")
        }
        let hotline = rules.names.hotlines[destination] ?? legs.names.hotline(destination, pseudonymizer: legs.context.pseudonymizer)
        let caller = f.value(C.callerNumber)
        let record = LegRecord(
            groupKey: uuid, uniqueid: uuid, span: LegSpan(startedAt: started, answeredAt: answeredAt, endedAt: ended), billsec: billsec,
            answered: answeredAt != nil, agent: agent, direction: .inbound, hotline: hotline, queue: nil,
            callerHash: caller.isEmpty ? nil : legs.context.pseudonymizer.pseudonym(caller))
        let leg = AsteriskLeg(
            record: record, groupKeyColumn: C.uuid, disposition: disposition,
            dstColumn: f.row.position(ofRawOffset: f.row.fieldRawOffset(C.destination)).column)
        return FreeSWITCHLeg(leg: leg, hotlineSource: destination)
    }

    /// A leg read by another format than the Asterisk CDR.
    fileprivate init(record: LegRecord, groupKeyColumn: Int?, disposition: String, dstColumn: Int) {
        // FreeSWITCH writes no channels, applications or linkedids: the Asterisk rules about them
        // (system applications, Local halves, trunk look-alikes) do not apply. Its own voicemail
        // rule is applied in `finish`.
        self.record = record
        self.groupKeyColumn = groupKeyColumn
        self.disposition = disposition
        self.channel = ""
        self.dstchannel = nil
        self.hasLinkedID = true
        self.dstLooksExternal = false
        self.srcLooksExternal = false
        self.dstColumn = dstColumn
        self.clockSkew = nil
    }
}
