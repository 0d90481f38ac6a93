import Foundation
import Testing
@testable import CallMeter

// Issue 15: real PBXs in the field — the FreePBX "CDR Reports" export, the Elastix cdr table and
// Issabel's Master.csv, each held against an independent count
// (`Tests/RealDataCounters/count_asterisk_cdr.py`, its output committed next to it).

/// Calls, answered (or transferred) calls, abandoned, missed, talk seconds, and per agent its
/// answered calls and talk: what the counter prints, and what the database holds.
struct CDRFigures: Decodable, Equatable, CustomStringConvertible {
    var calls: Int64
    var answered: Int64
    var abandoned: Int64
    var missed: Int64
    var talk: Int64
    var agents: [String: [Int64]]

    var description: String {
        "\(calls) calls, \(answered) answered, \(abandoned) abandoned, \(missed) missed, \(talk) s; "
            + agents.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }

    /// What a scratch database holds.
    init(stored scratch: ScratchStore) throws {
        calls = try scratch.int("SELECT count(*) FROM calls")
        answered = try scratch.int("SELECT count(*) FROM calls WHERE disposition IN ('answered', 'transferred')")
        abandoned = try scratch.int("SELECT count(*) FROM calls WHERE disposition = 'abandoned'")
        missed = try scratch.int("SELECT count(*) FROM calls WHERE disposition = 'missed'")
        talk = try scratch.int("SELECT coalesce(sum(talk_seconds), 0) FROM calls")
        var agents: [String: [Int64]] = [:]
        let rows = try scratch.store.connection.prepare("""
            SELECT a.agent_id, count(*), sum(c.talk_seconds) FROM calls c JOIN agents a ON a.id = c.agent
            WHERE c.disposition IN ('answered', 'transferred') GROUP BY a.agent_id
            """).rows { ($0.text(0), $0.int64(1), $0.int64(2)) }
        for (agent, count, seconds) in rows { agents[agent] = [count, seconds] }
        self.agents = agents
    }

    /// The counter's committed output `Tests/RealDataCounters/NAME.json`; when python3 is on the
    /// machine the counter runs again on the files (`arguments`) and must print the same.
    init(counted name: String, arguments: [String]) throws {
        let directory = asteriskPackageRoot.appendingPathComponent("Tests/RealDataCounters")
        let committed = try #require(FileManager.default.contents(atPath: directory.appendingPathComponent("\(name).json").path))
        self = try JSONDecoder().decode(CDRFigures.self, from: committed)
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile(atPath:)),
              let root = realData
        else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [directory.appendingPathComponent("count_asterisk_cdr.py").path] + arguments
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let live = try JSONDecoder().decode(CDRFigures.self, from: printed)
        #expect(live == self, "the counter no longer prints what \(name).json holds")
    }
}

/// Agent ids that are phone numbers (a run of 9+ digits) or URIs: there must be none.
private func phoneLikeAgents(_ scratch: ScratchStore) throws -> [String] {
    try scratch.store.connection.prepare("SELECT agent_id FROM agents ORDER BY agent_id").rows { $0.text(0) }
        .filter { $0.contains("@") || AsteriskNames.longestDigitRun($0) >= 9 }
}

private let freePBXFiles = [
    "freepbx-cdr-report-export/cdr__1504525205ucoip.g9telecom.pt.csv",
    "freepbx-cdr-report-export/cdr__1504541678ucoip.g9telecom.pt.csv",
    "freepbx-cdr-report-export/cdr__1504542198ucoip.g9telecom.pt.csv",
]

/// The three FreePBX "CDR Reports" downloads (`--format asterisk-cdr-table --timezone
/// Europe/Lisbon`, one after the other; they overlap).
///
/// SOURCE.txt counts 115 distinct legs = 115 uniqueid groups, 102 ANSWERED, billsec 9,392. Here:
/// - 103 calls: the 12 `Local/0@from-internal;2` operator halves (NO ANSWER) have a uniqueid of their
///   own but are legs of the call that dialled `Local/0@…;1` (no linkedid in this export).
/// - 39 answered, 63 abandoned, 1 missed: of the 102 ANSWERED legs, 63 were answered by the PBX —
///   62 VoiceMail legs (37 with the busy agent's SIP channel or the operator's Local channel as
///   dstchannel, 318 s, which paid agents 112, 114 … before; 25 with no dstchannel) and 1 Hangup
///   leg with no dstchannel — so nobody connected and they pay nobody.
/// - 8,893 talk seconds = 9,392 − the 499 s of those 63 legs (476 s of them VoiceMail).
/// - Per agent (answered calls, talk): see `freepbx-cdr-report-export.json`; 107 … 114, no Local/0.
@Test(.enabled(if: realData != nil, noRealData))
func freePBXCDRReportExport() throws {
    let scratch = try ScratchStore()
    var duplicates = 0
    for file in freePBXFiles {
        let report = try scratch.ingest(try realFile(file), .asteriskCDRTable, zone: "Europe/Lisbon")
        #expect(report.rowsRejected == 0)
        #expect(report.warnings == [])
        duplicates += report.rowsDuplicate
    }
    #expect(duplicates == 89 + 96)
    let stored = try CDRFigures(stored: scratch)
    #expect(stored == (try CDRFigures(counted: "freepbx-cdr-report-export", arguments: ["table"] + freePBXFiles)))
    #expect(stored.calls == 103 && stored.answered == 39 && stored.abandoned == 63 && stored.missed == 1 && stored.talk == 8_893)
    #expect(stored.agents["112"] == [5, 3347])
    #expect(try phoneLikeAgents(scratch) == [])
    // Nobody is credited with a VoiceMail leg's seconds: no call of this export is answered with the
    // agent a VoiceMail leg named and that leg's billsec alone.
    #expect(try scratch.int("SELECT count(*) FROM agents WHERE agent_id = '0'") == 0)
}

private let elastixTrunks: Set<String> = ["Nextor", "mambo", "Melia1", "Melia2"]

/// The Elastix `asteriskcdrdb.cdr` dump (`--format asterisk-cdr-table --timezone
/// America/Mexico_City`, with `"trunks": ["Nextor", "mambo", "Melia1", "Melia2"]` as the README
/// documents for this PBX).
///
/// SOURCE.txt counts 2,633 rows, 2,619 uniqueid groups, 1,895 answered groups, billsec 261,072
/// (answered legs). Here:
/// - 2,289 calls = 2,277 groups once the `;2` halves of Local channels (queue members
///   `Local/460@from-queue`, ring groups `Local/RG-600-…#`, the follow-me numbers they dial) are
///   joined to the call that dialled their `;1` half (no linkedid in Asterisk 1.8: 342 groups
///   fewer), + 12 calls of agents the caller was handed on to (`KEY#2`).
/// - 465 abandoned: groups answered only by the PBX — 453 with no dstchannel (IVR BackGround 90,
///   ChanSpy 49, Read 43, VoiceMail 47, AGI, Swift TTS, … and the 18 calls answered only by the
///   `Queue` application, 807 s, where nobody connected) and 12 whose PBX leg had a dstchannel
///   (VoiceMail, Playback, WaitExten, Hangup on the vmblast groups `Local/0813`, `Local/0814`).
/// - 1,297 answered, 527 missed, 224,268 talk seconds (the kept leg's billsec per call; the joined
///   Local halves carry the same seconds as their call and are not added up).
/// - Per agent: see `elastix-mysql-cdr-table.json` — no trunk, no ring group, no phone number.
@Test(.enabled(if: realData != nil, noRealData))
func elastixCDRTable() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(
        try realFile("elastix-mysql-cdr-table/cdr.csv"), .asteriskCDRTable, zone: "America/Mexico_City", rules: AsteriskRules(trunks: elastixTrunks))
    #expect(report.rowsRead == 2633)
    #expect(report.rowsAccepted == 2633)
    #expect(report.warnings == ["ignoring unknown columns callingsubaddr, calledsubaddr"])
    let stored = try CDRFigures(stored: scratch)
    let arguments = ["table"] + elastixTrunks.sorted().flatMap { ["--trunk", $0] } + ["elastix-mysql-cdr-table/cdr.csv"]
    #expect(stored == (try CDRFigures(counted: "elastix-mysql-cdr-table", arguments: arguments)))
    #expect(stored.calls == 2289 && stored.answered == 1297 && stored.abandoned == 465 && stored.missed == 527 && stored.talk == 224_268)
    #expect(stored.agents["460"] == [409, 47_251])
    #expect(try phoneLikeAgents(scratch) == [])
    #expect(try scratch.int("SELECT count(*) FROM agents WHERE agent_id IN ('Nextor', 'mambo', 'Melia1', 'Melia2')") == 0)
    // No ring group's number in clear, as an agent or a hotline.
    let bytes = try scratch.databaseBytes()
    #expect(["RG-600-9333144408033809661", "9333144408033809661", "9490734053851601444"].filter { bytes.contains($0) } == [])
}

/// Without the trunks list, the two trunks that carried calls both ways are named in one warning.
@Test(.enabled(if: realData != nil, noRealData))
func elastixTrunksAreNamedInAWarning() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(try realFile("elastix-mysql-cdr-table/cdr.csv"), .asteriskCDRTable, zone: "America/Mexico_City")
    #expect(report.warnings == [
        "ignoring unknown columns callingsubaddr, calledsubaddr",
        "'Nextor', 'mambo' look like trunks (calls from and to outside numbers) but are not in \"trunks\" of asterisk.json: "
            + "they are taken for agents; add them to \"trunks\" before ingesting this PBX's files",
    ])
}

/// Issabel's `Master.csv` (`--format asterisk-csv --timezone UTC`; 18 columns), the CDR part.
///
/// SOURCE.txt counts 736 rows, 465 uniqueid groups, 409 answered legs, 402 answered groups, billsec
/// 9,156 (answered legs). Here:
/// - 459 calls: 6 groups are halves of FreePBX follow-me Local channels without a linkedid —
///   3 `SIP/1001` device legs written back against `Local/FMPR-1001…;1` (ExecIf, 0 s, dst `s`:
///   they were 0-second answered calls on hotline `s`) and 3 groups of `Local/1001@from-internal;2`
///   halves — joined to the call that dialled the `;1` half.
/// - 81 answered, 318 abandoned (answered only by the PBX: IVR BackGround/WaitExten/Playback,
///   Hangup, VoiceMail, System, the 29 `Queue` legs nobody took …), 60 missed.
/// - 1,401 talk seconds. The follow-me prompt `FMPR-1001` answering 11 s before `SIP/1001` (call
///   1658129175.899) is 1001's call, not a hand-over to another "agent" `FMPR-1001`; its talk is
///   the kept (earliest answered) leg's billsec, 11 s — the CDR cannot tell the prompt from talk.
/// - Per agent: 1000 1 call 3 s, 1001 39 calls 909 s, 1002 41 calls 489 s; no `FMPR-`/`FMGL-` agent.
@Test(.enabled(if: realData != nil, noRealData))
func issabelMasterCSV() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(try realFile("issabel-cdr-csv-queue-log/Master.csv"), .asteriskCSV, zone: "UTC")
    #expect(report.rowsRead == 736)
    #expect(report.rowsAccepted == 736)
    #expect(report.warnings == [])
    let stored = try CDRFigures(stored: scratch)
    #expect(stored == (try CDRFigures(counted: "issabel-cdr-csv-queue-log-Master", arguments: ["master", "issabel-cdr-csv-queue-log/Master.csv"])))
    #expect(stored.calls == 459 && stored.answered == 81 && stored.abandoned == 318 && stored.missed == 60 && stored.talk == 1401)
    #expect(stored.agents == ["1000": [1, 3], "1001": [39, 909], "1002": [41, 489]])
    #expect(try scratch.int("SELECT count(*) FROM calls c JOIN hotlines h ON h.id = c.hotline WHERE h.hotline = 's' AND c.talk_seconds = 0 AND c.disposition = 'answered'") == 0)
    #expect(try scratch.calls().filter { $0.callID.hasPrefix("1658129175.899") }.map { "\($0.callID) \($0.agent ?? "-") \($0.disposition) \($0.talk)" }
        == ["1658129175.899 1001 answered 11"])
}

/// The earlier real-data files, held against the same counter (their own tests re-justify the figures).
@Test(.enabled(if: realData != nil, noRealData), arguments: [
    ("asterisk-cdr-csv-lab-Master", "asterisk-cdr-csv-lab/Master.csv", IngestFormat.asteriskCSV, "UTC"),
    ("pbxware-queue-log-cdr", "pbxware-queue-log-cdr/cdr.csv", IngestFormat.asteriskCDRTable, "America/New_York"),
])
func earlierRealFilesMatchTheCounter(_ name: String, _ file: String, _ format: IngestFormat, _ zone: String) throws {
    let scratch = try ScratchStore()
    _ = try scratch.ingest(try realFile(file), format, zone: zone)
    let kind = format == .asteriskCSV ? "master" : "table"
    #expect(try CDRFigures(stored: scratch) == (try CDRFigures(counted: name, arguments: [kind, file])))
}
