import Foundation
import Testing
@testable import CallMeter

/// `Fixtures/asterisk/queue_log`: the raw file with every way a queue call ends, a call that enters
/// a second queue after a blind transfer, logins, members, pauses and events CallMeter ignores.
@Test func rawQueueLogGivesTheExpectedCalls() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(asteriskFixture("queue_log"), .asteriskQueueLog)
    #expect(report.format == "asterisk-queue-log")
    #expect(report.rowsRead == 36)
    #expect(report.rowsAccepted == 33)
    #expect(report.rowsIgnored == 3)
    #expect(report.rowsRejected == 0)
    #expect(report.callsStored == 9)
    #expect(report.callsHeld == 0)
    #expect(report.sessionsStored == 5)
    #expect(report.warnings == ["ignored 3 events CallMeter does not use: CONFIGRELOAD 1, DID 1, QUEUESTART 1"])
    // Local/1002@agents let the first call ring out for 10 s.
    #expect(try scratch.int("SELECT count(*) FROM ring_no_answers r JOIN agents a ON a.id = r.agent WHERE a.agent_id = '1002' "
        + "AND r.callid = '1791964795.10' AND r.ring_ms = 10000 AND r.queue = 'support'") == 1)
    #expect(try scratch.calls() == [
        StoredCall(callID: "1791964795.10", hotline: "support", agent: "1001", started: "2026-10-14T08:00:00Z",
                   answered: "2026-10-14T08:00:20Z", ended: "2026-10-14T08:05:20Z", disposition: "answered", talk: 300,
                   queue: "support", endedBy: "caller"),
        StoredCall(callID: "1791965199.20", hotline: "support", agent: "1002", started: "2026-10-14T08:06:40Z",
                   answered: "2026-10-14T08:06:50Z", ended: "2026-10-14T08:08:50Z", disposition: "answered", talk: 120,
                   queue: "support", endedBy: "agent"),
        StoredCall(callID: "1791965399.30", hotline: "support", agent: nil, started: "2026-10-14T08:10:00Z",
                   answered: nil, ended: "2026-10-14T08:10:45Z", disposition: "abandoned", talk: 0, queue: "support"),
        StoredCall(callID: "1791965499.40", hotline: "support", agent: nil, started: "2026-10-14T08:11:40Z",
                   answered: nil, ended: "2026-10-14T08:16:40Z", disposition: "missed", talk: 0, queue: "support"),
        StoredCall(callID: "1791965899.50", hotline: "sales", agent: nil, started: "2026-10-14T08:18:20Z",
                   answered: nil, ended: "2026-10-14T08:18:20Z", disposition: "missed", talk: 0, queue: "sales"),
        StoredCall(callID: "1791965999.60", hotline: "support", agent: nil, started: "2026-10-14T08:20:00Z",
                   answered: nil, ended: "2026-10-14T08:20:30Z", disposition: "abandoned", talk: 0, queue: "support"),
        StoredCall(callID: "1791966099.70", hotline: "support", agent: "1001", started: "2026-10-14T08:21:40Z",
                   answered: "2026-10-14T08:21:45Z", ended: "2026-10-14T08:22:45Z", disposition: "transferred", talk: 60, queue: "support"),
        StoredCall(callID: "1791966099.70#2", hotline: "sales", agent: "1002", started: "2026-10-14T08:22:46Z",
                   answered: "2026-10-14T08:22:56Z", ended: "2026-10-14T08:24:36Z", disposition: "answered", talk: 100,
                   queue: "sales", endedBy: "agent"),
        StoredCall(callID: "1791966299.80", hotline: "support", agent: "1001", started: "2026-10-14T08:25:00Z",
                   answered: "2026-10-14T08:25:04Z", ended: "2026-10-14T08:26:34Z", disposition: "transferred", talk: 90, queue: "support"),
    ])
    // The caller's number is only a pseudonym; the same caller before and after a transfer has the same one.
    #expect(try scratch.callerHash("1791966099.70") == scratch.callerHash("1791966099.70#2"))
    #expect(try scratch.callerHash("1791964795.10") != nil)
    let leaked = try scratch.databaseBytes().contains("0791234567")
    #expect(!leaked)
}

@Test func agentSessionsFromTheRawQueueLog() throws {
    let scratch = try ScratchStore()
    _ = try scratch.ingest(asteriskFixture("queue_log"), .asteriskQueueLog)
    let sessions = try scratch.store.connection.prepare("""
        SELECT a.agent_id, s.kind, s.queue, s.started_at, s.ended_at, s.reason FROM agent_sessions s JOIN agents a ON a.id = s.agent
        ORDER BY a.agent_id, s.kind, s.queue
        """).rows { "\($0.text(0)) \($0.text(1)) \($0.text(2).isEmpty ? "*" : $0.text(2)) \($0.optionalInt64(3).map { Timestamp.formatUTC($0) } ?? "?")"
            + " \($0.optionalInt64(4).map { Timestamp.formatUTC($0) } ?? "open")\($0.optionalText(5).map { " " + $0 } ?? "")" }
    #expect(sessions == [
        "1001 logged_in * 2026-10-14T07:48:20Z 2026-10-14T09:26:40Z",
        "1001 logged_in support 2026-10-14T07:48:20Z open",
        "1001 paused support 2026-10-14T08:26:40Z 2026-10-14T08:56:40Z lunch",
        "1002 logged_in support 2026-10-14T07:50:00Z 2026-10-14T09:26:40Z",
        "1002 paused * 2026-10-14T08:58:20Z 2026-10-14T09:00:00Z",
    ])
}

/// A log rotated mid-call: the call is held after the first file and whole after the second, in
/// whichever order they are ingested; so is the agent's login.
@Test(arguments: [["queue_log.1", "queue_log.2"], ["queue_log.2", "queue_log.1"]])
func aCallSplitAcrossRotatedFilesComesOutWhole(_ order: [String]) throws {
    let scratch = try ScratchStore()
    let first = try scratch.ingest(asteriskFixture(order[0]), .asteriskQueueLog)
    #expect(first.callsStored == 0)
    #expect(first.callsHeld == 1)
    #expect(try scratch.store.status().incompleteQueueCalls == 1)
    let second = try scratch.ingest(asteriskFixture(order[1]), .asteriskQueueLog)
    #expect(second.callsStored == 1)
    #expect(second.callsHeld == 0)
    #expect(try scratch.store.status().incompleteQueueCalls == 0)
    #expect(try scratch.calls() == [
        StoredCall(callID: "1791971995.100", hotline: "support", agent: "1003", started: "2026-10-14T10:00:00Z",
                   answered: "2026-10-14T10:00:10Z", ended: "2026-10-14T10:04:10Z", disposition: "answered", talk: 240,
                   queue: "support", endedBy: "agent"),
    ])
    #expect(try scratch.int("SELECT count(*) FROM agent_sessions WHERE started_at = 1791971000 AND ended_at = 1791973000") == 1)
}

/// The same events again in an overlapping file (the tail of one file at the head of the next)
/// are duplicates: no second call, nothing held.
@Test func overlappingFilesAreDuplicates() throws {
    let scratch = try ScratchStore()
    _ = try scratch.ingest(asteriskFixture("queue_log"), .asteriskQueueLog)
    let text = try String(contentsOfFile: asteriskFixture("queue_log"), encoding: .utf8)
    let tail = text.split(separator: "\n").suffix(10).joined(separator: "\n")
    let overlap = try scratch.file("queue_log.next", tail + "\n1791980000|NONE|NONE|NONE|QUEUESTART|\n")
    let report = try scratch.ingest(overlap, .asteriskQueueLog)
    #expect(report.callsStored == 0)
    #expect(report.callsHeld == 0)
    // 3 events of the transferred call, 6 agent events; CONFIGRELOAD and QUEUESTART are ignored.
    #expect(report.rowsDuplicate == 9)
    #expect(report.rowsIgnored == 2)
    #expect(try scratch.int("SELECT count(*) FROM calls") == 9)
}

/// The realtime table as CSV, with local times: in the fold of 25 October the callid's epoch (the
/// call's creation) rules out the instant before it; old tables hold epochs.
@Test func realtimeTableWithLocalTimes() throws {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(asteriskFixture("queue_log-realtime.csv"), .asteriskQueueLog)
    #expect(report.rowsAccepted == 8)
    #expect(try scratch.calls() == [
        StoredCall(callID: "1791971990.5", hotline: "sales", agent: nil, started: "2026-10-14T10:00:00Z",
                   answered: nil, ended: "2026-10-14T10:00:30Z", disposition: "abandoned", talk: 0, queue: "sales"),
        StoredCall(callID: "1792888190.1", hotline: "support", agent: "1001", started: "2026-10-25T00:30:00Z",
                   answered: "2026-10-25T00:30:10Z", ended: "2026-10-25T00:32:10Z", disposition: "answered", talk: 120,
                   queue: "support", endedBy: "agent"),
        StoredCall(callID: "1792891790.3", hotline: "support", agent: "1002", started: "2026-10-25T01:30:00Z",
                   answered: "2026-10-25T01:30:10Z", ended: "2026-10-25T01:31:10Z", disposition: "answered", talk: 60,
                   queue: "support", endedBy: "caller"),
    ])
}

/// A non-adaptive realtime table keeps the data in one `|`-joined column; TRANSFER's calltime is
/// the second-last field.
@Test func realtimeTableWithOneDataColumn() throws {
    let scratch = try ScratchStore()
    _ = try scratch.ingest(asteriskFixture("queue_log-realtime-data.csv"), .asteriskQueueLog)
    #expect(try scratch.calls() == [
        StoredCall(callID: "1791971990.5", hotline: "sales", agent: "1004", started: "2026-10-14T10:00:00Z",
                   answered: "2026-10-14T10:00:10Z", ended: "2026-10-14T10:01:10Z", disposition: "transferred", talk: 60, queue: "sales"),
    ])
}

@Test func queueNamesAndAgentsFollowTheRules() throws {
    let scratch = try ScratchStore()
    let rules = AsteriskRules(agents: ["1001": "a100"], hotlines: ["support": "+41800100100"])
    _ = try scratch.ingest(asteriskFixture("queue_log"), .asteriskQueueLog, rules: rules)
    let first = try #require(try scratch.calls().first)
    #expect(first.hotline == "+41800100100")
    #expect(first.agent == "a100")
    #expect(first.queue == "support")
}

/// Bad events are rejected with their place; a complete call that cannot be stored is rejected at
/// its last event.
@Test func badQueueLogRows() throws {
    let scratch = try ScratchStore()
    let path = try scratch.file("queue_log", """
        1791964800|1791964795.10|support|NONE|ENTERQUEUE||0791234567|1
        1791964820|1791964795.10|support|Agent/1001|CONNECT|20|1791964810.12|5
        1791965120|1791964795.10|support|Agent/1001|COMPLETECALLER|20|xyz|1
        yesterday|1791964795.11|support|NONE|ENTERQUEUE||0791234567|1
        1791965200|1791965199.20|support|NONE|ENTERQUEUE||0791112222|1
        1791965330|1791965199.20|support|NONE|COMPLETEAGENT|10|120|1
        1791965400|1791965399.30|support|NONE|ENTERQUEUE||0791000001|1
        1791965410|1791965399.30|support|Agent/1002|CONNECT|10|1791965405.31|1
        1791965420|1791965399.30|support|Agent/1002|COMPLETEAGENT|10|500|1
        1791965500|1791965499.40
        1791965500|NONE|NONE|NONE|ADDMEMBER|

        """)
    let report = try scratch.ingest(path, .asteriskQueueLog)
    // Rows are checked as they are read; calls once the whole file is read, so their rejects come last.
    #expect(report.firstRejects.map(\.description) == [
        "\(path):3:63: data2: calltime: 'xyz' is not a whole number",
        "\(path):4:1: time: 'yesterday' is not a time in seconds since 1970",
        "\(path):10:1: row: expected at least 5 fields (epoch|callid|queue|agent|EVENT), found 2",
        "\(path):11:22: agent: required for ADDMEMBER, but empty",
        "\(path):6:39: event: COMPLETEAGENT without an agent",
        "\(path):9:45: event: calltime 500 s is longer than the time since CONNECT (10 s)",
    ])
    #expect(report.rowsRejected == 6)
    #expect(report.callsStored == 0)
    // The first call lost its final event: it waits for it.
    #expect(report.callsHeld == 1)
}

@Test func notAQueueLog() throws {
    let scratch = try ScratchStore()
    let path = try scratch.file("x.csv", "a,b,c\n1,2,3\n")
    let error = #expect(throws: IngestFileError.self) { try scratch.ingest(path, .asteriskQueueLog) }
    #expect(error?.description.hasPrefix("1:1: not a queue_log: expected the raw file") == true)
}

@Test(arguments: [
    // An agent login/logoff pair; a reload that re-adds a member keeps the first start.
    (["AGENTLOGIN@100", "ADDMEMBER Q@100", "ADDMEMBER Q@150", "REMOVEMEMBER Q@300", "AGENTLOGOFF@400"],
     ["logged_in Q 100-300", "logged_in * 100-400"]),
    // A logoff whose login is in a file not ingested yet: its logintime gives the start, or it is unknown.
    (["AGENTCALLBACKLOGOFF+250@400", "REMOVEMEMBER Q@410"], ["logged_in * 150-400", "logged_in Q ?-410"]),
    // Pauses: per queue, in all queues; removal from the queue ends a pause there.
    (["PAUSE Q@10", "UNPAUSE Q@20", "PAUSEALL@30", "UNPAUSEALL@40", "PAUSE Q@50", "REMOVEMEMBER Q@60"],
     ["paused Q 10-20", "paused * 30-40", "logged_in Q ?-60", "paused Q 50-60"]),
    // Still open at the end of the data.
    (["ADDMEMBER Q@5", "PAUSE Q@7"], ["logged_in Q 5-open", "paused Q 7-open"]),
    // Issabel unpauses every member it adds: an UNPAUSE(ALL) without its PAUSE is no pause.
    (["ADDMEMBER Q@100", "UNPAUSEALL@100", "UNPAUSE Q@100", "REMOVEMEMBER Q@200"], ["logged_in Q 100-200"]),
])
func sessionRules(_ events: [String], _ expected: [String]) {
    let parsed = events.map { text -> AgentSessionBuilder.Event in
        let parts = text.split(separator: "@")
        let head = parts[0].split(separator: " ")
        let nameAndLogin = head[0].split(separator: "+")
        return AgentSessionBuilder.Event(
            queue: head.count > 1 ? String(head[1]) : "", event: String(nameAndLogin[0]), at: Int64(parts[1]) ?? 0,
            loginSeconds: nameAndLogin.count > 1 ? Int64(nameAndLogin[1]) : nil, reason: nil)
    }
    let sessions = AgentSessionBuilder.sessions(from: parsed).map {
        "\($0.kind) \($0.queue.isEmpty ? "*" : $0.queue) \($0.startedAt.map(String.init) ?? "?")-\($0.endedAt.map(String.init) ?? "open")"
    }
    #expect(sessions == expected)
}

/// A cheap fuzz pass over the three shapes: every single-byte change is ingested or refused as a
/// whole, never a crash, and every row is accounted for.
@Test(arguments: ["queue_log", "queue_log-realtime.csv", "queue_log-realtime-data.csv"])
func mutatedQueueLogsNeverCrash(_ fixture: String) throws {
    let scratch = try ScratchStore()
    let bytes = Array(try #require(FileManager.default.contents(atPath: asteriskFixture(fixture))).prefix(420))
    let replacements: [UInt8] = [0x0A, 0x2C, 0x7C, 0x2E, 0x39, 0xFF]
    var index = 0
    for offset in stride(from: 0, to: bytes.count, by: 5) {
        for replacement in replacements where bytes[offset] != replacement {
            var mutated = bytes
            mutated[offset] = replacement
            index += 1
            let path = try scratch.file("fuzz-\(index)", mutated)
            if let report = try? scratch.ingest(path, .asteriskQueueLog) {
                #expect(report.rowsRead == report.rowsAccepted + report.rowsDuplicate + report.rowsRejected + report.rowsIgnored)
            }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
    #expect(index > 100)
}
