import Foundation
import Testing
@testable import CallMeter

/// `mod_cdr_csv` rows with the default template: caller_id_name, caller_id_number,
/// destination_number, context, start, answer, end, duration, billsec, hangup_cause, uuid,
/// bleg_uuid, accountcode, read_codec, write_codec.
private func row(_ caller: String, _ destination: String, _ start: String, _ answer: String, _ end: String, _ duration: Int,
                 _ billsec: Int, _ cause: String, _ uuid: String, _ bleg: String = "") -> String {
    [caller, caller, destination, "default", start, answer, end, "\(duration)", "\(billsec)", cause, uuid, bleg, "", "PCMU", "PCMU"]
        .map { "\"\($0)\"" }.joined(separator: ",") + "\n"
}

private let aLeg = "aaaaaaaa-0000-4000-8000-000000000001", bLeg = "bbbbbbbb-0000-4000-8000-000000000001"
private let toVoicemail = "cccccccc-0000-4000-8000-000000000001", voicemail = "dddddddd-0000-4000-8000-000000000001"
private let busy = "eeeeeeee-0000-4000-8000-000000000001"

/// `legs="ab"`: the b-leg (its uuid is the a-leg's bleg_uuid) joins the a-leg's call, written
/// before or after it; talk is counted once. The stock dialplan's voicemail fallback: the caller's
/// leg answered by the PBX, then a `voicemail` leg a second later ending with it: one call,
/// answered by the system, paid to nobody. A busy extension is a missed call of its agent.
@Test(arguments: [false, true])
func freeSWITCHLegsMergeAndVoicemailPaysNobody(bLegFirst: Bool) throws {
    let scratch = try ScratchStore()
    let a = row("0791234567", "1001", "2026-10-14 10:00:00", "2026-10-14 10:00:10", "2026-10-14 10:02:10", 130, 120, "NORMAL_CLEARING", aLeg, bLeg)
    let b = row("0791234567", "1001", "2026-10-14 10:00:01", "2026-10-14 10:00:10", "2026-10-14 10:02:10", 129, 120, "NORMAL_CLEARING", bLeg)
    let file = try scratch.file("Master.csv", (bLegFirst ? b + a : a + b)
        + row("0797654321", "voicemail", "2026-10-14 10:05:31", "", "2026-10-14 10:06:02", 31, 0, "ORIGINATOR_CANCEL", voicemail)
        + row("0797654321", "1002", "2026-10-14 10:05:00", "2026-10-14 10:05:30", "2026-10-14 10:06:02", 62, 32, "NORMAL_CLEARING", toVoicemail,
              "ffffffff-0000-4000-8000-000000000001")
        + row("0797654321", "1003", "2026-10-14 11:00:00", "", "2026-10-14 11:00:03", 3, 0, "USER_BUSY", busy))
    let report = try scratch.ingest(file, .freeswitchCSV, zone: "UTC")
    #expect(report.rowsAccepted == 5)
    #expect(report.rowsRejected == 0)
    #expect(report.callsStored == 3)
    #expect(report.legsMerged == 2)
    #expect(try scratch.calls() == [
        StoredCall(callID: aLeg, hotline: "1001", agent: "1001", started: "2026-10-14T10:00:00Z", answered: "2026-10-14T10:00:10Z",
                   ended: "2026-10-14T10:02:10Z", disposition: "answered", talk: 120),
        StoredCall(callID: toVoicemail, hotline: "1002", agent: nil, started: "2026-10-14T10:05:00Z", answered: nil,
                   ended: "2026-10-14T10:06:02Z", disposition: "abandoned", talk: 0),
        StoredCall(callID: busy, hotline: "1003", agent: "1003", started: "2026-10-14T11:00:00Z", answered: nil,
                   ended: "2026-10-14T11:00:03Z", disposition: "missed", talk: 0),
    ])
    // Caller numbers are kept only as pseudonyms.
    let bytes = try scratch.databaseBytes()
    #expect(!bytes.contains("0791234567") && !bytes.contains("0797654321"))
}

/// Rows that are not the default template, and rows that contradict themselves, are rejected
/// with the column; the rest is stored.
@Test func freeSWITCHBadRowsAreRejected() throws {
    let scratch = try ScratchStore()
    let file = try scratch.file("Master.csv",
        row("0791234567", "1001", "2026-10-14 10:00:00", "2026-10-14 10:00:10", "2026-10-14 10:02:10", 130, 120, "NORMAL_CLEARING", aLeg)
        + "\"only\",\"three\",\"fields\"\n"
        + row("0791234567", "1001", "2026-10-14 10:00:00", "", "2026-10-14 10:02:10", 130, 120, "NORMAL_CLEARING", bLeg)
        + row("0791234567", "1001", "2026-10-14 10:00:00", "2026-10-14 10:00:10", "2026-10-14 10:02:10", 30, 120, "NORMAL_CLEARING", busy)
        + row("0791234567", "", "2026-10-14 10:00:00", "", "2026-10-14 10:02:10", 130, 0, "NORMAL_CLEARING", voicemail))
    let report = try scratch.ingest(file, .freeswitchCSV, zone: "UTC")
    #expect(report.rowsAccepted == 1)
    #expect(report.firstRejects.map { "\($0.line):\($0.field): \($0.reason)" } == [
        "2:row: expected 15 fields (mod_cdr_csv's default template), found 3",
        "3:answer_stamp: empty, but billsec is 120 s",
        "4:billsec: 120 s is longer than duration (30 s)",
        "5:destination_number: required, but empty",
    ])
}

@Test func shippedFreeSWITCHRulesAreTheDefaults() throws {
    let rules = try #require(try FreeSWITCHRules.load(directory: asteriskPackageRoot.appendingPathComponent("Rules")))
    #expect(rules == FreeSWITCHRules())
}

@Test func freeSWITCHRulesRenameAndPattern() throws {
    let rules = try FreeSWITCHRules.parse("""
    {
      "agent_pattern": "^(?:agent-)?([0-9]{3})$",
      "agents": { "101": "a101" },
      "hotlines": { "5000": "+41800100100" },
      "applications": ["voicemail", "ivr"]
    }
    """)
    let scratch = try ScratchStore()
    let file = try scratch.file("Master.csv",
        row("0791234567", "agent-101", "2026-10-14 10:00:00", "2026-10-14 10:00:10", "2026-10-14 10:01:10", 70, 60, "NORMAL_CLEARING", aLeg)
        + row("0791234567", "5000", "2026-10-14 10:03:00", "2026-10-14 10:03:01", "2026-10-14 10:04:01", 61, 60, "NORMAL_CLEARING", bLeg)
        + row("0791234567", "ivr", "2026-10-14 10:05:00", "2026-10-14 10:05:01", "2026-10-14 10:06:01", 61, 60, "NORMAL_CLEARING", busy))
    var settings = ScratchStore.settings(.freeswitchCSV, zone: "UTC")
    settings.freeswitch = rules
    _ = try Ingestion(store: scratch.store).ingest(file: file, kind: .cdr, settings: settings)
    #expect(try scratch.calls().map { "\($0.hotline) \($0.agent ?? "-") \($0.talk)" } == ["agent-101 a101 60", "+41800100100 - 60", "ivr - 60"])
}

@Test(arguments: [
    (#"{"agent_pattern": "^([0-9]+"}"#, "agent_pattern", "not a valid regular expression (ICU syntax)"),
    (#"{"agent_pattern": "^[0-9]+$"}"#, "agent_pattern", "needs a capture group, e.g. \"^(1[0-9]{3})$\": the group is the agent's extension"),
    (#"{"agents": {"1000": ""}}"#, "agents.1000", "must be 1 to 64 bytes long"),
    (#"{"applications": [""]}"#, "applications[0]", "an application's destination must not be empty"),
    (#"{"applications": "voicemail"}"#, "applications", "expected an array, found a string (\"voicemail\")"),
    (#"{"trunks": []}"#, "trunks", "unknown key \"trunks\"; allowed keys: agent_pattern, agents, hotlines, applications"),
])
func badFreeSWITCHRules(_ text: String, _ keyPath: String, _ reason: String) {
    let error = #expect(throws: RulesError.self) { try FreeSWITCHRules.parse(text) }
    #expect(error?.keyPath == keyPath)
    #expect(error?.reason == reason)
}
