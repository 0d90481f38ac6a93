import CallMeterCLI
import Foundation
import Testing

// `callmeter coverage` through the CLI with the shipped rules (Europe/Zurich, 30-minute slots,
// 80 % in 20 s) and a clock on Thursday 2026-12-03, so that "next week" is 2026-W50.

private let h1 = "+41800100100", h2 = "+41800200200"

/// Two history Mondays (2026-11-23 and 11-30) with 6 calls each on both hotlines at 09:00 local;
/// in 2026-W50 only a1 is committed, Monday 09:00–10:00 for h1.
private func prepared(_ workspace: Workspace) throws {
    try workspace.write("agents.csv", "agent_id,name,hotlines\na1,Anna,\(h1)\na2,Bea,\(h1);\(h2)\n")
    var cdr = ["call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds"]
    for (day, date) in ["2026-11-23", "2026-11-30"].enumerated() {
        for (h, hotline) in [h1, h2].enumerated() {
            for i in 0..<6 {
                let minute = 4 * i + h, id = "c\(day)\(h)\(i)"
                let m = minute < 10 ? "0\(minute)" : "\(minute)"
                cdr.append("\(id),\(hotline),a1,\(date)T08:\(m):00Z,\(date)T08:\(m):10Z,\(date)T08:\(m):30Z,answered,20,0,10")
            }
        }
    }
    try workspace.write("cdr.csv", cdr.joined(separator: "\n") + "\n")
    try workspace.write("commitments.csv", "agent_id,date,from,to,hotlines\na1,2026-12-07,09:00,10:00,\(h1)\n")
    for (kind, file) in [("agents", "agents.csv"), ("cdr", "cdr.csv"), ("commitments", "commitments.csv")] {
        let result = workspace.run("ingest", kind, file)
        try #require(result.status == 0, "\(file): \(result.err)")
    }
}

private func coverage(_ workspace: Workspace, _ arguments: String...) -> RunResult {
    let captured = CapturedConsole()
    let now = Date(timeIntervalSince1970: 1_796_292_000)  // 2026-12-03T10:00:00Z
    let status = CLI.run(["coverage"] + arguments, console: captured.console, environment: [:], workingDirectory: workspace.url,
                         clock: { now })
    return RunResult(status: status, out: captured.out, err: captured.err)
}

@Test func coverageOfNextWeekFindsTheUncoveredHotline() throws {
    try withWorkspace { workspace in
        try prepared(workspace)
        let result = coverage(workspace)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("Coverage of 2026-W50 (2026-12-07 to 2026-12-13, Europe/Zurich), 30-minute slots"))
        #expect(result.out.contains("Forecast from 6 weeks (2026-W44 to 2026-W49)"))
        #expect(result.out.contains("Uncovered (calls forecast, no agent committed): 1 stretch"))
        #expect(result.out.contains("  \(h2): 2026-12-07 09:00 to 2026-12-07 09:30 (0.5 h)"), "\(result.out)")
        // h1 at 09:00: 6 calls forecast (6 on each of the two Mondays), a1 committed.
        let line = try #require(result.out.split(separator: "\n").first { $0.hasPrefix("2026-12-07 09:00  \(h1)") })
        #expect(line.contains("6.0"), "\(line)")
        #expect(!line.contains("UNCOVERED"))
        #expect(coverage(workspace).out == result.out)
        #expect(coverage(workspace, "--week", "2026-W50").out == result.out)
    }
}

@Test func coverageWritesCSVAndJSON() throws {
    try withWorkspace { workspace in
        try prepared(workspace)
        let written = coverage(workspace, "--csv", "week.csv")
        #expect(written.status == 0, "\(written.err)")
        let csv = try String(contentsOfFile: workspace.path("week.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\r\n", omittingEmptySubsequences: true)
        #expect(lines.first == "slot_start,local_slot,hotline,forecast_calls,aht_seconds,required_agents,committed_agents,agents_committed_any,gap,expected_service_level,expected_asa_seconds,uncovered")
        #expect(lines.count == 1 + 2 * 7 * 48)
        // Hotlines start like a formula: neutralised with a quote, as in every CSV; no ASA when the queue never empties.
        #expect(lines.contains("2026-12-07T08:00:00Z,2026-12-07 09:00,'\(h2),6.000,30.0,1,0.000,0,-1.000,0.00000,,1"))
        #expect(lines.contains("2026-12-07T08:00:00Z,2026-12-07 09:00,'\(h1),6.000,30.0,1,1.000,1,0.000,0.94512,3.3,0"))
        _ = coverage(workspace, "--csv", "again.csv")
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.path("again.csv"))) == Data(csv.utf8))

        let json = coverage(workspace, "--json", "--hotline", h2)
        #expect(json.status == 0, "\(json.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["week"] as? String == "2026-W50")
        let hotlines = try #require(object["hotlines"] as? [[String: Any]])
        #expect(hotlines.map { $0["hotline"] as? String } == [h2])
        #expect((hotlines.first?["uncovered_hours"] as? Double) == 0.5)
        #expect((object["slots"] as? [Any])?.count == 7 * 48)
        #expect((object["uncovered"] as? [[String: Any]])?.first?["from"] as? String == "2026-12-07 09:00")
    }
}

@Test func whatIfRemoveShowsTheWeekWithoutTheAgent() throws {
    try withWorkspace { workspace in
        try prepared(workspace)
        let result = coverage(workspace, "--what-if-remove", "a1")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("Without a1's commitments:"))
        let line = try #require(result.out.split(separator: "\n").first { $0.hasPrefix(h1) })
        // Uncovered hours of h1 go from 0 to 0.5.
        #expect(line.split(separator: " ").suffix(4).prefix(2) == ["0.0", "0.5"], "\(line)")
        let unknown = coverage(workspace, "--what-if-remove", "nobody")
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("agent 'nobody' has no commitments in 2026-W50"), "\(unknown.err)")
    }
}

@Test(arguments: [["--week", "2027-W53"], ["--week", "2026-50"], ["--csv", "x.csv", "--json"], ["extra"]])
func coverageUsageErrors(_ arguments: [String]) throws {
    try withWorkspace { workspace in
        let captured = CapturedConsole()
        let status = CLI.run(["coverage"] + arguments, console: captured.console, environment: [:], workingDirectory: workspace.url)
        #expect(status == 64)
        #expect(captured.err.contains("See 'callmeter help coverage'."))
    }
}

@Test func coverageWithoutHistorySaysSo() throws {
    try withWorkspace { workspace in
        #expect(workspace.run("init").status == 0)
        let result = coverage(workspace, "--week", "2026-W50")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("No hotline had an inbound call in 2026-W44 to 2026-W49: nothing to plan."))
    }
}
