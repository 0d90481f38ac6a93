import Foundation
import Testing
import CallMeter
import CallMeterCLI
import CallMeter

/// 2026-11-24T06:00:00Z.
let reportEpoch = "1795500000"

/// A workspace where `callmeter demo` has loaded and scored the shipped fixtures and written its
/// report, with the report's clock fixed by SOURCE_DATE_EPOCH.
func withDemo<T>(_ body: (Workspace, RunResult) throws -> T) throws -> T {
    try withWorkspace { workspace in
        let demo = workspace.run(["demo", "--dir", "demo"], environment: ["SOURCE_DATE_EPOCH": reportEpoch])
        #expect(demo.status == 0, "\(demo.err)")
        return try body(workspace, demo)
    }
}

/// The shipped directory's agents: id and name.
func fixtureAgents() throws -> [(id: String, name: String)] {
    let text = try String(contentsOf: packageRoot.appendingPathComponent("Fixtures/agents.csv"), encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { line in
        // agent_id,name,…: the only quoted name is "Dupont, Claire".
        let id = String(line.prefix { $0 != "," })
        let rest = line.dropFirst(id.count + 1)
        let name = rest.hasPrefix("\"") ? String(rest.dropFirst().prefix { $0 != "\"" }) : String(rest.prefix { $0 != "," })
        return (id, name)
    }
}

/// The demo publishes one feed per format, so the last version is their number.
private let demoFeedVersion = FeedFormat.allCases.count

@Test func demoWritesTheReportAndPrintsItsPath() throws {
    try withDemo { workspace, demo in
        let path = workspace.path("demo/report.html")
        #expect(demo.out.contains("QA report: \(path) (QA report as of 2026-10-31, 4 agents scored, feed v\(demoFeedVersion))"))
        #expect(mode(path) == 0o600)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        for agent in try fixtureAgents() {
            #expect(html.contains(">\(agent.id)</span>"), "\(agent.id)")
            #expect(html.contains(">\(agent.name)</span>"), "\(agent.name)")
        }
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script") && !html.contains("<link"))
        // The demo scored the two weeks before, so the trends have 14 runs.
        #expect(html.contains("Trend: the score in the last 14 runs (2026-10-18 to 2026-10-31)"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.path("demo")).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}

@Test func reportGivesTheSameBytesForTheSameDataAndClock() throws {
    try withDemo { workspace, _ in
        let environment = ["SOURCE_DATE_EPOCH": reportEpoch]
        let first = workspace.run(["--db", "demo/callmeter.sqlite", "report", "--html", "one.html", "--as-of", "2026-10-31"], environment: environment)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out == "Wrote one.html: QA report as of 2026-10-31, 4 agents scored, feed v\(demoFeedVersion)\n")
        // Without --as-of: the latest stored run, the same one.
        let second = workspace.run(["--db", "demo/callmeter.sqlite", "report", "--html=two.html"], environment: environment)
        #expect(second.status == 0, "\(second.err)")
        let one = try Data(contentsOf: URL(fileURLWithPath: workspace.path("one.html")))
        let two = try Data(contentsOf: URL(fileURLWithPath: workspace.path("two.html")))
        let demo = try Data(contentsOf: URL(fileURLWithPath: workspace.path("demo/report.html")))
        #expect(one == two)
        #expect(one == demo)
        // Another clock changes only the time stamps.
        let later = workspace.run(["--db", "demo/callmeter.sqlite", "report", "--html", "three.html"], environment: ["SOURCE_DATE_EPOCH": "1795503600"])
        #expect(later.status == 0)
        let three = try String(contentsOfFile: workspace.path("three.html"), encoding: .utf8)
        #expect(three.contains("2026-11-24 07:00 UTC"))
        // The demo published the feed (v3) at its own time: the page shows the feed's age, an hour more.
        func withoutFeedAge(_ page: String) -> String {
            page.replacingOccurrences(of: #", [0-9]+ (d|h|min)[^<]* old<"#, with: ", … old<", options: .regularExpression)
        }
        #expect(withoutFeedAge(three.replacingOccurrences(of: "2026-11-24 07:00 UTC", with: "2026-11-24 06:00 UTC"))
                == withoutFeedAge(String(decoding: one, as: UTF8.self)))
    }
}

@Test func reportReplacesAnExistingFile() throws {
    try withDemo { workspace, _ in
        try workspace.write("out/report.html", "old report")
        let result = workspace.run(["--db", "demo/callmeter.sqlite", "report", "--html", "out/report.html", "--as-of", "2026-10-20"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("QA report as of 2026-10-20"))
        let html = try String(contentsOfFile: workspace.path("out/report.html"), encoding: .utf8)
        #expect(html.contains("<h1>Quality report · 2026-10-20</h1>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path("out")) == ["report.html"])
    }
}

@Test(arguments: [
    (["report"], "report needs --html FILE"),
    (["report", "--html"], "--html needs a value"),
    (["report", "--html", "r.html", "--as-of", "2026-02-30"], "--as-of takes a date like 2026-10-31, not '2026-02-30'"),
    (["report", "--html", "r.html", "--pdf"], "unexpected argument '--pdf'"),
])
func reportUsageErrors(arguments: [String], message: String) throws {
    try withWorkspace { workspace in
        let result = workspace.run(arguments)
        #expect(result.status == 64)
        #expect(result.err == "Error: \(message)\nSee 'callmeter help report'.\n")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("r.html")))
    }
}

@Test func reportHelpAndCommandList() throws {
    try withWorkspace { workspace in
        let help = workspace.run("report", "--help")
        #expect(help.status == 0)
        #expect(help.out.hasPrefix("USAGE: callmeter [--db PATH] [--rules DIR] report --html FILE [--as-of YYYY-MM-DD]"))
        #expect(help.out.contains("SOURCE_DATE_EPOCH"))
        #expect(workspace.run("help").out.contains("report"))
    }
}

@Test func reportFailures() throws {
    try withDemo { workspace, _ in
        let noDatabase = workspace.run(["--db", "missing.sqlite", "report", "--html", "r.html"])
        #expect(noDatabase.status == 1)
        #expect(!FileManager.default.fileExists(atPath: workspace.path("r.html")))

        let badClock = workspace.run(["--db", "demo/callmeter.sqlite", "report", "--html", "r.html"], environment: ["SOURCE_DATE_EPOCH": "yesterday"])
        #expect(badClock.status == 1)
        #expect(badClock.err == "Error: SOURCE_DATE_EPOCH must be Unix seconds (a whole number from 0), not 'yesterday'\n")

        let noFolder = workspace.run(["--db", "demo/callmeter.sqlite", "report", "--html", "nowhere/r.html"])
        #expect(noFolder.status == 1)
        #expect(noFolder.err.hasPrefix("Error: cannot write \(workspace.path("nowhere/r.html")): cannot create "))
        #expect(!FileManager.default.fileExists(atPath: workspace.path("r.html")))
    }
}

@Test func reportWithoutScoringRuns() throws {
    try withWorkspace { workspace in
        #expect(workspace.run("init").status == 0)
        let result = workspace.run(["report", "--html", "r.html", "--as-of", "2026-10-31"], environment: ["SOURCE_DATE_EPOCH": reportEpoch])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "Wrote r.html: QA report as of 2026-10-31, no scoring run stored yet, no feed published yet\n")
        let html = try String(contentsOfFile: workspace.path("r.html"), encoding: .utf8)
        #expect(html.contains("No scoring run is stored on or before 2026-10-31"))
    }
}
