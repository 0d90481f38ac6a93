import CallMeterCLI
import Foundation
import Testing

/// The files users and other systems read — feeds, payroll exports, the QA report, the JSON
/// listings — compared byte for byte with committed copies in `Tests/GoldenOutputs/`, under a fixed
/// clock. A refactoring must leave them identical; a deliberate change of output regenerates them
/// with `CALLMETER_UPDATE_GOLDEN=1 swift test --filter GoldenOutput` and the diff is reviewed in the
/// commit.
@Suite struct GoldenOutputTests {
    static let folder = packageRoot.appendingPathComponent("Tests/GoldenOutputs")
    static let updating = ProcessInfo.processInfo.environment["CALLMETER_UPDATE_GOLDEN"] == "1"

    /// 2026-11-02T06:00:00Z: the morning after the fixtures' month.
    static let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_793_599_200) }
    static let environment = ["SOURCE_DATE_EPOCH": "1793599200", "USER": "golden"]

    /// Runs `callmeter ARGUMENTS` in `directory` with the fixed clock and user.
    static func run(_ arguments: [String], in directory: URL) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let status = CLI.run(arguments, console: captured.console, environment: environment,
                             workingDirectory: directory, clock: clock)
        return (status, captured.out, captured.err)
    }

    /// `text` with the instants that come from the wall clock rather than the injected one (when a
    /// batch was ingested, when a run was scored) replaced by `WALL-CLOCK`, so that the committed
    /// copies do not depend on when the test runs.
    static func maskingWallClock(_ text: String) -> String {
        let now = Date().timeIntervalSince1970
        let recent = { (seconds: Double) in abs(seconds - now) < 86_400 }
        var result = text
        let instant = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/
        let formatter = ISO8601DateFormatter()
        result.replace(instant) { match in
            let text = String(match.output)
            guard let date = formatter.date(from: text), recent(date.timeIntervalSince1970) else { return text }
            return "WALL-CLOCK"
        }
        let milliseconds = /_ms": (\d{13})/
        result.replace(milliseconds) { match in
            guard let value = Double(match.output.1), recent(value / 1000) else { return String(match.output.0) }
            return "_ms\": WALL-CLOCK"
        }
        // `status` tells ages against the wall clock too.
        result.replace(/\((\d+ s|\d+ min|\d+ h \d+ min|\d+ d \d+ h) old\)/) { _ in "(WALL-CLOCK AGE old)" }
        return result
    }

    /// Compares `produced` (a file in `directory`) with `Tests/GoldenOutputs/GROUP/produced`.
    static func compare(_ produced: String, in directory: URL, group: String) throws {
        let actual = try Data(contentsOf: directory.appendingPathComponent(produced))
        try compare(actual, named: produced, group: group)
    }

    static func compare(_ actual: Data, named name: String, group: String) throws {
        let expected = folder.appendingPathComponent(group).appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: expected.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: expected)
            return
        }
        let committed = try Data(contentsOf: expected)
        #expect(actual == committed, "\(group)/\(name) differs from the committed copy \(expected.path)")
    }

    /// The demo on the shipped fixtures: every feed format, the payroll export and the report.
    @Test func demoOutputsAreByteIdentical() throws {
        try withWorkspace { workspace in
            let result = Self.run(["demo", "--dir", "demo"], in: workspace.url)
            #expect(result.status == 0, "\(result.err)")
            let demo = workspace.url.appendingPathComponent("demo")
            // Every file the demo wrote to feeds/ (one or two per format and their kept copies), so a
            // format added to FeedFormat is held here as soon as its copies are regenerated; and no
            // committed feed the demo no longer writes.
            let feeds = try FileManager.default.contentsOfDirectory(atPath: demo.appendingPathComponent("feeds").path)
                .filter { !$0.hasPrefix(".") }.sorted()
            if !Self.updating {
                let committed = try FileManager.default.contentsOfDirectory(atPath: Self.folder.appendingPathComponent("demo/feeds").path)
                #expect(feeds == committed.sorted(), "the demo's feeds differ from Tests/GoldenOutputs/demo/feeds")
            }
            for file in feeds.map({ "feeds/\($0)" }) + ["payroll-2026-10.csv", "report.html"] {
                try Self.compare(file, in: demo, group: "demo")
            }
            // What the demo prints, with the scratch folder's path taken out.
            let printed = Self.maskingWallClock(result.out).replacingOccurrences(of: workspace.url.path, with: "WORKSPACE")
                .replacingOccurrences(of: packageRoot.path, with: "PACKAGE")
            try Self.compare(Data(printed.utf8), named: "demo-output.txt", group: "demo")
        }
    }

    /// A generated month run through the CLI as the nightly job and the payroll clerk would: scores,
    /// explanations, weights in each format, the payroll export and per-call detail, the report and
    /// the JSON listings.
    @Test func generatedMonthOutputsAreByteIdentical() throws {
        try withWorkspace { workspace in
            let directory = workspace.url
            func step(_ arguments: [String], capture name: String? = nil) throws {
                let result = Self.run(arguments, in: directory)
                #expect(result.status == 0, "\(arguments): \(result.err)")
                if let name {
                    let printed = Self.maskingWallClock(result.out).replacingOccurrences(of: directory.path, with: "WORKSPACE")
                    try Self.compare(Data(printed.utf8), named: name, group: "generated")
                }
            }
            try step(["generate", "--agents", "12", "--days", "31", "--calls-per-day", "120", "--seed", "7",
                      "--out", "generated", "--first-day", "2026-10-01"])
            for kind in ["agents", "commitments", "cdr", "ratings"] { try step(["ingest", kind, "generated/\(kind).csv"]) }
            try step(["ingest", "cdr", "--format", "asterisk-queue-log", "generated/queue_log"])
            for day in ["2026-10-29", "2026-10-30", "2026-10-31"] {
                try step(["score", "--as-of", day], capture: "score-\(day).txt")
            }
            try step(["scores"], capture: "scores.txt")
            try step(["scores", "--agent", "agent1010"], capture: "scores-agent1010.txt")
            try step(["score", "--as-of", "2026-10-31", "--explain", "agent1010"], capture: "explain-agent1010.txt")
            for format in ["kamailio", "csv", "json"] {
                try step(["weights", "publish", "--as-of", "2026-10-31", "--format", format, "--out", "feeds/weights.\(format)"])
                try Self.compare("feeds/weights.\(format)", in: directory, group: "generated")
                if format == "csv" {
                    try Self.compare("feeds/weights.\(format).meta.json", in: directory, group: "generated")
                }
            }
            try step(["weights", "--as-of", "2026-10-31"], capture: "weights.txt")
            try step(["weights", "history", "agent1010"], capture: "weights-history-agent1010.txt")
            try step(["payroll", "2026-10", "--export", directory.appendingPathComponent("payroll-2026-10.csv").path], capture: "payroll-2026-10.txt")
            try Self.compare("payroll-2026-10.csv", in: directory, group: "generated")
            try step(["payroll", "2026-10", "--calls", "--export", directory.appendingPathComponent("payroll-2026-10-calls.csv").path, "--dialect", "excel-de"])
            try Self.compare("payroll-2026-10-calls.csv", in: directory, group: "generated")
            try step(["payroll", "fairness", "2026-10"], capture: "payroll-fairness-2026-10.txt")
            try step(["adherence", "2026-10"], capture: "adherence-2026-10.txt")
            try step(["payroll", "close", "2026-10"], capture: "payroll-close-2026-10.txt")
            try step(["payroll", "history", "2026-10"], capture: "payroll-history-2026-10.txt")
            try step(["report", "--as-of", "2026-10-31", "--html", directory.appendingPathComponent("report.html").path])
            try Self.compare("report.html", in: directory, group: "generated")
            try step(["status"], capture: "status.txt")
            try step(["batches", "--json"], capture: "batches.json")
        }
    }
}
