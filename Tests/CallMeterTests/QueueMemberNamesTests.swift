import Foundation
import Testing
@testable import CallMeter

/// Issabel's shape (synthetic): ADDMEMBER/REMOVEMEMBER name the interface, UNPAUSEALL/UNPAUSE
/// (same second, right after the ADDMEMBER), CONNECT, COMPLETE… and RINGNOANSWER the member name,
/// which changes from one login to the next.
private let issabelLog = """
    1791964000|MANAGER|500|SIP/1001|ADDMEMBER|
    1791964000|NONE|NONE|Sathish|UNPAUSEALL|
    1791964000|NONE|500|Sathish|UNPAUSE|
    1791964100|1791964090.1|500|NONE|DID|7777
    1791964100|1791964090.1|500|NONE|ENTERQUEUE||0791234567|1
    1791964110|1791964090.1|500|Sathish|RINGNOANSWER|10000
    1791964120|1791964090.1|500|Sathish|CONNECT|20|1791964100.3|5
    1791964180|1791964090.1|500|Sathish|COMPLETEAGENT|20|60|1
    1791967600|MANAGER|500|SIP/1001|REMOVEMEMBER|
    1791968000|MANAGER|500|SIP/1000|ADDMEMBER|
    1791968000|NONE|NONE|Sathish|UNPAUSEALL|
    1791968000|NONE|500|Sathish|UNPAUSE|
    1791968100|1791968090.2|500|NONE|ENTERQUEUE||0791234568|1
    1791968110|1791968090.2|500|Sathish|CONNECT|10|1791968100.4|5
    1791968140|1791968090.2|500|Sathish|COMPLETECALLER|10|30|1
    1791971600|MANAGER|500|SIP/1000|REMOVEMEMBER|

    """

private func sessions(_ scratch: ScratchStore) throws -> [String] {
    try scratch.store.connection.prepare("""
        SELECT a.agent_id, s.kind, s.queue, s.started_at, s.ended_at FROM agent_sessions s JOIN agents a ON a.id = s.agent
        ORDER BY a.agent_id, s.kind, s.started_at
        """).rows { "\($0.text(0)) \($0.text(1)) \($0.text(2)) \($0.optionalInt64(3).map(String.init) ?? "?")-\($0.optionalInt64(4).map(String.init) ?? "open")" }
}

private func agentIDs(_ scratch: ScratchStore) throws -> [String] {
    try scratch.store.connection.prepare("SELECT agent_id FROM agents ORDER BY agent_id").rows { $0.text(0) }
}

/// Sathish's calls go to the interface he was logged in on at the time (1001, then 1000); no agent
/// "Sathish" is made, and the UNPAUSEs that follow each ADDMEMBER open no paused session.
@Test func memberNamesAreTheAgentOfTheirInterface() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(try scratch.file("queue_log", issabelLog), .asteriskQueueLog, zone: "UTC")
    #expect(report.rowsRejected == 0)
    #expect(report.callsStored == 2)
    #expect(try scratch.calls().map { "\($0.callID) \($0.agent ?? "-") \($0.talk)" } == ["1791964090.1 1001 60", "1791968090.2 1000 30"])
    #expect(try scratch.int("SELECT count(*) FROM ring_no_answers r JOIN agents a ON a.id = r.agent WHERE a.agent_id = '1001'") == 1)
    #expect(try agentIDs(scratch) == ["1000", "1001"])
    #expect(try sessions(scratch) == ["1000 logged_in 500 1791968000-1791971600", "1001 logged_in 500 1791964000-1791967600"])
    #expect(report.warnings.filter { $0.contains("member name") } == [])
}

/// A log rotated while Sathish is logged in: the name learnt in the first file resolves his call in
/// the second (ingested after it, as the README asks).
@Test func aMemberNameLearntInOneFileResolvesInTheNext() throws {
    let lines = issabelLog.split(separator: "\n").map(String.init)
    let scratch = try ScratchStore()
    let first = try scratch.file("queue_log-1", lines[0..<3].joined(separator: "\n") + "\n")
    let second = try scratch.file("queue_log", lines[3..<9].joined(separator: "\n") + "\n")
    _ = try scratch.ingest(first, .asteriskQueueLog, zone: "UTC")
    let report = try scratch.ingest(second, .asteriskQueueLog, zone: "UTC")
    #expect(report.callsStored == 1)
    #expect(try scratch.calls().map { $0.agent } == ["1001"])
    #expect(try agentIDs(scratch) == ["1001"])
    #expect(try sessions(scratch) == ["1001 logged_in 500 1791964000-1791967600"])
}

/// The same name on two interfaces at once (two members both called "Agent 1"): a warning, and the
/// events go to the interface that took the name last; the two agents stay two.
@Test func aNameOnTwoInterfacesAtOnceIsAWarningNotAMerge() throws {
    let log = """
        1791964000|MANAGER|500|SIP/1001|ADDMEMBER|
        1791964000|NONE|500|Agent 1|UNPAUSE|
        1791964050|MANAGER|500|SIP/1002|ADDMEMBER|
        1791964050|NONE|500|Agent 1|UNPAUSE|
        1791964100|1791964090.1|500|NONE|ENTERQUEUE||0791234567|1
        1791964120|1791964090.1|500|Agent 1|CONNECT|20|1791964100.3|5
        1791964180|1791964090.1|500|Agent 1|COMPLETEAGENT|20|60|1
        1791967600|MANAGER|500|SIP/1002|REMOVEMEMBER|
        1791967700|1791967690.2|500|NONE|ENTERQUEUE||0791234568|1
        1791967710|1791967690.2|500|Agent 1|CONNECT|10|1791967700.4|5
        1791967740|1791967690.2|500|Agent 1|COMPLETEAGENT|10|30|1
        1791968000|MANAGER|500|SIP/1001|REMOVEMEMBER|

        """
    let scratch = try ScratchStore()
    let report = try scratch.ingest(try scratch.file("queue_log", log), .asteriskQueueLog, zone: "UTC")
    #expect(report.warnings.filter { $0.contains("member name") } == [
        "line 4: the member name 'Agent 1' is on agent 1001's interface and on agent 1002's at once: its events go to 1002, which "
            + "took it last; nothing is merged (give each member its own name, or name the agent in \"agents\" of asterisk.json)",
    ])
    // Once 1002 has left, the name is 1001's again.
    #expect(try scratch.calls().map { $0.agent } == ["1002", "1001"])
    #expect(try agentIDs(scratch) == ["1001", "1002"])
}

/// `agents` of asterisk.json names an agent outright: a member name listed there is that agent, an
/// interface renamed there is renamed for its member names too.
@Test func theAgentsMapStillDecides() throws {
    let scratch = try ScratchStore()
    let rules = AsteriskRules(agents: ["1001": "a100", "1000": "a200"])
    _ = try scratch.ingest(try scratch.file("queue_log", issabelLog), .asteriskQueueLog, zone: "UTC", rules: rules)
    #expect(try scratch.calls().map { $0.agent } == ["a100", "a200"])
    #expect(try agentIDs(scratch) == ["a100", "a200"])

    let pinned = try ScratchStore()
    _ = try pinned.ingest(
        try pinned.file("queue_log", issabelLog), .asteriskQueueLog, zone: "UTC", rules: AsteriskRules(agents: ["Sathish": "sathish"]))
    #expect(try pinned.calls().map { $0.agent } == ["sathish", "sathish"])
}

/// Without the interface's ADDMEMBER in the data (or in a file ingested later), a member name is
/// its own agent, as before.
@Test func aNameWithoutItsAddMemberIsItsOwnAgent() throws {
    let lines = issabelLog.split(separator: "\n").map(String.init)
    let scratch = try ScratchStore()
    _ = try scratch.ingest(try scratch.file("queue_log", lines[3..<8].joined(separator: "\n") + "\n"), .asteriskQueueLog, zone: "UTC")
    #expect(try scratch.calls().map { $0.agent } == ["Sathish"])
}

/// A crash leaves NUL bytes where the file was being appended; the line after them is rejected
/// saying so (the rest of the file is stored), and the file with the NULs removed completes the call.
@Test func nulBytesInFrontOfALineAreAClearReject() throws {
    let scratch = try ScratchStore()
    let enter = Array("1791964100|1791964090.1|500|NONE|ENTERQUEUE||0791234567|1\n".utf8)
    let rest = Array("1791964120|1791964090.1|500|1001|CONNECT|20|1791964100.3|5\n1791964180|1791964090.1|500|1001|COMPLETEAGENT|20|60|1\n".utf8)
    let crashed = Array("1791964000|NONE|NONE|NONE|QUEUESTART|\n".utf8) + [UInt8](repeating: 0, count: 78) + enter + rest
    let report = try scratch.ingest(try scratch.file("queue_log", crashed), .asteriskQueueLog, zone: "UTC")
    #expect(report.rowsRead == 4)
    #expect(report.rowsRejected == 1)
    #expect(report.rowsAccepted == 2)
    #expect(report.firstRejects.map { "\($0.line):\($0.column) \($0.field): \($0.reason)" } == [
        "2:1 time: the line starts with 78 NUL bytes (the zero-fill a crash leaves in a file being written), not a time: to read the "
            + "event after them, remove them (tr -d '\\000' < FILE > FILE.fixed) and ingest the fixed file (the rows stored already "
            + "count as duplicates)",
    ])
    #expect(report.callsHeld == 1)
    let fixed = try scratch.ingest(try scratch.file("queue_log.fixed", crashed.filter { $0 != 0 }), .asteriskQueueLog, zone: "UTC")
    #expect(fixed.rowsRejected == 0)
    #expect(fixed.rowsDuplicate == 2)
    #expect(fixed.callsStored == 1)
    #expect(try scratch.calls().map { "\($0.agent ?? "-") \($0.talk)" } == ["1001 60"])
}

/// The same events again in a longer file (a log copied before and after more lines were written):
/// the names resolve as before, without a warning.
@Test func anOverlappingFileResolvesTheSameNames() throws {
    let scratch = try ScratchStore()
    _ = try scratch.ingest(try scratch.file("queue_log.early", issabelLog), .asteriskQueueLog, zone: "UTC")
    let longer = issabelLog + "1791975000|NONE|NONE|NONE|CONFIGRELOAD|\n"
    let again = try scratch.ingest(try scratch.file("queue_log", longer), .asteriskQueueLog, zone: "UTC")
    #expect(again.rowsDuplicate == 15)
    #expect(again.warnings.filter { $0.contains("member name") } == [])
    #expect(try scratch.calls().map { $0.agent } == ["1001", "1000"])
    #expect(try agentIDs(scratch) == ["1000", "1001"])
    #expect(try sessions(scratch) == ["1000 logged_in 500 1791968000-1791971600", "1001 logged_in 500 1791964000-1791967600"])
}

/// A session never closed (no REMOVEMEMBER, no logoff) ends at the agent's last event: here the end
/// of the call taken under the member name, which is the interface's agent's now (before, 1001's
/// last event was its ADDMEMBER: 0 s logged in, and "Sathish" had the call).
@Test func aSessionNeverClosedEndsAtTheLastCallUnderTheMemberName() throws {
    let lines = issabelLog.split(separator: "\n").map(String.init)
    let scratch = try ScratchStore()
    _ = try scratch.ingest(try scratch.file("queue_log", lines[0..<8].joined(separator: "\n") + "\n"), .asteriskQueueLog, zone: "UTC")
    #expect(try sessions(scratch) == ["1001 logged_in 500 1791964000-open"])
    let stored = StoredAgentSessions(connection: scratch.store.connection, openUntil: 1_800_000_000)
    #expect(try stored.loggedInSeconds(from: 1_791_900_000, to: 1_792_000_000) == ["1001": 180])
    #expect(try stored.openSessions(from: 1_791_900_000, to: 1_792_000_000) == ["1001": 1])
}
