import CallMeterCLI
import Foundation
import Testing

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let fixtures = root.appendingPathComponent("Fixtures/asterisk")

/// Runs `callmeter --db SCRATCH --rules Rules ARGUMENTS`; fixture paths print relative.
private func runAsterisk(_ arguments: [String], in scratch: URL, at now: Date? = nil) -> (status: Int32, output: String) {
    let captured = CapturedConsole()
    let status = CLI.run(
        ["--db", scratch.appendingPathComponent("cli.sqlite").path, "--rules", root.appendingPathComponent("Rules").path] + arguments,
        console: captured.console, environment: [:], workingDirectory: scratch, clock: { now ?? Date() })
    return (status, captured.combined.replacingOccurrences(of: fixtures.path + "/", with: ""))
}

private func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Test func ingestAsteriskCSVPrintsCallsAndMergedLegs() throws {
    let scratch = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let result = runAsterisk(["ingest", "cdr", "--format", "asterisk-csv", fixtures.appendingPathComponent("master-quirks.csv").path], in: scratch)
    #expect(result.status == 0)
    #expect(result.output == """
        master-quirks.csv: 11 cdr rows: 11 stored, 0 rejected (batch 1)
        master-quirks.csv: 10 new calls, 1 leg merged into calls

        """)
}

@Test func ingestQueueLogPrintsHeldCallsAndSessionsAndStatusShowsThem() throws {
    let scratch = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let result = runAsterisk(["ingest", "cdr", "--format=asterisk-queue-log", fixtures.appendingPathComponent("queue_log.1").path], in: scratch)
    #expect(result.status == 0)
    #expect(result.output == """
        queue_log.1: 3 cdr rows: 3 stored, 0 rejected (batch 1)
        queue_log.1: 0 new calls, 1 incomplete call held for a later file, 1 agent session

        """)
    let status = runAsterisk(["status"], in: scratch)
    #expect(status.output.contains(
        "Queue:    1 incomplete calls held (the rest of their events is in a file not ingested yet; status --held lists them), 1 agent sessions\n"))
    #expect(status.output.contains(" cdr (asterisk-queue-log) "))
}

/// A held call is listed with what is missing, payroll warns that it is not paid yet (and a close
/// says it is not in it); the second file completes the call and everything is quiet again.
@Test func heldQueueCallsAreListedAndPayrollWarnsUntilTheRestArrives() throws {
    let scratch = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    // Copied beside the database and named relative to it, as an operator would.
    for name in ["queue_log.1", "queue_log.2"] {
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: scratch.appendingPathComponent(name))
    }
    #expect(runAsterisk(["ingest", "cdr", "--format=asterisk-queue-log", "queue_log.1"], in: scratch).status == 0)

    // Ten minutes after its CONNECT: the rest is expected in the next file.
    let held = runAsterisk(["status", "--held"], in: scratch, at: Date(timeIntervalSince1970: 1_791_972_610))
    #expect(held.status == 0)
    #expect(held.output == """
        CALLID          QUEUE    AGENT  FIRST EVENT (UTC)     EVENTS              READ FROM      MISSING
        1791971995.100  support  1003   2026-10-14T10:00:00Z  ENTERQUEUE,CONNECT  queue_log.1:2  its final event (COMPLETE…, TRANSFER, ABANDON or EXIT…)
        1 call held: neither scored nor paid until the file with the rest of its events is ingested.

        """)
    // Two days later no file has brought its end: probably lost, still held.
    let later = runAsterisk(["status", "--held"], in: scratch, at: Date(timeIntervalSince1970: 1_791_972_010 + 2 * 86_400))
    #expect(later.output.contains("its final event (COMPLETE…, TRANSFER, ABANDON or EXIT…); no event for more than 24 h: probably lost\n"),
            "\(later.output)")
    #expect(later.output.hasSuffix("1 of them has had no event for more than 24 h: no call lasts that long, so the rest was never "
        + "written (a PBX restart mid-call?) or its file is lost. They stay held; nothing is dropped.\n"), "\(later.output)")

    let warning = "Warning: 1 queue_log call of this period is incomplete and not paid yet (agent 1003): the rest of its events is in "
        + "a file not ingested yet. `callmeter status --held` lists it with what is missing.\n"
    #expect(runAsterisk(["payroll", "2026-10"], in: scratch).output.contains(warning))
    // Another period: not its call.
    #expect(!runAsterisk(["payroll", "2026-11"], in: scratch).output.contains("Warning: "))

    #expect(runAsterisk(["ingest", "cdr", "--format=asterisk-queue-log", "queue_log.2"], in: scratch).status == 0)
    #expect(runAsterisk(["status", "--held"], in: scratch).output == "No queue_log calls are held: every call's events are complete.\n")
    #expect(!runAsterisk(["payroll", "2026-10"], in: scratch).output.contains("Warning: "))
}

@Test func closingAPeriodWithAHeldCallSaysItIsNotInTheClose() throws {
    let scratch = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    #expect(runAsterisk(["ingest", "cdr", "--format=asterisk-queue-log", fixtures.appendingPathComponent("queue_log.1").path], in: scratch).status == 0)
    let close = runAsterisk(["payroll", "close", "2026-10"], in: scratch)
    #expect(close.status == 0, "\(close.output)")
    #expect(close.output.contains("Warning: 1 queue_log call of 2026-10 is incomplete and not in this close: once the rest of its events "
        + "is ingested it is paid as an adjustment in the next open period. `callmeter status --held` lists it."), "\(close.output)")
}

@Test func seventeenColumnsWithoutColumnsIsAFileError() throws {
    let scratch = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let file = fixtures.appendingPathComponent("master-17.csv").path
    let result = runAsterisk(["ingest", "cdr", "--format", "asterisk-csv", file], in: scratch)
    #expect(result.status == 1)
    #expect(result.output == "Error: master-17.csv:1:1: this row has 17 columns: the 17th is the uniqueid or the userfield (cdr_csv "
        + "loguniqueid / loguserfield) and the file cannot say which; run again with --columns uniqueid or --columns userfield\n")
    let named = runAsterisk(["ingest", "cdr", "--format", "asterisk-csv", "--columns", "uniqueid", file], in: scratch)
    #expect(named.status == 0)
    #expect(named.output.contains("1 new call, 1 leg merged into calls"))
}

@Test func rejectsMakeExitStatus65() throws {
    let scratch = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let result = runAsterisk(["ingest", "cdr", "--format", "asterisk-csv", "--timezone", "Europe/Zurich",
                      fixtures.appendingPathComponent("master-dst-2026-03-29.csv").path], in: scratch)
    #expect(result.status == 65)
    #expect(result.output.contains("master-dst-2026-03-29.csv:2:133: start: '2026-03-29 02:30:00' does not exist in Europe/Zurich"))
}

@Test(arguments: [
    (["ingest", "cdr", "--format", "asterisk"], "Error: unknown format 'asterisk': use native, asterisk-csv, asterisk-cdr-table, asterisk-queue-log, freeswitch-csv"),
    (["ingest", "ratings", "--format", "asterisk-csv", "x.csv"], "Error: --format asterisk-csv is for call records: ingest cdr --format asterisk-csv FILE..."),
    (["ingest", "cdr", "--columns", "uniqueid", "x.csv"], "Error: --columns is only for --format asterisk-csv"),
    (["ingest", "cdr", "--format", "asterisk-csv", "--columns", "both", "x.csv"], "Error: --columns takes uniqueid or userfield, not 'both'"),
    (["ingest", "cdr", "--timezone", "UTC", "x.csv"], "Error: --timezone is only for the Asterisk formats and commitments (native times carry their offset)"),
    (["ingest", "cdr", "--format", "asterisk-csv", "--timezone", "Mars/Olympus", "x.csv"],
     "Error: unknown time zone 'Mars/Olympus': use an IANA name such as Europe/Zurich or UTC"),
    (["ingest", "cdr", "--format", "asterisk-csv"], "Error: ingest cdr needs at least one FILE"),
    (["ingest", "cdr", "--format"], "Error: --format needs a value"),
])
func asteriskUsageErrors(_ arguments: [String], _ message: String) throws {
    let scratch = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let result = runAsterisk(arguments, in: scratch)
    #expect(result.status == 64)
    #expect(result.output == message + "\nSee 'callmeter help ingest'.\n")
}

@Test func helpNamesTheFormats() throws {
    let scratch = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let result = runAsterisk(["help", "ingest"], in: scratch)
    #expect(result.status == 0)
    for word in ["--format FORMAT", "asterisk-csv", "asterisk-cdr-table", "asterisk-queue-log", "--timezone TZ", "--columns WHICH", "Rules/asterisk.json"] {
        #expect(result.output.contains(word), "\(word)")
    }
}

/// The agent a caller was handed on to is paid for their own talk: in `master-linkedid.csv` Ben's
/// call went from agent2001 (60 s) to agent2002 (120 s).
@Test func theAgentACallWasTransferredToIsPaid() throws {
    try withWorkspace { workspace in
        try workspace.write("Rules/asterisk.json", #"{ "hotlines": { "0800100100": "+41800100100" } }"#)
        let ingest = workspace.run(["ingest", "cdr", "--format", "asterisk-csv", fixtures.appendingPathComponent("master-linkedid.csv").path])
        #expect(ingest.status == 0, "\(ingest.err)")
        let export = workspace.path("october.csv")
        #expect(workspace.run(["payroll", "2026-10", "--export", export]).status == 0)
        let lines = try String(contentsOfFile: export, encoding: .utf8).split(separator: "\r\n")
        // One call, 120 s = 2.00 billable minutes at the order tier's 0.45 CHF.
        #expect(lines.filter { $0.contains("agent2") } == [
            "2026-10,agent2001,,order,0.45,1,60,1.00,0.45,CHF,",
            "2026-10,agent2002,,order,0.45,1,120,2.00,0.90,CHF,",
        ])
    }
}

/// Agent 1001 of the fixture is added to "support" (ADDMEMBER) and never removed, but logs off
/// at 09:26: the session ends at the logoff (98.33 min), not at the end of October (25,391.67
/// min), and is marked open. Logged-in minutes print with two decimals.
@Test func fairnessEndsASessionNeverClosedAtTheAgentsLogoff() throws {
    let scratch = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    #expect(runAsterisk(["ingest", "cdr", "--format=asterisk-queue-log", fixtures.appendingPathComponent("queue_log").path], in: scratch).status == 0)
    let result = runAsterisk(["payroll", "fairness", "2026-10"], in: scratch)
    #expect(result.status == 0, "\(result.output)")
    let lines = result.output.split(separator: "\n").map(String.init)
    let agent1001 = try #require(lines.first { $0.hasPrefix("1001 ") })
    #expect(agent1001.contains(" 98.33 (1 open) "), "\(agent1001)")
    #expect(agent1001.contains(" 7.6 %"), "\(agent1001)")
    let agent1002 = try #require(lines.first { $0.hasPrefix("1002 ") })
    #expect(agent1002.contains(" 96.67 "), "\(agent1002)")
    #expect(!agent1002.contains("open"))
    #expect(result.output.contains("(N open): sessions never closed in the queue_log"))
}

/// Without a logoff, a session never closed ends at the agent's last event (here an UNPAUSE two
/// hours after the ADDMEMBER): 120.00 minutes, marked open.
@Test func fairnessEndsASessionWithoutLogoffAtTheAgentsLastEvent() throws {
    let scratch = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let log = """
        1791964800|NONE|support|Local/2001@agents|ADDMEMBER|
        1791968400|NONE|support|Local/2001@agents|PAUSE|lunch
        1791972000|NONE|support|Local/2001@agents|UNPAUSE|

        """
    try Data(log.utf8).write(to: scratch.appendingPathComponent("queue_log"))
    #expect(runAsterisk(["ingest", "cdr", "--format=asterisk-queue-log", "queue_log"], in: scratch).status == 0)
    let result = runAsterisk(["payroll", "fairness", "2026-10"], in: scratch)
    #expect(result.status == 0, "\(result.output)")
    let row = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("2001 ") })
    #expect(row.contains(" 120.00 (1 open) "), "\(row)")
}
