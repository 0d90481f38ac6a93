import CallMeter
import CallMeterCLI
import Foundation
import Testing

/// Closing, reopening and the close history, through the CLI with a fixed clock: the fixtures'
/// October calls, the shipped rules (center in Europe/Zurich).
private final class PeriodsWorkspace {
    let url: URL
    var rules: URL { url.appendingPathComponent("Rules") }
    var database: String { url.appendingPathComponent("callmeter.sqlite").path }
    /// The clock every command sees.
    var now: Date

    init(now: String = "2026-12-03T10:00:00Z") throws {
        self.now = try #require(ISO8601DateFormatter().date(from: now))
        url = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-periods-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Rules"), to: rules)
        for (kind, file) in [("agents", "agents.csv"), ("cdr", "cdr.csv")] {
            let result = run(["ingest", kind, packageRoot.appendingPathComponent("Fixtures/\(file)").path])
            try #require(result.status == 0, "\(result.err)")
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func at(_ text: String) throws {
        now = try #require(ISO8601DateFormatter().date(from: text))
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func ingest(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        let result = run(["ingest", "cdr", path(name)])
        try #require(result.status == 0, "\(result.err)")
    }

    @discardableResult
    func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let fixed = now
        let status = CLI.run(["--db", database, "--rules", rules.path] + arguments, console: captured.console, environment: [:],
                             workingDirectory: url, clock: { fixed })
        return (status, captured.out, captured.err)
    }

    /// The export SHA-256 a close printed.
    func closeDigest(_ period: String, _ extra: [String] = []) throws -> String {
        let result = run(["payroll", "close", period] + extra)
        try #require(result.status == 0, "\(result.err)")
        let marker = "export SHA-256 "
        let range = try #require(result.out.range(of: marker))
        return String(result.out[range.upperBound...].prefix(64))
    }
}

private let user = OSUser.current(environment: [:])

/// On 2026-12-03 the December period has not ended and January has not begun: both are refused
/// with when they end (or run), in the center's local time.
@Test func closeIsRefusedBeforeThePeriodEnds() throws {
    let workspace = try PeriodsWorkspace()
    let december = workspace.run(["payroll", "close", "2026-12"])
    #expect(december.status == 64)
    #expect(december.err.contains("cannot close 2026-12 yet: it ends 2027-01-01 00:00 Europe/Zurich (UTC+01:00)"), "\(december.err)")
    #expect(december.err.contains("--early --reason TEXT"))
    let january = workspace.run(["payroll", "close", "2027-01"])
    #expect(january.status == 64)
    #expect(january.err.contains("cannot close 2027-01: it has not begun; it runs from 2027-01-01 00:00 Europe/Zurich (UTC+01:00)"))
    #expect(workspace.run(["payroll", "close", "2027-01", "--early", "--reason", "test"]).status == 64)
    #expect(workspace.run(["payroll", "history", "2026-12"]).out.contains("2026-12 has never been closed."))
}

/// October ends at local midnight in Zurich, 23:00 UTC on 31 October (winter time).
@Test(arguments: [("2026-10-31T22:59:59Z", Int32(64)), ("2026-10-31T23:00:00Z", Int32(0))])
func theEndIsLocalMidnight(_ now: String, _ status: Int32) throws {
    let workspace = try PeriodsWorkspace(now: now)
    let result = workspace.run(["payroll", "close", "2026-10"])
    #expect(result.status == status, "\(result.err)")
}

@Test func anEarlyCloseIsRecordedAndShown() throws {
    let workspace = try PeriodsWorkspace()
    let closed = workspace.run(["payroll", "close", "2026-12", "--early", "--reason", "year-end run before the holidays"])
    #expect(closed.status == 0, "\(closed.err)")
    #expect(closed.out.contains("Closed 2026-12 early (it ends 2027-01-01 00:00 Europe/Zurich (UTC+01:00)): 0 lines"))
    let history = workspace.run(["payroll", "history", "2026-12"])
    #expect(history.status == 0)
    #expect(history.out.contains("1. closed 2026-12-03 11:00 Europe/Zurich (UTC+01:00) by \(user): 0 lines, total 0.00 CHF"), "\(history.out)")
    #expect(history.out.contains("   early, before the period ended: year-end run before the holidays"))
    #expect(history.out.contains("   in force"))
    #expect(workspace.run(["payroll", "2026-12"]).out.contains("; closed early: year-end run before the holidays"))

    // An ended period needs no --early; it is closed normally.
    let october = workspace.run(["payroll", "close", "2026-10", "--early", "--reason", "not needed"])
    #expect(october.status == 0)
    #expect(october.out.contains("--early was not needed and is not recorded"))
    #expect(!workspace.run(["payroll", "history", "2026-10"]).out.contains("early"))
}

@Test(arguments: [
    (["payroll", "close", "2026-12", "--early"], "--early needs --reason TEXT"),
    (["payroll", "close", "2026-10", "--reason", "x"], "--reason goes with"),
    (["payroll", "2026-10", "--early"], "--early goes with 'payroll close'"),
    (["payroll", "reopen", "2026-10"], "payroll reopen needs --reason TEXT"),
    (["payroll", "reopen", "2026-10", "--reason", " "], "--reason needs a text"),
    (["payroll", "history", "2026-10", "--export", "x.csv"], "payroll history takes only a PERIOD"),
])
func periodUsageErrors(_ arguments: [String], _ message: String) throws {
    let workspace = try PeriodsWorkspace()
    let result = workspace.run(arguments)
    #expect(result.status == 64)
    #expect(result.err.contains(message), "\(result.err)")
}

/// Close, reopen, close again: the same digest when nothing changed; the reopened close stays in
/// the history, and `check` verifies only the close in force.
@Test func reopenKeepsTheHistoryAndGivesTheSameDigestAgain() throws {
    let workspace = try PeriodsWorkspace()
    #expect(workspace.run(["payroll", "reopen", "2026-10", "--reason", "x"]).err.contains("2026-10 is not closed"))
    let first = try workspace.closeDigest("2026-10")
    let reopened = workspace.run(["payroll", "reopen", "2026-10", "--reason", "agent a300 disputes a line"])
    #expect(reopened.status == 0, "\(reopened.err)")
    #expect(reopened.out.contains("Reopened 2026-10"))
    let live = workspace.run(["payroll", "2026-10"]).out
    #expect(live.contains("open, computed from the current calls and rules"))
    #expect(live.contains("Reopened 2026-12-03T10:00:00Z by \(user): agent a300 disputes a line (`callmeter payroll history 2026-10`)."))
    #expect(workspace.run(["payroll", "reopen", "2026-10", "--reason", "again"]).err.contains("its close was reopened already"))
    #expect(workspace.run(["check"]).out == "ok\n")

    try workspace.at("2026-12-04T08:30:00Z")
    let second = try workspace.closeDigest("2026-10")
    #expect(second == first)
    let history = workspace.run(["payroll", "history", "2026-10"]).out
    #expect(history.contains("1. closed 2026-12-03 11:00 Europe/Zurich (UTC+01:00) by \(user): 15 lines, total 474.97 CHF, export SHA-256 \(first)"), "\(history)")
    #expect(history.contains("   reopened 2026-12-03 11:00 Europe/Zurich (UTC+01:00) by \(user): agent a300 disputes a line"))
    #expect(history.contains("2. closed 2026-12-04 09:30 Europe/Zurich (UTC+01:00) by \(user)"))
    #expect(history.hasSuffix("   in force\n"))
    #expect(workspace.run(["check"]).out == "ok\n")
    // The reopened close is history: check verifies the close in force only.
    try Connection(path: workspace.database, create: false).execute("UPDATE payroll_lines SET amount_minor = 0 WHERE period = 1")
    #expect(workspace.run(["check"]).out == "ok\n")
    try Connection(path: workspace.database, create: false).execute("UPDATE payroll_lines SET amount_minor = 0 WHERE period = 2")
    #expect(workspace.run(["check"]).out.contains("closed period 2026-10: its pay lines changed since it was closed"))
}

/// A late October call is paid in November while October is closed; when November is closed and
/// reopened it comes back as November's adjustment; when October is reopened it is October's own
/// again, and October's new close differs from the first by exactly that call.
@Test func reopenBringsTheAdjustmentLinesBack() throws {
    let workspace = try PeriodsWorkspace()
    let first = try workspace.closeDigest("2026-10")
    try workspace.ingest("late.csv", """
        call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds
        LATE-1,+41800100100,a300,2026-10-29T08:00:00Z,2026-10-29T08:00:05Z,2026-10-29T08:10:05Z,answered,600

        """)
    let adjustment = "2026-11,a300,Marco Rossi,order,0.45,1,600,10.00,4.50,CHF,2026-10\r\n"
    func november() throws -> String {
        let result = workspace.run(["payroll", "2026-11", "--export", workspace.path("november.csv")])
        try #require(result.status == 0, "\(result.err)")
        return String(decoding: try Data(contentsOf: URL(fileURLWithPath: workspace.path("november.csv"))), as: UTF8.self)
    }
    #expect(try november().hasSuffix(adjustment))
    let novemberCalls = workspace.run(["payroll", "2026-11", "--calls", "--export", workspace.path("november-calls.csv")])
    #expect(novemberCalls.status == 0)
    let novemberRows = String(decoding: try Data(contentsOf: URL(fileURLWithPath: workspace.path("november-calls.csv"))), as: UTF8.self)
    #expect(novemberRows.contains("\r\nLATE-1,a300,2026-10-29 09:00:00,'+41800100100,order,0.45,600,0,0,600,600,1,2026-10,\r\n"), "\(novemberRows)")
    _ = try workspace.closeDigest("2026-11")
    #expect(try november().hasSuffix(adjustment))

    let refused = workspace.run(["payroll", "reopen", "2026-10", "--reason", "late call"])
    #expect(refused.status == 1)
    #expect(refused.err.contains("cannot reopen 2026-10: the later period 2026-11 is closed"))

    #expect(workspace.run(["payroll", "reopen", "2026-11", "--reason", "late call"]).status == 0)
    #expect(try november().hasSuffix(adjustment))
    #expect(workspace.run(["payroll", "reopen", "2026-10", "--reason", "late call"]).status == 0)
    #expect(try !november().contains("2026-10\r\n"))
    let october = workspace.run(["payroll", "2026-10"]).out
    #expect(october.contains("Total: 479.47 CHF"), "\(october)")

    #expect(workspace.run(["payroll", "2026-10", "--calls", "--export", workspace.path("october-calls.csv")]).status == 0)
    let octoberRows = String(decoding: try Data(contentsOf: URL(fileURLWithPath: workspace.path("october-calls.csv"))), as: UTF8.self)
    #expect(octoberRows.contains("\r\nLATE-1,a300,2026-10-29 09:00:00,'+41800100100,order,0.45,600,0,0,600,600,"))
    #expect(!octoberRows.contains(",2026-10,"))
    let again = try workspace.closeDigest("2026-10")
    #expect(again != first)
    #expect(try !november().contains("2026-10\r\n"))
    #expect(workspace.run(["check"]).out == "ok\n")
}

/// `payroll PERIOD --calls --export FILE`: one row per call, the rows of each line add up to the
/// line's billable seconds and call count; unpaid calls say why; a closed period's rows are frozen.
@Test func perCallDetailAddsUpToTheLines() throws {
    let workspace = try PeriodsWorkspace()
    try workspace.ingest("extra.csv", """
        call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds
        @SHORT-1,+41800100100,a300,2026-10-12T08:00:00Z,2026-10-12T08:00:05Z,2026-10-12T08:00:08Z,answered,3
        NOTIER-1,+41800900900,a200,2026-10-13T08:00:00Z,2026-10-13T08:00:05Z,2026-10-13T08:05:00Z,answered,295

        """)
    func export(_ name: String, _ extra: [String] = []) throws -> String {
        let result = workspace.run(["payroll", "2026-10", "--export", workspace.path(name)] + extra)
        try #require(result.status == 0, "\(result.err)")
        return String(decoding: try Data(contentsOf: URL(fileURLWithPath: workspace.path(name))), as: UTF8.self)
    }
    let lines = try export("lines.csv").components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
    let calls = try export("calls.csv", ["--calls"])
    #expect(calls.hasPrefix("call_id,agent_id,local_start,hotline,tier,rate_per_minute,talk_seconds,hold_seconds,wrap_seconds,"
                            + "paid_seconds,billable_seconds,line,adjustment_of,unpaid_reason\r\n"))
    let rows = calls.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
    // Each minutes line: its calls and billable seconds are the sums of its rows (no quoted commas in these cells).
    for (index, line) in lines.enumerated() {
        let cells = line.components(separatedBy: ",")
        let own = rows.filter { $0[11] == String(index + 1) }
        guard let count = Int(cells[cells.count - 6]), let seconds = Int(cells[cells.count - 5]) else { continue }
        #expect(own.count == count, "line \(index + 1): \(line)")
        #expect(own.reduce(0) { $0 + (Int($1[10]) ?? -1) } == seconds, "line \(index + 1): \(line)")
    }
    // Text cells are formula-guarded like the payroll export: a hotline's leading + and the @ too.
    #expect(calls.contains("\r\nF0053,a100,2026-10-16 14:29:06,'+41800300300,medical,0.95,639,0,16,639,642,2,,\r\n"))
    #expect(calls.contains("\r\n'@SHORT-1,a300,2026-10-12 10:00:00,'+41800100100,order,0.45,3,0,0,3,0,"))
    #expect(calls.contains(",below unpaid_below_seconds (5 s)\r\n"))
    #expect(calls.contains("\r\nNOTIER-1,a200,2026-10-13 10:00:00,'+41800900900,,,295,0,0,295,0,,,\"no tier for the hotline (not in tiers.json \"\"hotlines\"\")\"\r\n"))

    // Closed: the frozen rows, byte for byte, whatever the rules say afterwards.
    #expect(workspace.run(["payroll", "close", "2026-10", "--allow-unrated"]).status == 0)
    #expect(try export("closed.csv", ["--calls"]) == calls)
    let tiers = workspace.rules.appendingPathComponent("tiers.json")
    let text = try String(contentsOf: tiers, encoding: .utf8)
    try Data(text.replacingOccurrences(of: "\"0.45\"", with: "\"0.50\"").utf8).write(to: tiers)
    #expect(try export("again.csv", ["--calls"]) == calls)
    #expect(try export("again-de.csv", ["--calls", "--dialect", "excel-de"]).contains("\r\nF0053;a100;2026-10-16 14:29:06;'+41800300300;medical;0,95;"))
    let usage = workspace.run(["payroll", "2026-10", "--calls"])
    #expect(usage.status == 64)
    #expect(usage.err.contains("--calls goes with 'payroll PERIOD --export FILE'"))
}

/// A queue_log call whose final event has not arrived is listed, unpaid, with why.
@Test func perCallDetailListsHeldQueueCalls() throws {
    let workspace = try PeriodsWorkspace()
    let queueLog = packageRoot.appendingPathComponent("Fixtures/asterisk/queue_log.1").path
    #expect(workspace.run(["ingest", "cdr", "--format=asterisk-queue-log", queueLog]).status == 0)
    let result = workspace.run(["payroll", "2026-10", "--calls", "--export", workspace.path("calls.csv")])
    #expect(result.status == 0, "\(result.err)")
    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: workspace.path("calls.csv"))), as: UTF8.self)
    #expect(text.hasSuffix("\r\n1791971995.100,1003,2026-10-14 12:00:00,support,,,0,0,0,0,0,,,"
                           + "held queue call: incomplete until the rest of its events is ingested\r\n"), "\(text)")
}
