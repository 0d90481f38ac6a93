import CallMeter
@testable import CallMeterDaemon
import Foundation
import Testing

/// The nightly job publishes the format routing.json names; with "freeswitch-tiers" that is the
/// fs_cli lines at the format's default path and the XML beside them.
@Test func theNightlyJobPublishesFreeSWITCHTiersWhenRoutingNamesThem() throws {
    let scratch = try Scratch("nightly-freeswitch")
    let rulesPath = try scratch.copyRules()
    let routing = URL(fileURLWithPath: rulesPath).appendingPathComponent("routing.json")
    let text = try String(contentsOf: routing, encoding: .utf8)
    try Data(text.replacingOccurrences(of: #""format": "csv""#, with: #""format": "freeswitch-tiers""#).utf8).write(to: routing)
    let store = try Store(path: scratch.file("db.sqlite"), create: true)
    for (kind, file) in [(IngestReport.Kind.agents, "agents.csv"), (.cdr, "cdr.csv"), (.ratings, "ratings.csv")] {
        _ = try Ingestion(store: store).ingest(file: Repository.root.appendingPathComponent("Fixtures/\(file)").path, kind: kind)
    }
    let rules = try RuleSet.load(directory: URL(fileURLWithPath: rulesPath, isDirectory: true))
    #expect(rules.routing.format == .freeswitchTiers)
    let summary = try ScoreAndPublishJob(environment: ["USER": "nightly"]).run(NightlyRequest(
        slot: try #require(CalendarDate("2026-11-01")), asOf: try #require(CalendarDate("2026-10-31")), rules: rules, store: store))
    #expect(summary.text.hasPrefix("scored 4 agents as of 2026-10-31; published feed v1 (freeswitch-tiers) to "))
    #expect(summary.text.hasSuffix("/feeds/callcenter-tiers"))
    let feed = try #require(scratch.read("feeds/callcenter-tiers"))
    #expect(feed.contains("callcenter_config tier set level support@default a100@default "))
    #expect(!feed.contains("a500@default"))  // inactive
    let xml = try #require(scratch.read("feeds/callcenter-tiers.xml"))
    #expect(xml.contains(#"<tier agent="a100@default" queue="support@default" level="#))
}
