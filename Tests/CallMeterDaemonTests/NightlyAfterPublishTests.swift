@testable import CallMeterDaemon
import CallMeter
import Foundation
import Testing

/// The nightly job runs routing.json's `after_publish` command after its publish: the outcome is
/// in the night's summary, recorded, and shown by the status lines; a failing command does not
/// fail the night (the feed is published; retrying would publish it again).
@Test func theNightlyPublishRunsTheAfterPublishHook() throws {
    let scratch = try Scratch("nightly-after-publish")
    let rulesPath = try scratch.copyRules()
    let routing = URL(fileURLWithPath: rulesPath).appendingPathComponent("routing.json")
    let text = try String(contentsOf: routing, encoding: .utf8)
    func setHook(_ hook: String) throws {
        try Data(text.replacingOccurrences(of: #""after_publish_timeout_seconds": 30"#,
                                           with: "\"after_publish\": \(hook), \"after_publish_timeout_seconds\": 30").utf8).write(to: routing)
    }
    try setHook(#"["/bin/sh", "-c", "echo \"$CALLMETER_FEED_VERSION $CALLMETER_FEED_FORMAT\" >> hook.log"]"#)
    let store = try Store(path: scratch.file("db.sqlite"), create: true)
    for (kind, file) in [(IngestReport.Kind.agents, "agents.csv"), (.cdr, "cdr.csv"), (.ratings, "ratings.csv")] {
        _ = try Ingestion(store: store).ingest(file: Repository.root.appendingPathComponent("Fixtures/\(file)").path, kind: kind)
    }
    let job = ScoreAndPublishJob(environment: ["USER": "nightly"])
    let summary = try job.run(NightlyRequest(
        slot: try #require(CalendarDate("2026-11-01")), asOf: try #require(CalendarDate("2026-10-31")),
        rules: try RuleSet.load(directory: URL(fileURLWithPath: rulesPath, isDirectory: true)), store: store))
    #expect(summary.text.contains("published feed v1 (csv)"))
    #expect(summary.text.hasSuffix(#"; after_publish ["/bin/sh", "-c", "echo \"$CALLMETER_FEED_VERSION $CALLMETER_FEED_FORMAT\" >> hook.log"]: ok (exit 0)"#))
    #expect(scratch.read("hook.log") == "1 csv\n")
    let first = try #require(try Weights.lastAfterPublishRun(in: store))
    let lines = DaemonStatus(store: store, inbox: nil, nowMilliseconds: 1_793_595_600_000, lockProbe: { _ in .unknown }).lines
    let suffix = "after feed v1 at \(Timestamp.formatUTC(first.startedAt)) by \(OSUser.current(environment: ["USER": "nightly"])): ok (exit 0)"
    #expect(lines.contains { $0.hasPrefix("Hook:     after_publish [") && $0.hasSuffix(suffix) }, "\(lines)")

    // A failing hook: the night still succeeds, with the failure and the output's first line said.
    try setHook(#"["/bin/sh", "-c", "echo 500 - Ongoing reload; exit 1"]"#)
    let failing = try job.run(NightlyRequest(
        slot: try #require(CalendarDate("2026-11-01")), asOf: try #require(CalendarDate("2026-10-31")),
        rules: try RuleSet.load(directory: URL(fileURLWithPath: rulesPath, isDirectory: true)), store: store))
    #expect(failing.text.contains("published feed v2 (csv)"))
    #expect(failing.text.hasSuffix(": FAILED: exit status 1 (output: 500 - Ongoing reload)"))
    let last = try #require(try Weights.lastAfterPublishRun(in: store))
    #expect(last.feedVersion == 2 && last.exitStatus == 1 && last.runBy == OSUser.current(environment: ["USER": "nightly"]) && last.output == "500 - Ongoing reload\n")
}
