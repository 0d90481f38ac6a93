import Foundation
import Testing
@testable import CallMeter

// Issue 15, legs that are not an agent talking: applications, Local channel routes, trunks and
// phone numbers, on small Master.csv files (18 columns, times in UTC).

/// One `cdr_csv` row with uniqueid and userfield (18 fields).
private func leg(
    src: String = "0791234567", dst: String = "800", channel: String = "SIP/carrier-00000001", dstchannel: String = "",
    app: String = "Dial", start: String = "2026-10-14 08:00:00", answer: String? = "2026-10-14 08:00:10",
    end: String = "2026-10-14 08:01:10", duration: Int = 70, billsec: Int = 60, disposition: String = "ANSWERED", uniqueid: String
) -> String {
    let answerField = answer.map { "\"\($0)\"" } ?? ""
    return "\"\",\"\(src)\",\"\(dst)\",\"from-pstn\",\"\"\"Caller\"\" <\(src)>\",\"\(channel)\",\"\(dstchannel)\",\"\(app)\",\"\",\"\(start)\","
        + "\(answerField),\"\(end)\",\(duration),\(billsec),\"\(disposition)\",\"DOCUMENTATION\",\"\(uniqueid)\",\"\"\n"
}

private func ingest(_ rows: [String], rules: AsteriskRules = AsteriskRules()) throws -> (ScratchStore, IngestReport) {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(try scratch.file("Master.csv", rows.joined()), .asteriskCSV, zone: "UTC", rules: rules)
    return (scratch, report)
}

/// FreePBX writes the busy agent's channel as dstchannel of the VoiceMail leg, ANSWERED: nobody
/// talked. A queue nobody took (Queue answered, no dstchannel) and an IVR are the same. Each call
/// is abandoned, with no agent and no talk; a call nobody answered at all stays missed.
@Test func legsAnsweredByThePBXPayNobody() throws {
    let (scratch, report) = try ingest([
        leg(dstchannel: "SIP/112-0000000a", app: "VoiceMail", uniqueid: "1791964800.1"),
        leg(app: "Queue", start: "2026-10-14 09:00:00", answer: "2026-10-14 09:00:00", end: "2026-10-14 09:00:45", duration: 45,
            billsec: 45, uniqueid: "1791968400.2"),
        leg(app: "BackGround", start: "2026-10-14 10:00:00", answer: "2026-10-14 10:00:00", end: "2026-10-14 10:00:20", duration: 20,
            billsec: 20, uniqueid: "1791972000.3"),
        leg(dstchannel: "SIP/113-0000000b", start: "2026-10-14 11:00:00", answer: nil, end: "2026-10-14 11:00:20", duration: 20,
            billsec: 0, disposition: "NO ANSWER", uniqueid: "1791975600.4"),
        leg(dstchannel: "SIP/114-0000000c", start: "2026-10-14 12:00:00", answer: "2026-10-14 12:00:05", end: "2026-10-14 12:01:05",
            uniqueid: "1791979200.5"),
    ])
    #expect(report.rowsAccepted == 5)
    #expect(try scratch.calls().map { "\($0.callID) \($0.agent ?? "-") \($0.disposition) \($0.talk)" } == [
        "1791964800.1 - abandoned 0",
        "1791968400.2 - abandoned 0",
        "1791972000.3 - abandoned 0",
        "1791975600.4 113 missed 0",
        "1791979200.5 114 answered 60",
    ])
}

/// `system_apps` replaces the list; `[]` leaves only the empty-dstchannel rule.
@Test func systemAppsComeFromTheRules() throws {
    let rules = try AsteriskRules.parse(#"{"system_apps": []}"#)
    let (scratch, _) = try ingest([
        leg(dstchannel: "SIP/112-0000000a", app: "VoiceMail", uniqueid: "1791964800.1"),
        leg(app: "Queue", start: "2026-10-14 09:00:00", answer: "2026-10-14 09:00:00", end: "2026-10-14 09:01:00", duration: 60,
            uniqueid: "1791968400.2"),
    ], rules: rules)
    #expect(try scratch.calls().map { "\($0.agent ?? "-") \($0.disposition) \($0.talk)" } == ["112 answered 60", "- abandoned 0"])
    #expect(try AsteriskRules.parse(#"{"system_apps": ["voicemail"]}"#).systemApps == ["VOICEMAIL"])
}

/// Local channels are routes: the agent behind them, or nobody.
@Test(arguments: [
    ("Local/FMPR-1001@from-internal-00000000;1", "1001"),
    ("Local/FMGL-1002@from-internal-00000001;1", "1002"),
    ("Local/460@from-queue-0000001a;1", "460"),
    ("Local/LC-6102842303@from-internal-00000003;1", nil),
    ("Local/RG-600-9333144408033809661#@from-internal-3d87;2", nil),
    ("Local/0@from-internal-00000004;1", nil),
    ("Local/1001@agents-0000001a;1", "1001"),
    ("SIP/10708112451@voice.google.com-00000005", nil),
    ("SIP/112-0000000a", "112"),
] as [(String, String?)])
func localChannelsAreRoutes(_ channel: String, _ agent: String?) throws {
    var names = try AsteriskNames(rules: AsteriskRules())
    #expect(names.agentPeer(channel).flatMap(names.agentID(peer:)) == agent)
}

/// A run of 9 digits or an `@` is never an agent id, whatever the pattern matched; `agents` names
/// the rare real agent written like that; `phone_number_digits` moves the limit. Trunks are never agents.
@Test func phoneNumbersURIsAndTrunksAreNeverAgentIDs() throws {
    let names = try AsteriskNames(rules: AsteriskRules(
        agents: ["10708112451@voice.google.com": "a9", "ops": "carrier"], trunks: ["carrier"]))
    #expect(names.agentID(peer: "10708112451@voice.google.com") == "a9")
    #expect(names.agentID(peer: "sip@pbx") == nil)
    #expect(names.agentID(peer: "RG-600-9333144408033809661#") == nil)
    #expect(names.agentID(peer: "LC-6102842303") == nil)
    #expect(names.agentID(peer: "agent12345678") == "agent12345678")
    #expect(names.agentID(peer: "agent123456789") == nil)
    #expect(names.agentID(peer: "carrier") == nil)
    #expect(names.agentID(peer: "ops") == nil)
    let longer = try AsteriskNames(rules: AsteriskRules.parse(#"{"phone_number_digits": 12}"#))
    #expect(longer.agentID(peer: "agent123456789") == "agent123456789")
    let pseudonymizer = CallerPseudonymizer(key: Array(repeating: 7, count: 32))
    #expect(names.hotline("RG-600-9333144408033809661#", pseudonymizer: pseudonymizer).hasPrefix("#"))
}

@Test(arguments: [
    (#"{"system_apps": "VoiceMail"}"#, "system_apps", "expected an array, found a string (\"VoiceMail\")"),
    (#"{"system_apps": [""]}"#, "system_apps[0]", "an application name must not be empty"),
    (#"{"local_channels": ["^Local/(FMPR"]}"#, "local_channels[0]", "not a valid regular expression (ICU syntax)"),
    (#"{"phone_number_digits": 3}"#, "phone_number_digits", nil),
] as [(String, String, String?)])
func badIssue15AsteriskRules(_ text: String, _ keyPath: String, _ reason: String?) {
    let error = #expect(throws: RulesError.self) { try AsteriskRules.parse(text) }
    #expect(error?.keyPath == keyPath)
    if let reason { #expect(error?.reason == reason) }
}

/// Issabel without linkedid: follow-me dials `FMPR-1001` (which answers 11 s first: the prompt) and
/// then `SIP/1001` answers; the device leg written back against `FMPR-…;1` (ExecIf, 0 s, dst `s`)
/// and the `;2` half of `Local/1001@from-internal` have uniqueids of their own. One call, 1001's,
/// not handed on to an agent "FMPR-1001", and no 0-second answered call on hotline `s`.
@Test func localHalvesWithoutALinkedidAreLegsOfTheirCall() throws {
    let (scratch, report) = try ingest([
        leg(src: "1002", dst: "s", channel: "SIP/1001-00000060", dstchannel: "Local/FMPR-1001@from-internal-0000001a;1", app: "ExecIf",
            start: "2026-10-14 08:00:11", answer: "2026-10-14 08:00:11", end: "2026-10-14 08:00:11", duration: 0, billsec: 0,
            uniqueid: "1791964811.9"),
        leg(src: "1002", dst: "1001", channel: "SIP/1002-0000005f", dstchannel: "Local/FMPR-1001@from-internal-0000001a;1",
            start: "2026-10-14 08:00:00", answer: "2026-10-14 08:00:00", end: "2026-10-14 08:00:11", duration: 11, billsec: 11,
            uniqueid: "1791964800.5"),
        leg(src: "1002", dst: "1001", channel: "SIP/1002-0000005f", dstchannel: "SIP/1001-00000060",
            start: "2026-10-14 08:00:11", answer: "2026-10-14 08:00:11", end: "2026-10-14 08:00:16", duration: 5, billsec: 5,
            uniqueid: "1791964800.5"),
        leg(src: "1002", dst: "1001", channel: "Local/FMPR-1001@from-internal-0000001a;2", dstchannel: "SIP/1001-00000060",
            start: "2026-10-14 08:00:01", answer: nil, end: "2026-10-14 08:00:11", duration: 10, billsec: 0, disposition: "NO ANSWER",
            uniqueid: "1791964801.7"),
    ])
    #expect(report.rowsAccepted == 4)
    #expect(report.callsStored == 1)
    let calls = try scratch.calls()
    #expect(calls.map { "\($0.callID) \($0.hotline) \($0.agent ?? "-") \($0.disposition)" } == ["1791964800.5 1001 1001 answered"])
}

/// A peer that brings calls from outside numbers and carries calls to them is named once per file.
@Test func trunkLookAlikesAreNamedOncePerFile() throws {
    let (_, report) = try ingest([
        leg(channel: "SIP/telco-00000001", dstchannel: "SIP/1001-00000002", uniqueid: "1791964800.1"),
        leg(src: "1001", dst: "0449876543", channel: "SIP/1001-00000003", dstchannel: "SIP/telco-00000004",
            start: "2026-10-14 09:00:00", answer: "2026-10-14 09:00:05", end: "2026-10-14 09:01:05", uniqueid: "1791968400.2"),
        leg(channel: "SIP/telco-00000005", dstchannel: "SIP/1002-00000006", start: "2026-10-14 10:00:00", answer: "2026-10-14 10:00:05",
            end: "2026-10-14 10:01:05", uniqueid: "1791972000.3"),
    ])
    #expect(report.warnings == [
        "'telco' looks like a trunk (calls from and to outside numbers) but is not in \"trunks\" of asterisk.json: "
            + "it is taken for agents; add it to \"trunks\" before ingesting this PBX's files",
    ])
    let (_, listed) = try ingest([
        leg(src: "1001", dst: "0449876543", channel: "SIP/1001-00000003", dstchannel: "SIP/telco-00000004", uniqueid: "1791964800.2"),
        leg(channel: "SIP/telco-00000005", dstchannel: "SIP/1002-00000006", uniqueid: "1791964800.3"),
    ], rules: AsteriskRules(trunks: ["telco"]))
    #expect(listed.warnings == [])
}

/// A row of a width no layout has: its fields are not where the names say, so a phone number in the
/// place of the uniqueid is masked in the stored reject like every other digit.
@Test func aRowOfAnUnknownWidthIsMaskedWhole() throws {
    let scratch = try ScratchStore()
    let fields = (0..<25).map { $0 == 16 ? "\"0791234567\"" : "\"x\($0)\"" }
    let path = try scratch.file("Master.csv", fields.joined(separator: ",") + "\n")
    let report = try Ingestion(store: scratch.store).ingest(file: path, kind: .cdr, settings: ScratchStore.settings(.asteriskCSV, zone: "UTC"))
    #expect(report.rowsRejected == 1)
    let raw = try #require(try scratch.store.connection.prepare("SELECT raw FROM rejects").rows { $0.blob(0) }.first)
    #expect(!raw.contains("0791234567"))
    #expect(raw.contains("##########"))
}
