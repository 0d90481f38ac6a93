import Foundation
import Testing
import CallMeterCLI

private struct ScratchError: Error { let message: String }

/// A scratch folder with a database, rule files (UTC) and the worked example of the README:
/// a1 58.8 (watch), b1 46.3 (poor), c1 answered calls without ratings (insufficient, no score).
private final class Scratch {
    let directory: URL
    var db: String { directory.appendingPathComponent("cm.sqlite").path }
    var rules: String { directory.appendingPathComponent("Rules").path }

    init(scoring: String = #"{ "prior_strength": 2, "min_ratings": 3 }"#, load: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-cli-score-\(UUID().uuidString)")
        let rulesURL = directory.appendingPathComponent("Rules")
        try FileManager.default.createDirectory(at: rulesURL, withIntermediateDirectories: true)
        try write("Rules/center.json", #"{ "timezone": "UTC", "currency": "CHF" }"#)
        try write("Rules/scoring.json", scoring)
        guard load else { return }
        try write("agents.csv", "agent_id,name\na1,Anna\nb1,Bruno\nc1,Chris\n")
        let d14 = "2026-10-18T00:00:00Z", d28 = "2026-10-04T00:00:00Z"
        let calls: [(String, String, String, String)] = [
            ("W0", "H1", "a1", d14), ("W1", "H1", "a1", d14), ("W2", "H2", "a1", d28),
            ("W3", "H1", "b1", d14), ("W4", "H2", "b1", d14), ("W5", "H2", "b1", d28),
            ("C1", "H1", "c1", "2026-10-20T00:00:00Z"),
        ]
        let cdr = calls.map { id, hotline, agent, start in
            "\(id),\(hotline),\(agent),\(start),\(start.replacingOccurrences(of: "T00:00:00Z", with: "T00:05:00Z")),answered,300"
        }
        try write("cdr.csv", (["call_id,hotline,agent_id,started_at,ended_at,disposition,talk_seconds"] + cdr).joined(separator: "\n"))
        try write("ratings.csv", "call_id,rating,question\nW0,5,overall\nW1,4,overall\nW2,3,overall\nW3,3,overall\nW4,1,overall\nW5,2,overall\nW0,2,resolved\n")
        for kind in ["agents", "cdr", "ratings"] {
            let result = run(["ingest", kind, directory.appendingPathComponent("\(kind).csv").path])
            guard result.status == 0 else { throw ScratchError(message: result.err) }
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    /// `now` is the clock of the run (default: 2026-12-03T05:00:00Z, a month after the data).
    func run(_ arguments: [String], now: Date = Date(timeIntervalSince1970: 1_796_274_000)) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let status = CLI.run(["--db", db, "--rules", rules] + arguments, console: captured.console, environment: [:], workingDirectory: directory,
                             clock: { now })
        return (status, captured.out, captured.err)
    }
}

@Test func scorePrintsTheTableSortedByScore() throws {
    let scratch = try Scratch()
    let result = scratch.run(["score", "--as-of", "2026-10-31"])
    #expect(result.status == 0, "\(result.err)")
    let lines = result.out.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("Scores as of 2026-10-31 (") == true)
    #expect(lines.dropFirst().first == "Agent  Name   Ratings  CSAT %  Wilson %  Score  Band          Change")
    #expect(lines.dropFirst(2).first == "a1     Anna         3    66.7      20.8   58.8  watch              -")
    #expect(lines.dropFirst(3).first == "b1     Bruno        3     0.0       0.0   46.3  poor               -")
    #expect(lines.dropFirst(4).first == "c1     Chris        0       -         -      -  insufficient       -")
    #expect(result.out.contains("Stored; rules sha256 "))
    // Again: the same numbers, and the run of that date is replaced.
    let again = scratch.run(["score", "--as-of", "2026-10-31"])
    #expect(Array(again.out.split(separator: "\n").map(String.init).dropFirst().prefix(4)) == Array(lines.dropFirst().prefix(4)))
    #expect(again.out.contains("Stored (replaced the earlier run of 2026-10-31)"))
}

@Test func scoreJSONParses() throws {
    let scratch = try Scratch()
    let result = scratch.run(["score", "--as-of=2026-10-31", "--json"])
    #expect(result.status == 0, "\(result.err)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
    #expect(object["as_of"] as? String == "2026-10-31")
    #expect((object["rules_sha256"] as? String)?.count == 64)
    #expect(object["ratings"] as? Int == 6)
    #expect(object["stored"] as? Bool == true)
    let window = try #require(object["window"] as? [String: Any])
    #expect(window["start"] as? String == "2026-10-04T00:00:00Z")
    #expect(window["end"] as? String == "2026-11-01T00:00:00Z")
    #expect(window["days"] as? Int == 28)
    let agents = try #require(object["agents"] as? [[String: Any]])
    #expect(agents.map { $0["agent_id"] as? String } == ["a1", "b1", "c1"])
    #expect(agents.map { $0["score"] as? Double } == [58.8, 46.3, nil])
    #expect(agents[2]["score"] is NSNull)
    #expect(agents.map { $0["band"] as? String } == ["watch", "poor", "insufficient"])
    #expect(agents.map { $0["wilson_lower_percent"] as? Double } == [20.8, 0, nil])
    #expect(agents.map { $0["csat_percent"] as? Double } == [66.7, 0, nil])
    #expect(agents.map { $0["ratings"] as? Int } == [3, 3, 0])
    #expect(agents.first?["name"] as? String == "Anna")
    // The same data, rules and date print the same JSON, apart from the replaced flag.
    let again = scratch.run(["score", "--as-of", "2026-10-31", "--json"])
    #expect(again.out.replacingOccurrences(of: "\"replaced_earlier_run\": true", with: "\"replaced_earlier_run\": false") == result.out)
}

@Test func explainPrintsTheNumbers() throws {
    let scratch = try Scratch()
    let result = scratch.run(["score", "--explain", "a1", "--as-of", "2026-10-31"])
    #expect(result.status == 0, "\(result.err)")
    for expected in ["m_all = Σw·x / Σw = 0.525000", "= 1.909375 / 3.250000 = 0.587500", "→ 58.8", "W0 resolved 2", "→ watch"] {
        #expect(result.out.contains(expected), "missing \(expected)")
    }
    // Explaining stores nothing.
    #expect(scratch.run(["scores"]).out.contains("No scoring runs stored yet"))
    let unknown = scratch.run(["score", "--explain", "zz", "--as-of", "2026-10-31"])
    #expect(unknown.status == 1)
    #expect(unknown.err.contains("no agent \"zz\""))
}

@Test func scoresShowsTheTrend() throws {
    let scratch = try Scratch()
    #expect(scratch.run(["score", "--as-of", "2026-10-31"]).status == 0)
    #expect(scratch.run(["score", "--as-of", "2026-11-02"]).status == 0)
    let all = scratch.run(["scores"])
    #expect(all.status == 0)
    #expect(all.out.contains("Agent  Name   2026-10-31  2026-11-02"))
    #expect(all.out.contains("a1     Anna         58.8"))
    let one = scratch.run(["scores", "--agent", "a1", "--last", "1"])
    #expect(one.status == 0)
    #expect(one.out.contains("2026-11-02"))
    #expect(!one.out.contains("2026-10-31"))
    #expect(one.out.contains("a1 (Anna):"))
    let second = scratch.run(["score", "--as-of", "2026-11-02"])
    #expect(second.out.contains("change since the run of 2026-10-31"))
    #expect(scratch.run(["scores", "--agent", "zz"]).status == 1)
}

@Test func asOfWithoutDataSaysSoAndStoresNothing() throws {
    let scratch = try Scratch()
    let result = scratch.run(["score", "--as-of", "2026-06-30"])
    #expect(result.status == 1)
    #expect(result.err.contains("Error: no answered calls from 2026-06-03 to 2026-06-30"))
    #expect(result.err.contains("nothing stored"))
    #expect(result.out.isEmpty)
    #expect(scratch.run(["scores"]).out.contains("No scoring runs stored yet"))
}

@Test(arguments: [
    ["score", "--as-of", "2026-02-30"], ["score", "--as-of"], ["score", "--explain"], ["score", "--json", "--explain", "a1"],
    ["score", "extra"], ["scores", "--last", "0"], ["scores", "--last", "x"], ["scores", "--agent"],
])
func usageErrors(_ arguments: [String]) throws {
    let scratch = try Scratch(load: false)
    let result = scratch.run(arguments)
    #expect(result.status == 64)
    #expect(result.err.hasPrefix("Error: "))
    #expect(result.err.contains("See 'callmeter help \(arguments[0])'."))
}

@Test(arguments: [
    (#"{ "half_life_days": 0 }"#, "scoring.json:1:21: half_life_days: "),
    (#"{ "components": { "ratings": 1, "repeat_contact": -1 } }"#, "scoring.json:1:51: components.repeat_contact: "),
    (#"{ "bands": { "great": 90, "poor": 0 } }"#, "bands.great: unknown band name"),
    (#"{ "bands": { "good": 70, "excellent": 85, "poor": 0 } }"#, "bands.excellent: bands must be listed best first"),
])
func invalidRulesAreReportedWithTheKey(scoring: String, expected: String) throws {
    let scratch = try Scratch(scoring: scoring)
    let result = scratch.run(["score", "--as-of", "2026-10-31"])
    #expect(result.status == 1)
    #expect(result.err.contains(expected), "\(result.err)")
    #expect(scratch.run(["scores"]).out.contains("No scoring runs stored yet"))
}

@Test func demoScoresTheFixtures() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-demo-score-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let captured = CapturedConsole()
    let status = CLI.run(["demo", "--dir", directory.path], console: captured.console, environment: [:], workingDirectory: directory)
    #expect(status == 0, "\(captured.err)")
    #expect(captured.out.contains("Scores as of 2026-10-31 (Europe/Zurich): 28 days from 2026-10-04"))
    #expect(captured.out.contains("Agent  Name            Ratings  CSAT %  Wilson %  Score  Band          Change"))
    for agent in ["a100", "a200", "a300", "a400"] { #expect(captured.out.contains("\n\(agent) ")) }
}

@Test func scoreCommandsAreListed() {
    let captured = CapturedConsole()
    #expect(CLI.run(["help"], console: captured.console, environment: [:]) == 0)
    #expect(captured.out.contains("  score "))
    #expect(captured.out.contains("  scores "))
}

/// `score --explain` without `--as-of` explains the latest stored run, not "yesterday" (a window
/// without calls, right after the README's own `score --as-of`).
@Test func explainWithoutAsOfExplainsTheLatestStoredRun() throws {
    let scratch = try Scratch()
    #expect(scratch.run(["score", "--as-of", "2026-10-25"]).status == 0)
    #expect(scratch.run(["score", "--as-of", "2026-10-31"]).status == 0)
    let latest = scratch.run(["score", "--explain", "a1"])
    #expect(latest.status == 0, "\(latest.err)")
    #expect(latest.out == scratch.run(["score", "--explain", "a1", "--as-of", "2026-10-31"]).out)
    #expect(latest.out.contains("2026-10-31"))
}

/// With no stored run, `--explain` still means yesterday: no calls there, and the message says
/// which day has them.
@Test func scoreWithoutCallsInItsWindowNamesTheLastDayWithCalls() throws {
    let scratch = try Scratch()
    for arguments in [["score"], ["score", "--explain", "a1"], ["score", "--as-of", "2026-12-31", "--json"]] {
        let result = scratch.run(arguments)
        #expect(result.status == 1, "\(arguments)")
        #expect(result.err.contains("no answered calls from"), "\(result.err)")
        #expect(result.err.contains("The last answered call is of 2026-10-20: try 'callmeter score --as-of 2026-10-20'"), "\(result.err)")
    }
    // A window before the first call names the same day.
    let before = scratch.run(["score", "--as-of", "2026-09-01"])
    #expect(before.status == 1)
    #expect(before.err.contains("try 'callmeter score --as-of 2026-10-20'"))
}
