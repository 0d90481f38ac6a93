import Foundation
import Testing
@testable import CallMeter

/// `Fixtures/asterisk/master-quirks.csv` (Europe/Zurich, summer time +02:00): doubled quotes and a
/// comma inside clid, commas and doubled quotes inside lastdata, unquoted empty answer fields, a
/// Latin-1 byte inside clid, rows in hang-up order (a transfer's second leg first), a PBX restart
/// after which channel names and uniqueid counters recur, BUSY and NO ANSWER rows with billsec > 0.
@Test func masterCSVQuirksGiveTheExpectedCalls() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(asteriskFixture("master-quirks.csv"), .asteriskCSV)
    #expect(report.format == "asterisk-csv")
    #expect(report.rowsRead == 11)
    #expect(report.rowsAccepted == 11)
    #expect(report.rowsRejected == 0)
    #expect(report.callsStored == 10)
    #expect(report.legsMerged == 1)
    #expect(report.warnings == [])
    #expect(try scratch.calls() == [
        // Queue call: the answered Local leg is kept (agent = the Local channel's extension); the
        // leg that rang agent 1002 is merged.
        StoredCall(callID: "1791964800.16", hotline: "800", agent: "1001", started: "2026-10-14T08:00:00Z",
                   answered: "2026-10-14T08:00:20Z", ended: "2026-10-14T08:05:20Z", disposition: "answered", talk: 300, queue: "support"),
        StoredCall(callID: "1791965400.17", hotline: "800", agent: "agent1003", started: "2026-10-14T08:10:00Z",
                   answered: "2026-10-14T08:10:05Z", ended: "2026-10-14T08:12:05Z", disposition: "answered", talk: 120),
        // BUSY although billsec is 27: missed, no talk.
        StoredCall(callID: "1791966000.18", hotline: "800", agent: "agent1003", started: "2026-10-14T08:20:00Z",
                   answered: nil, ended: "2026-10-14T08:20:27Z", disposition: "missed", talk: 0),
        // NO ANSWER although voicemail took 25 s: missed.
        StoredCall(callID: "1791966600.19", hotline: "800", agent: "agent1001", started: "2026-10-14T08:30:00Z",
                   answered: nil, ended: "2026-10-14T08:30:45Z", disposition: "missed", talk: 0),
        StoredCall(callID: "1791967200.20", hotline: "800", agent: "agent1004", started: "2026-10-14T08:40:00Z",
                   answered: nil, ended: "2026-10-14T08:40:00Z", disposition: "missed", talk: 0),
        // Answered by the PBX (Festival, no dstchannel: nothing bridged): nobody talked, so no agent,
        // no talk, and abandoned — the caller hung up on a machine (issue 15; was answered, 23 s).
        StoredCall(callID: "1791967800.21", hotline: "600", agent: nil, started: "2026-10-14T08:50:00Z",
                   answered: nil, ended: "2026-10-14T08:50:23Z", disposition: "abandoned", talk: 0),
        // Agent 1001 answered and handed the caller to agent 1002: transferred, kept with 1001's talk;
        // 1002's part is a call of its own, with 1002's talk, so that 1002 is paid for it.
        StoredCall(callID: "1791968400.30", hotline: "800", agent: "agent1001", started: "2026-10-14T09:00:00Z",
                   answered: "2026-10-14T09:00:05Z", ended: "2026-10-14T09:03:10Z", disposition: "transferred", talk: 60),
        StoredCall(callID: "1791968400.30#2", hotline: "800", agent: "agent1002", started: "2026-10-14T09:01:05Z",
                   answered: "2026-10-14T09:01:10Z", ended: "2026-10-14T09:03:10Z", disposition: "answered", talk: 120),
        // After the restart: SIP/carrier-00000000 and .0 / .16 again, but other calls.
        StoredCall(callID: "1791979200.0", hotline: "800", agent: "agent1002", started: "2026-10-14T12:00:00Z",
                   answered: "2026-10-14T12:00:03Z", ended: "2026-10-14T12:01:43Z", disposition: "answered", talk: 100),
        StoredCall(callID: "1791979500.16", hotline: "800", agent: "agent1001", started: "2026-10-14T12:05:00Z",
                   answered: "2026-10-14T12:05:10Z", ended: "2026-10-14T12:06:10Z", disposition: "answered", talk: 60),
    ])
    // The same caller before and after the restart has the same pseudonym; an empty src has none.
    let before = try scratch.callerHash("1791964800.16"), after = try scratch.callerHash("1791979500.16")
    #expect(before != nil && before == after)
    #expect(try scratch.callerHash("1791979200.0") == nil)
    // Neither the caller's number nor the name in clid is stored anywhere.
    let bytes = try scratch.databaseBytes()
    let leaked = ["0791234567", "0791112222", "Müller", "Weber"].filter { bytes.contains($0) }
    #expect(leaked == [])
}

/// The hotline dialled in `master-linkedid.csv`: a phone number, so named in the rules (else it is
/// kept only as a pseudonym, see `unnamedNumbersAreNotKeptInClear`).
private let mainLine = AsteriskRules(hotlines: ["0800100100": "+41800100100"])

/// 21 columns (Asterisk 12+): legs grouped by linkedid. The two halves of a Local channel answer
/// in the same second (one call, answered); a second agent answering after the first one's talk is
/// a transfer, and the second agent's part a call of its own (`KEY#2`).
@Test func legsAreGroupedByLinkedID() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(asteriskFixture("master-linkedid.csv"), .asteriskCSV, rules: mainLine)
    #expect(report.rowsAccepted == 5)
    #expect(report.callsStored == 3)
    #expect(report.legsMerged == 2)
    #expect(try scratch.calls() == [
        StoredCall(callID: "1791972000.40", hotline: "+41800100100", agent: "2001", started: "2026-10-14T10:00:00Z",
                   answered: "2026-10-14T10:00:30Z", ended: "2026-10-14T10:04:30Z", disposition: "answered", talk: 240, queue: "sales"),
        StoredCall(callID: "1791972600.50", hotline: "+41800100100", agent: "agent2001", started: "2026-10-14T10:10:00Z",
                   answered: "2026-10-14T10:10:05Z", ended: "2026-10-14T10:13:10Z", disposition: "transferred", talk: 60),
        StoredCall(callID: "1791972600.50#2", hotline: "+41800100100", agent: "agent2002", started: "2026-10-14T10:11:05Z",
                   answered: "2026-10-14T10:11:10Z", ended: "2026-10-14T10:13:10Z", disposition: "answered", talk: 120),
    ])
}

/// A call whose legs straddle two files comes out as if they had been in one, in either order.
@Test(arguments: [false, true])
func legsSplitAcrossFilesMakeOneCall(reversed: Bool) throws {
    let scratch = try ScratchStore()
    let lines = try String(contentsOfFile: asteriskFixture("master-linkedid.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
    // The originating leg in one file, the Local half and the unanswered leg in the other.
    let first = try scratch.file("Master.csv.1", lines[0] + "\n")
    let second = try scratch.file("Master.csv", lines[1] + "\n" + lines[2] + "\n")
    let files = reversed ? [second, first] : [first, second]
    _ = try scratch.ingest(files[0], .asteriskCSV, rules: mainLine)
    let report = try scratch.ingest(files[1], .asteriskCSV, rules: mainLine)
    // In file order the call is complete with its first leg; the other way round, its originating
    // leg arrives last and changes hotline, agent and start.
    #expect(report.callsStored == 0)
    #expect(report.callsUpdated == (reversed ? 1 : 0))
    #expect(report.legsMerged == (reversed ? 1 : 2))
    #expect(try scratch.calls() == [
        StoredCall(callID: "1791972000.40", hotline: "+41800100100", agent: "2001", started: "2026-10-14T10:00:00Z",
                   answered: "2026-10-14T10:00:30Z", ended: "2026-10-14T10:04:30Z", disposition: "answered", talk: 240, queue: "sales"),
    ])
}

/// Master.csv grows: ingesting it again with more rows stores the new calls only; the old legs
/// are duplicates and their calls do not change.
@Test func aGrownFileAddsOnlyItsNewRows() throws {
    let scratch = try ScratchStore()
    let bytes = try #require(FileManager.default.contents(atPath: asteriskFixture("master-quirks.csv")))
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    _ = try scratch.ingest(try scratch.file("day1.csv", Array(lines.prefix(6).joined(separator: [10])) + [10]), .asteriskCSV)
    let report = try scratch.ingest(asteriskFixture("master-quirks.csv"), .asteriskCSV)
    #expect(report.rowsDuplicate == 6)
    #expect(report.rowsAccepted == 5)
    #expect(try scratch.int("SELECT count(*) FROM calls") == 10)
    // 783 s before issue 15, less the 23 s of the Festival leg nobody talked on.
    #expect(try scratch.int("SELECT sum(talk_seconds) FROM calls") == 760)
}

/// 16 columns: no uniqueid, so every row is its own call, named `channel@start`.
@Test func sixteenColumnsMakeOneCallPerRow() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(asteriskFixture("master-16.csv"), .asteriskCSV)
    #expect(report.callsStored == 2)
    #expect(try scratch.calls().map(\.callID) == ["SIP/100-00000000@2026-10-14T07:00:00Z", "SIP/100-00000000@2026-10-14T07:30:00Z"])
}

/// 17 columns: the file cannot say whether the 17th is the uniqueid or the userfield.
@Test func seventeenColumnsNeedToBeNamed() throws {
    let scratch = try ScratchStore()
    let error = #expect(throws: IngestFileError.self) { try scratch.ingest(asteriskFixture("master-17.csv"), .asteriskCSV) }
    #expect(error?.description == "1:1: this row has 17 columns: the 17th is the uniqueid or the userfield (cdr_csv loguniqueid / "
        + "loguserfield) and the file cannot say which; run again with --columns uniqueid or --columns userfield")
    #expect(try scratch.int("SELECT count(*) FROM batches") == 0)
}

/// Named, the two legs (one caller channel ringing two phones) group by the uniqueid, or — the
/// 17th column being a userfield — by channel and start.
@Test(arguments: [(AsteriskSeventeenthColumn.uniqueid, "1791961200.0"), (.userfield, "SIP/100-00000000@2026-10-14T07:00:00Z")])
func seventeenColumnsOnceNamed(_ column: AsteriskSeventeenthColumn, callID: String) throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(asteriskFixture("master-17.csv"), .asteriskCSV, columns: column)
    #expect(report.callsStored == 1)
    #expect(report.legsMerged == 1)
    #expect(try scratch.calls().map(\.callID) == [callID])
}

/// Sunday 29 March 2026 in Europe/Zurich: 02:00–02:59 does not exist. Talk is billsec, never end −
/// answer (which the wall clock makes an hour too long); a time in the gap is refused, not guessed.
@Test func springForwardInZurich() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(asteriskFixture("master-dst-2026-03-29.csv"), .asteriskCSV)
    #expect(report.firstRejects.map(\.description) == [
        asteriskFixture("master-dst-2026-03-29.csv") + ":2:133: start: '2026-03-29 02:30:00' does not exist in Europe/Zurich: "
            + "clocks jumped from +01:00 to +02:00 (are the times of this file in another zone? see --timezone)",
    ])
    #expect(try scratch.calls() == [
        StoredCall(callID: "1774745990.1", hotline: "800", agent: "agent1001", started: "2026-03-29T00:59:50Z",
                   answered: "2026-03-29T00:59:55Z", ended: "2026-03-29T01:00:20Z", disposition: "answered", talk: 25),
        StoredCall(callID: "1774747800.5", hotline: "800", agent: "agent1001", started: "2026-03-29T01:30:00Z",
                   answered: "2026-03-29T01:30:05Z", ended: "2026-03-29T01:31:05Z", disposition: "answered", talk: 60),
    ])
}

/// Sunday 25 October 2026 in Europe/Zurich: 02:00–02:59 happens twice. The uniqueid's epoch says
/// which; without a uniqueid the earlier (summer time) is taken; end and answer follow from
/// duration and billsec, even when the wall clock ends before it starts.
@Test func fallBackInZurich() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(asteriskFixture("master-dst-2026-10-25.csv"), .asteriskCSV)
    #expect(report.rowsRejected == 0)
    #expect(try scratch.calls() == [
        StoredCall(callID: "1792888800.3", hotline: "800", agent: "agent1002", started: "2026-10-25T00:40:00Z",
                   answered: "2026-10-25T00:40:05Z", ended: "2026-10-25T00:41:05Z", disposition: "answered", talk: 60),
        StoredCall(callID: "SIP/carrier-00000005@2026-10-25T00:45:00Z", hotline: "800", agent: "agent1003", started: "2026-10-25T00:45:00Z",
                   answered: "2026-10-25T00:45:05Z", ended: "2026-10-25T00:46:05Z", disposition: "answered", talk: 60),
        StoredCall(callID: "1792889990.7", hotline: "800", agent: "agent1004", started: "2026-10-25T00:59:50Z",
                   answered: "2026-10-25T00:59:55Z", ended: "2026-10-25T01:00:10Z", disposition: "answered", talk: 15),
        StoredCall(callID: "1792891800.1", hotline: "800", agent: "agent1001", started: "2026-10-25T01:30:00Z",
                   answered: "2026-10-25T01:30:05Z", ended: "2026-10-25T01:31:05Z", disposition: "answered", talk: 60),
    ])
}

/// Bad rows are rejected with file:line:column, field and reason; the good row is stored.
@Test func badRowsAreRejectedWithTheirPlace() throws {
    let scratch = try ScratchStore()
    let path = asteriskFixture("master-bad.csv")
    let report = try scratch.ingest(path, .asteriskCSV)
    #expect(report.rowsRead == 10)
    #expect(report.rowsAccepted == 1)
    #expect(report.firstRejects.map(\.description) == [
        "\(path):2:205: disposition: 'HUNG UP' is not one of ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION",
        "\(path):3:202: billsec: 70 s is longer than duration (65 s)",
        "\(path):4:177: end: before start",
        "\(path):5:133: start: '2026-10-14 25:00:00' is not a time like 2026-10-25 02:30:00 (no such time of day)",
        "\(path):6:17: dst: not valid UTF-8",
        "\(path):7:1: row: expected 16, 17, 18 or 21 fields (the cdr_csv layout), found 19",
        "\(path):8:232: uniqueid: 1791964800.1 already names a call of 2026-10-14T08:00:00Z (\(path) line 1) — more than 24 h away; "
            + "a restarted PBX or a second one reused the id: not merged",
        "\(path):9:155: answer: empty, but the leg is ANSWERED with billsec 30 s",
        "\(path):10:248: userfield: unterminated quoted field (the file ends inside quotes)",
    ])
    #expect(try scratch.int("SELECT count(*) FROM rejects") == 9)
    #expect(try scratch.calls().map(\.callID) == ["1791964800.1"])
}

/// A call id stored from another source (a native file) is not merged into.
@Test func aCallFromAnotherFormatIsNotMerged() throws {
    let scratch = try ScratchStore()
    let native = try scratch.file("cdr.csv", """
        call_id,hotline,agent_id,started_at,ended_at,disposition,talk_seconds
        1791964800.1,800,a1,2026-10-14T08:00:00Z,2026-10-14T08:01:05Z,answered,60

        """)
    _ = try Ingestion(store: scratch.store).ingest(file: native, kind: .cdr)
    let path = asteriskFixture("master-bad.csv")
    let report = try scratch.ingest(path, .asteriskCSV)
    #expect(report.firstRejects.first?.description == "\(path):1:232: uniqueid: call 1791964800.1 is already stored from \(native) line 2 (native) (another format): not merged")
}

/// Times in another zone than assumed are noticed from the uniqueid's clock.
@Test func aWrongTimeZoneIsReported() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(asteriskFixture("master-quirks.csv"), .asteriskCSV, zone: "UTC")
    // Foundation on Linux names UTC "GMT".
    let zone = try #require(TimeZone(identifier: "UTC")).identifier
    #expect(report.warnings == [
        "11 of 11 rows start 2 h later than the clock in their uniqueid says (most often): their times are probably not in \(zone); check --timezone",
    ])
}

/// Trunks: a leg to a trunk is an outbound call of the agent on its channel side; names are mapped.
@Test func trunksAndRenames() throws {
    let scratch = try ScratchStore()
    let rules = AsteriskRules(agents: ["1115": "a115", "1141": "a141"], trunks: ["carrier"], hotlines: ["6001": "+18005550100"])
    _ = try scratch.ingest(asteriskFixture("cdr-table.csv"), .asteriskCDRTable, zone: "America/New_York", rules: rules)
    let calls = try scratch.calls()
    #expect(calls.map(\.hotline) == ["+18005550100", try scratch.hotlinePseudonym("2125550123"), "+18005550100"])
    #expect(calls.map(\.agent) == ["a141", "a115", "1127"])
    #expect(calls.map(\.direction) == ["inbound", "outbound", "inbound"])
}

/// A dst that is a phone number the rules do not name (an agent dialling out, with no trunk list)
/// is not kept in clear: the hotline is `#` and 16 hex digits of its HMAC. Nor is a Local channel
/// to a phone number taken for an agent.
@Test func unnamedNumbersAreNotKeptInClear() throws {
    let scratch = try ScratchStore()
    let path = try scratch.file("Master.csv", #"""
        "","1001","0797654321","from-internal","""Agent"" <1001>","SIP/agent1001-00000001","Local/0797654321@outbound-00000002;1","Dial","Local/0797654321@outbound","2026-10-14 12:00:00","2026-10-14 12:00:10","2026-10-14 12:01:10",70,60,"ANSWERED","DOCUMENTATION","1791972000.1",""

        """#)
    _ = try scratch.ingest(path, .asteriskCSV)
    let call = try #require(try scratch.calls().first)
    #expect(call.hotline == (try scratch.hotlinePseudonym("0797654321")))
    #expect(call.hotline.count == 17)
    #expect(call.agent == nil)
    let leaked = try scratch.databaseBytes().contains("0797654321")
    #expect(!leaked)
}

/// A cheap fuzz pass: every single-byte change (and every cut) of a two-leg file is ingested or
/// refused as a whole, never a crash; whatever is stored stays consistent (legs = calls + merged).
@Test(arguments: [IngestFormat.asteriskCSV, .asteriskCDRTable])
func mutatedFilesNeverCrash(_ format: IngestFormat) throws {
    let scratch = try ScratchStore()
    let source = format == .asteriskCSV ? "master-linkedid.csv" : "cdr-table.csv"
    let bytes = Array(try #require(FileManager.default.contents(atPath: asteriskFixture(source))).prefix(format == .asteriskCSV ? 560 : 700))
    let replacements: [UInt8] = [0x0A, 0x22, 0x2C, 0x2D, 0x39, 0xFF]
    var variants: [[UInt8]] = []
    for offset in stride(from: 0, to: bytes.count, by: 5) {
        for replacement in replacements where bytes[offset] != replacement {
            var mutated = bytes
            mutated[offset] = replacement
            variants.append(mutated)
        }
    }
    for length in stride(from: 0, to: bytes.count, by: 23) { variants.append(Array(bytes.prefix(length))) }
    var ingested = 0
    for (index, variant) in variants.enumerated() {
        let path = try scratch.file("fuzz-\(index).csv", variant)
        if let report = try? scratch.ingest(path, format) {
            ingested += 1
            #expect(report.rowsRead == report.rowsAccepted + report.rowsDuplicate + report.rowsRejected)
            #expect(report.rowsAccepted == report.callsStored + report.legsMerged)
        }
        try? FileManager.default.removeItem(atPath: path)
    }
    #expect(ingested > variants.count / 2)
    #expect(try scratch.int("SELECT count(*) FROM asterisk_legs") == scratch.int("SELECT count(*) FROM calls")
        + scratch.int("SELECT sum(rows_merged) FROM batches"))
}

/// Hand-overs: a chain of transfers gives one call per agent in the order they answered; agents
/// who answer while the first one still talks (a ConfBridge, an attended transfer's consultation)
/// are no hand-over; the two halves of the next agent's Local channel are not added up.
@Test func handOversGiveEachAgentACallOfTheirOwn() throws {
    let scratch = try ScratchStore()
    // accountcode,src,dst,dcontext,clid,channel,dstchannel,lastapp,lastdata,start,answer,end,duration,billsec,disposition,
    // amaflags,uniqueid,userfield,peeraccount,linkedid,sequence
    func leg(_ dstchannel: String, _ start: String, _ answer: String, _ end: String, _ billsec: Int, app: String = "Dial",
             id: String, linkedid: String) -> String {
        "\"\",\"0791234567\",\"800\",\"from-carrier\",\"\",\"SIP/carrier-1\",\"\(dstchannel)\",\"\(app)\",\"\","
            + "\"2026-10-14 \(start)\",\"2026-10-14 \(answer)\",\"2026-10-14 \(end)\",\(billsec + 5),\(billsec),\"ANSWERED\","
            + "\"DOCUMENTATION\",\"\(id)\",\"\",\"\",\"\(linkedid)\",1"
    }
    let path = try scratch.file("Master.csv", [
        // A → B → C: three agents, each talking after the one before.
        leg("SIP/a1-01", "11:00:00", "11:00:05", "11:01:05", 60, id: "1791968400.1", linkedid: "1791968400.1"),
        leg("Local/b2@agents-02;1", "11:01:05", "11:01:08", "11:03:08", 120, id: "1791968465.2", linkedid: "1791968400.1"),
        leg("Local/b2@agents-02;2", "11:01:05", "11:01:08", "11:03:08", 120, id: "1791968465.3", linkedid: "1791968400.1"),
        leg("SIP/c3-03", "11:03:08", "11:03:10", "11:04:10", 60, id: "1791968588.4", linkedid: "1791968400.1"),
        // A conference: d4 talks for 10 min, e5 joins after 1 min and stays.
        leg("SIP/d4-04", "12:00:00", "12:00:01", "12:10:01", 600, app: "ConfBridge", id: "1791972000.5", linkedid: "1791972000.5"),
        leg("SIP/e5-05", "12:01:00", "12:01:01", "12:10:01", 540, app: "ConfBridge", id: "1791972060.6", linkedid: "1791972000.5"),
    ].joined(separator: "\n") + "\n")
    let report = try scratch.ingest(path, .asteriskCSV)
    #expect(report.rowsAccepted == 6)
    #expect(report.callsStored == 4)
    let calls = try scratch.calls().map { "\($0.callID) \($0.agent ?? "-") \($0.disposition) \($0.talk)" }
    #expect(calls == [
        "1791968400.1 a1 transferred 60",
        "1791968400.1#2 b2 answered 120",
        "1791968400.1#3 c3 answered 60",
        "1791972000.5 d4 answered 600",
    ])
}

/// A Master.csv whose rows are only legs of calls stored from an earlier file: its rows are stored
/// (as legs of those calls), so it is not a failed ingest, and it counts as ingested.
@Test func aFileOfLegsOfStoredCallsIsNotAFailedIngest() throws {
    let scratch = try ScratchStore()
    let lines = try String(contentsOfFile: asteriskFixture("master-linkedid.csv"), encoding: .utf8).split(separator: "\n").map { String($0) + "\n" }
    let first = try scratch.file("first.csv", lines[0])
    let legs = try scratch.file("legs.csv", lines[1...2].joined())
    _ = try scratch.ingest(first, .asteriskCSV, rules: mainLine)
    let report = try scratch.ingest(legs, .asteriskCSV, rules: mainLine)
    #expect(report.rowsAccepted == 2 && report.rowsRejected == 0)
    #expect(report.callsStored == 0)
    #expect(!report.noRowStored)
    #expect(try scratch.ingest(legs, .asteriskCSV, rules: mainLine).alreadyIngested)
}
