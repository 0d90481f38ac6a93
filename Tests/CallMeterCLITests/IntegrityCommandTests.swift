import Foundation
import Testing

// `callmeter integrity` as a user runs it, and where survey integrity shows elsewhere: `score`
// stores it with the run, `scores` lists the stored flags, `score --explain` and the QA report
// show it. One small generated center with planted behaviours (truth.csv names them).

/// Generates and ingests a planted center in `workspace`; the agent id of each behaviour.
private func plantedCenter(_ workspace: Workspace) throws -> [String: String] {
    try #require(workspace.run("generate", "--agents", "12", "--days", "30", "--calls-per-day", "240", "--seed", "7", "--out", "g",
                               "--plant-integrity").status == 0)
    try #require(workspace.run("init").status == 0)
    for kind in ["agents", "cdr", "ratings"] { try #require(workspace.run("ingest", kind, "g/\(kind).csv").status == 0) }
    var planted: [String: String] = [:]
    for line in try String(contentsOfFile: workspace.path("g/truth.csv"), encoding: .utf8).split(separator: "\n").dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        if fields.count > 2, !fields[2].isEmpty { planted[String(fields[2])] = String(fields[0]) }
    }
    return planted
}

@Test(.timeLimit(.minutes(10)))
func integrityCommandListsFlagsWithTheirFigures() throws {
    try withWorkspace { workspace in
        let planted = try plantedCenter(workspace)
        let dodger = try #require(planted["dodger"])
        let table = workspace.run("integrity", "--as-of", "2026-10-30")
        #expect(table.status == 0, "\(table.err)")
        #expect(table.out.hasPrefix("Survey integrity as of 2026-10-30 ("))
        #expect(table.out.contains("sigma 3, minimum_calls 50, short_call_seconds 20"))
        let dodgerRow = try #require(table.out.split(separator: "\n").first { $0.hasPrefix(dodger + " ") })
        #expect(dodgerRow.contains("survey-avoidance") && dodgerRow.contains("<"))
        #expect(table.out.contains("they never change a score or a weight"))

        let one = workspace.run("integrity", "--as-of", "2026-10-30", "--agent", dodger)
        #expect(one.status == 0)
        #expect(one.out.contains("flag survey-avoidance: survey response ") && one.out.contains("hotline mix: "))
        #expect(one.out.contains("survey response") && one.out.contains("below"))

        let json = workspace.run("integrity", "--as-of", "2026-10-30", "--agent", dodger, "--json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let agents = try #require(root["agents"] as? [[String: Any]])
        #expect(agents.count == 1 && agents.first?["agent_id"] as? String == dodger)
        let flags = try #require(agents.first?["flags"] as? [[String: Any]])
        #expect(flags.first?["flag"] as? String == "survey-avoidance")
        #expect((flags.first?["figures"] as? [[String: Any]])?.first?["below"] as? Bool == true)

        let unknown = workspace.run("integrity", "--agent", "nobody")
        #expect(unknown.status == 1 && unknown.err.contains("no agent \"nobody\""))
        #expect(workspace.run("integrity", "--bogus").status == 64)
        let help = workspace.run("integrity", "--help")
        #expect(help.status == 0 && help.out.contains("--agent ID") && help.out.contains("never change a score"))

        // Scoring stores the figures; scores lists the flags beside the scores, unchanged.
        let score = workspace.run("score", "--as-of", "2026-10-30")
        #expect(score.status == 0)
        let withoutFlags = workspace.run("score", "--as-of", "2026-10-30", "--json")
        #expect(withoutFlags.status == 0)
        let scores = workspace.run("scores")
        #expect(scores.out.contains("Survey integrity flags") && scores.out.contains("2026-10-30  \(dodger)  survey-avoidance"))
        let explain = workspace.run("score", "--explain", dodger, "--as-of", "2026-10-30")
        #expect(explain.out.contains("Survey integrity (integrity.json: sigma 3") && explain.out.contains("flag survey-avoidance"))
        let report = workspace.run("report", "--html", "qa.html", "--as-of", "2026-10-30")
        #expect(report.status == 0, "\(report.err)")
        let page = try String(contentsOfFile: workspace.path("qa.html"), encoding: .utf8)
        #expect(page.contains("<h2>Survey integrity</h2>") && page.contains("<strong>survey-avoidance</strong>"))
        #expect(page.contains("Survey response rate against connected calls"))
    }
}

/// A broken integrity.json stops the command with the file, line, column and key.
@Test func brokenIntegrityRulesAreReportedWhereTheyAre() throws {
    try withWorkspace { workspace in
        try workspace.write("Rules/integrity.json", "{\n  \"sigma\": 0\n}\n")
        try #require(workspace.run("init").status == 0)
        let result = workspace.run("integrity")
        #expect(result.status == 1)
        #expect(result.err.contains("integrity.json:2:") && result.err.contains("sigma"))
    }
}

/// Flags change no score: the same data scored with limits that flag nobody and with limits that
/// flag many gives the same scores and bands.
@Test(.timeLimit(.minutes(10)))
func flagsNeverChangeAScore() throws {
    try withWorkspace { workspace in
        _ = try plantedCenter(workspace)
        // The agents' part of the run (the rest says whether an earlier run was replaced).
        func agents(_ out: String) -> Substring? { out.range(of: "\"agents\"").map { out[$0.lowerBound...] } }
        let flagged = workspace.run("score", "--as-of", "2026-10-30", "--json").out
        #expect(workspace.run("scores").out.contains("Survey integrity flags"))
        try workspace.write("Rules/integrity.json", #"{ "sigma": 10, "minimum_calls": 1000000 }"#)
        let unflagged = workspace.run("score", "--as-of", "2026-10-30", "--json").out
        #expect(agents(flagged) != nil && agents(flagged) == agents(unflagged))
        #expect(!workspace.run("scores").out.contains("Survey integrity flags"))
    }
}
