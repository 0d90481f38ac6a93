import Foundation
import Testing
@testable import CallMeter

/// What the counter script and the database say about one file.
private struct Counts: Equatable, Decodable {
    struct Agent: Equatable, Decodable {
        var calls: Int
        var answered: Int
        var talk: Int
    }
    var calls: Int
    var answered: Int
    var talk: Int
    var agents: [String: Agent]
}

private struct ScriptCounts: Decodable {
    var rows: Int
    var multi_leg_groups: Int
    var calls: Int
    var answered: Int
    var talk: Int
    var agents: [String: Counts.Agent]

    var counts: Counts { Counts(calls: calls, answered: answered, talk: talk, agents: agents) }
}

/// Runs the counter on `file` read as `kind`.
private func scriptCounts(_ kind: String, _ file: String) throws -> ScriptCounts {
    let script = asteriskPackageRoot.appendingPathComponent("Tests/RealDataCounters/count_pbx_cdr.py").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, kind, file]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "count_pbx_cdr.py \(kind) failed")
    return try JSONDecoder().decode(ScriptCounts.self, from: data)
}

/// The same figures from the calls CallMeter stored; a call without an agent is under `-`.
private func storedCounts(_ scratch: ScratchStore) throws -> Counts {
    let answered = "c.disposition IN ('answered', 'transferred')"
    var agents: [String: Counts.Agent] = [:]
    let rows = try scratch.store.connection.prepare("""
        SELECT coalesce(a.agent_id, '-'), count(*), sum(\(answered)), sum(CASE WHEN \(answered) THEN c.talk_seconds ELSE 0 END)
        FROM calls c LEFT JOIN agents a ON a.id = c.agent GROUP BY 1
        """).rows([]) { row -> (String, Counts.Agent) in
            (row.text(0), Counts.Agent(calls: Int(row.int64(1)), answered: Int(row.int64(2)), talk: Int(row.int64(3))))
        }
    for (agent, counts) in rows { agents[agent] = counts }
    return Counts(
        calls: Int(try scratch.int("SELECT count(*) FROM calls")), answered: Int(try scratch.int("SELECT count(*) FROM calls c WHERE \(answered)")),
        talk: Int(try scratch.int("SELECT coalesce(sum(talk_seconds), 0) FROM calls c WHERE \(answered)")), agents: agents)
}

private func settings(_ format: IngestFormat, zone: String, layout: String? = nil) throws -> IngestSettings {
    var settings = ScratchStore.settings(format, zone: zone)
    if let layout {
        let known = AsteriskRules().layout(named: layout)
        #expect(known != nil, "no layout \(layout)")
        settings.asteriskLayout = known
    }
    return settings
}

/// `asterisk-cdr-custom-master-csv/Master.csv`: `cdr_custom` with the stock sample mapping (19
/// quoted columns, no header) → `--format asterisk-csv --layout cdr-custom-sample`, times in
/// Indian/Antananarivo (UTC+3: the uniqueid epochs are 3 h before the written starts).
/// SOURCE.txt: 14 rows, 14 calls, 11 ANSWERED, billsec 78 — the same here: every uniqueid is
/// different and there is no linkedid, so each row is a call; the agent is the PJSIP endpoint
/// that answered (dstchannel), client1 or client2.
@Test(.enabled(if: realData != nil, noRealData))
func cdrCustomSampleLayout() throws {
    let file = try realFile("asterisk-cdr-custom-master-csv/Master.csv")
    let scratch = try ScratchStore()
    let report = try Ingestion(store: scratch.store).ingest(
        file: file, kind: .cdr, settings: try settings(.asteriskCSV, zone: "Indian/Antananarivo", layout: "cdr-custom-sample"))
    let expected = try scriptCounts("cdr-custom-sample", file)
    #expect(expected.rows == 14 && expected.multi_leg_groups == 0)
    #expect(report.rowsRead == 14)
    #expect(report.rowsAccepted == 14)
    #expect(report.rowsRejected == 0)
    #expect(report.warnings == [])
    #expect(try storedCounts(scratch) == expected.counts)
    #expect(expected.counts.calls == 14 && expected.answered == 11 && expected.talk == 78)
    #expect(expected.agents == ["client1": .init(calls: 5, answered: 3, talk: 17), "client2": .init(calls: 9, answered: 8, talk: 61)])
}

/// `freepbx-cdr-report-export/cdr-excel-resaved.csv`: FreePBX 13's cdr table re-saved by a
/// spreadsheet without its header (25 columns, `1/9/2017 16:33:01`) → `--layout
/// freepbx13-cdr-table`, Europe/Lisbon. SOURCE.txt: 856 rows, 747 ANSWERED, billsec 154,105: the
/// rows and legs are all read (856 stored). What they become follows the rules of issue 15, as
/// counted by `Tests/RealDataCounters/count_asterisk_cdr.py freepbx13` (its output committed as
/// `freepbx-cdr-excel-resaved.json`):
/// - 803 calls: the 53 `Local/0@from-internal;2` operator halves (no linkedid column) join the call
///   that dialled their `;1` half.
/// - 230 answered, 45,118 talk seconds: 517 calls were answered only by the PBX and are abandoned,
///   paying nobody — VoiceMail 111, Hangup 105, Read 15 (56,031 s of a stuck IVR), Queue 10, ChanSpy 3
///   (21,659 s), Echo 3 (22,586 s), Playback, Wait, Record … with no dstchannel, and the VoiceMail
///   legs on a busy agent's channel; 56 missed.
/// - Per agent: extensions 105–117; the operator `0` and `Local/900@…` credit nobody.
@Test(.enabled(if: realData != nil, noRealData))
func freePBXHeaderlessResaveLayout() throws {
    let file = try realFile("freepbx-cdr-report-export/cdr-excel-resaved.csv")
    let scratch = try ScratchStore()
    let report = try Ingestion(store: scratch.store).ingest(
        file: file, kind: .cdr, settings: try settings(.asteriskCSV, zone: "Europe/Lisbon", layout: "freepbx13-cdr-table"))
    #expect(report.rowsRead == 856)
    #expect(report.rowsAccepted == 856)
    #expect(report.rowsRejected == 0)
    #expect(report.legsMerged == 53)
    // The uniqueid epochs agree with the day-first dates read in Lisbon's zone.
    #expect(report.warnings == [])
    let stored = try CDRFigures(stored: scratch)
    #expect(stored == (try CDRFigures(
        counted: "freepbx-cdr-excel-resaved", arguments: ["freepbx13", "freepbx-cdr-report-export/cdr-excel-resaved.csv"])))
    #expect(stored.calls == 803 && stored.answered == 230 && stored.abandoned == 517 && stored.missed == 56 && stored.talk == 45_118)
    // 1 September 2017 16:33:01 in Lisbon (UTC+1), the first row: day first.
    #expect(try scratch.int("SELECT count(*) FROM calls WHERE call_id = '1504279981.1' AND started_at = 1504279981") == 1)
}

/// `freeswitch-cdr-csv-default/Master.csv`: FreeSWITCH `mod_cdr_csv`, default template →
/// `--format freeswitch-csv`, Asia/Ho_Chi_Minh. SOURCE.txt: 54 rows, 37 with answer_stamp,
/// billsec 1,186. Here 46 calls: the 8 `voicemail` legs (the stock dialplan's loopback to
/// voicemail, a second after it answered the caller's leg) join the call they belong to instead of
/// being missed calls of their own. Those 8 calls were answered by the PBX, not a person: abandoned,
/// as Asterisk's PBX-answered calls are, so 29 answered calls with 929 s of talk (the 37 answer
/// stamps and 1,186 s less the 8 voicemail answers and their 257 s). No b-leg is in the file
/// (`legs="a"`, the default): the bleg_uuids name loopback channels that wrote no row.
///
/// Per agent (Rules/freeswitch.json's defaults: a 4-digit destination is an agent): every answered
/// call to 1000 or 1001 was answered by the PBX for voicemail, so pays nobody; 1000 keeps 4
/// unanswered calls. The 29 answered calls to `201725` / `*201725` (not an extension) are nobody's.
@Test(.enabled(if: realData != nil, noRealData))
func freeSWITCHDefaultTemplate() throws {
    let file = try realFile("freeswitch-cdr-csv-default/Master.csv")
    let scratch = try ScratchStore()
    let report = try Ingestion(store: scratch.store).ingest(file: file, kind: .cdr, settings: try settings(.freeswitchCSV, zone: "Asia/Ho_Chi_Minh"))
    let expected = try scriptCounts("freeswitch-default", file)
    #expect(expected.rows == 54 && expected.multi_leg_groups == 8)
    #expect(report.rowsRead == 54)
    #expect(report.rowsAccepted == 54)
    #expect(report.rowsRejected == 0)
    #expect(report.callsStored == 46)
    #expect(report.legsMerged == 8)
    #expect(try storedCounts(scratch) == expected.counts)
    #expect(expected.counts.calls == 46 && expected.answered == 29 && expected.talk == 929)
    #expect(try scratch.int("SELECT count(*) FROM calls WHERE disposition = 'abandoned' AND agent IS NULL AND talk_seconds = 0") == 8)
    #expect(expected.agents["1000"] == .init(calls: 4, answered: 0, talk: 0))
    #expect(try scratch.int("SELECT count(*) FROM hotlines WHERE hotline = 'voicemail'") == 0)
    // Ingesting it again is a no-op.
    let again = try Ingestion(store: scratch.store).ingest(file: file, kind: .cdr, settings: try settings(.freeswitchCSV, zone: "Asia/Ho_Chi_Minh"))
    #expect(again.alreadyIngested)
}

/// `freeswitch-cdr-csv/Master.csv` went through a spreadsheet: quotes stripped and times like
/// `2020/2/10 22:41` without seconds, so answer and end cannot be placed (billsec 327 between
/// stamps 5 min apart). Refused as a whole, saying why and what to ingest instead; nothing stored.
@Test(.enabled(if: realData != nil, noRealData))
func freeSWITCHSpreadsheetResaveIsRefused() throws {
    let scratch = try ScratchStore()
    let error = #expect(throws: IngestFileError.self) {
        try Ingestion(store: scratch.store).ingest(
            file: try realFile("freeswitch-cdr-csv/Master.csv"), kind: .cdr, settings: try settings(.freeswitchCSV, zone: "Asia/Shanghai"))
    }
    guard case .layout(let line, _, let reason) = error else {
        Issue.record("expected a layout error, got \(String(describing: error))")
        return
    }
    #expect(line == 1)
    #expect(reason.contains("start_stamp '2020/2/10 22:41' is not how mod_cdr_csv writes a time"))
    #expect(reason.contains("re-saved by a spreadsheet"))
    #expect(try scratch.int("SELECT count(*) FROM calls") == 0)
    #expect(try scratch.int("SELECT count(*) FROM batches") == 0)
}

/// Header-less files given a format that expects a header: the first row is data, and the error
/// names the option that fits instead of `column '27' appears twice`.
@Test(.enabled(if: realData != nil, noRealData), arguments: [
    ("freepbx-cdr-report-export/cdr-excel-resaved.csv", IngestFormat.native, "--format asterisk-csv --layout freepbx13-cdr-table"),
    ("freepbx-cdr-report-export/cdr-excel-resaved.csv", IngestFormat.asteriskCDRTable, "--format asterisk-csv --layout freepbx13-cdr-table"),
    ("freeswitch-cdr-csv-default/Master.csv", IngestFormat.native, "--format freeswitch-csv"),
    ("freeswitch-cdr-csv-default/Master.csv", IngestFormat.asteriskCDRTable, "--format freeswitch-csv"),
    ("asterisk-cdr-custom-master-csv/Master.csv", IngestFormat.native, "--format asterisk-csv --layout cdr-custom-sample"),
    ("asterisk-cdr-csv-lab/Master.csv", IngestFormat.asteriskCDRTable, "--format asterisk-csv"),
])
func headerlessRealFileSaysWhichFormatFits(_ path: String, _ format: IngestFormat, _ fit: String) throws {
    let scratch = try ScratchStore()
    let error = #expect(throws: IngestFileError.self) {
        try Ingestion(store: scratch.store).ingest(file: try realFile(path), kind: .cdr, settings: ScratchStore.settings(format))
    }
    guard case .header(_, _, let reason) = error else {
        Issue.record("expected a header error, got \(String(describing: error))")
        return
    }
    #expect(reason.hasPrefix("the first row looks like data, not a header"))
    #expect(reason.hasSuffix("its fields fit \(fit)"))
}

/// A FreePBX "CDR Reports" download (the CDR table with its header) given to the native format.
@Test(.enabled(if: realData != nil, noRealData))
func asteriskTableHeaderToNativeSuggestsTheTableFormat() throws {
    let scratch = try ScratchStore()
    let error = #expect(throws: IngestFileError.self) {
        try Ingestion(store: scratch.store).ingest(
            file: try realFile("freepbx-cdr-report-export/cdr__1504525205ucoip.g9telecom.pt.csv"), kind: .cdr,
            settings: ScratchStore.settings(.native))
    }
    guard case .header(_, _, let reason) = error else {
        Issue.record("expected a header error, got \(String(describing: error))")
        return
    }
    #expect(reason.hasSuffix("; this is the header of the Asterisk CDR table: use --format asterisk-cdr-table"))
}
