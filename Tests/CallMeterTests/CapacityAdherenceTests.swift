import Foundation
import Testing
@testable import CallMeter

// `Capacity.adherence` on a store: commitments (rows written directly; the importer is tested with
// `ingest commitments`) against the sessions of an ingested queue_log, and what reads it: the
// fairness report and the `adherence` score component.

/// 2026-10-14 (UTC). a: logged in 07:50-09:00, paused from 08:30 (REMOVEMEMBER ends the pause);
/// b: logged in 08:00-10:00. Queue calls at 08:00-08:06: b takes Q1, a takes Q2.
private let queueLog = """
    1791964200|MANAGER|support|SIP/a-01|ADDMEMBER|
    1791964800|MANAGER|support|SIP/b-02|ADDMEMBER|
    1791964800|Q1|support|NONE|ENTERQUEUE||0791234567|1
    1791964820|Q1|support|SIP/b-02|CONNECT|20|1791964805.2|5
    1791964920|Q1|support|SIP/b-02|COMPLETECALLER|20|100|1
    1791965000|Q2|support|NONE|ENTERQUEUE||0797654321|1
    1791965010|Q2|support|SIP/a-01|CONNECT|10|1791965005.4|4
    1791965070|Q2|support|SIP/a-01|COMPLETEAGENT|10|60|1
    1791966600|NONE|support|SIP/a-01|PAUSE|
    1791968400|MANAGER|support|SIP/a-01|REMOVEMEMBER|
    1791972000|MANAGER|support|SIP/b-02|REMOVEMEMBER|

    """
private let eight: Int64 = 1_791_964_800
private let hour: Int64 = 3600

/// a: 08:00-09:00 and 12:00-13:00 (a no-show); b: 08:00-09:00; c (no queue_log at all): 08:00-09:00.
private func loaded() throws -> ScratchStore {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(try scratch.file("queue_log", queueLog), .asteriskQueueLog, zone: "UTC")
    #expect(report.rowsRejected == 0)
    _ = try Ingestion(store: scratch.store).ingest(file: try scratch.file("ratings.csv", "call_id,rating\nQ1,5\nQ2,5\n"), kind: .ratings)
    let c = scratch.store.connection
    try c.run("INSERT INTO agents (agent_id, name, in_directory) VALUES ('c', 'Cleo', 1)", [:])
    try c.run("""
        INSERT INTO batches (file_name, sha256, kind, format, started_at_ms)
        VALUES ('commitments.csv', 'adherence-test', 'commitments', 'native', 0)
        """, [:])
    let batch = c.lastInsertRowID
    for (agent, start) in [("a", eight), ("a", eight + 4 * hour), ("b", eight), ("c", eight)] {
        try c.run("""
            INSERT INTO commitments (agent, local_date, starts_at, ends_at, hotlines, batch, source_line)
            VALUES ((SELECT id FROM agents WHERE agent_id = :agent), '2026-10-14', :start, :end, '', :batch, 2)
            """, [":agent": .text(agent), ":start": .int(start), ":end": .int(start + hour), ":batch": .int(batch)])
    }
    return scratch
}

private let utc = TimeZone(identifier: "UTC")!
private func center() throws -> CenterRules { try CenterRules.parse(#"{ "timezone": "UTC", "currency": "CHF" }"#) }

@Test func adherenceReadsCommitmentsAndTheQueueLogSessions() throws {
    let scratch = try loaded()
    let report = try Capacity(store: scratch.store, timeZone: utc).adherence(for: try PayPeriod.parse("2026-10"), now: eight + 100 * hour)
    #expect(report.hasSessionData)
    #expect(report.agents.map(\.agentID) == ["a", "b", "c"])
    let (a, b, c) = (report.agents[0], report.agents[1], report.agents[2])
    // a: 120 committed; logged in 08:00-09:00, paused from 08:30: 30 available; 10 outside.
    #expect(a.committedSeconds == 2 * hour)
    #expect(a.sessions?.availableInCommitmentSeconds == 1_800)
    #expect(a.sessions?.loggedInInCommitmentSeconds == hour)
    #expect(a.sessions?.loggedInOutsideSeconds == 600)
    #expect(a.adherenceTenths == 250)
    #expect(report.noShows.map { "\($0.agentID) \($0.localDate) \($0.localStart)-\($0.localEnd)" } == ["a 2026-10-14 2026-10-14 12:00-2026-10-14 13:00"])
    // b: all 60 available, 60 outside.
    #expect(b.adherenceTenths == 1_000 && b.sessions?.loggedInOutsideSeconds == hour)
    // c: no session data, not 0 %.
    #expect(c.sessions == nil && c.adherenceTenths == nil && c.committedSeconds == hour)
    #expect(report.names["c"] == "Cleo")
    // A month the queue_log does not reach: nobody has session data there.
    let later = try Capacity(store: scratch.store, timeZone: utc).adherence(for: try PayPeriod.parse("2026-11"), now: eight + 100 * hour)
    #expect(later.agents.isEmpty)
}

@Test func theFairnessReportShowsCommittedMinutesAndAdherence() throws {
    let scratch = try loaded()
    let configuration = try testConfiguration(timeZone: "UTC")
    let report = try Payroll(store: scratch.store).fairness(for: try PayPeriod.parse("2026-10"), configuration: configuration)
    let rows = Dictionary(report.rows.map { ($0.agentID, $0) }, uniquingKeysWith: { first, _ in first })
    #expect(rows["a"]?.adherence?.committedSeconds == 2 * hour)
    #expect(rows["a"]?.adherence?.adherenceTenths == 250)
    #expect(rows["b"]?.adherence?.adherenceTenths == 1_000)
    // c committed hours and was paid nothing: listed, without session data.
    #expect(rows["c"]?.adherence?.committedSeconds == hour)
    #expect(rows["c"].map { $0.adherence?.sessions == nil } == true)
}

@Test func theAdherenceComponentMovesTheScoreAsDocumented() throws {
    let scratch = try loaded()
    let center = try center()
    let scoring = Scoring(store: scratch.store)
    // Committed minutes and the minutes not available: a 120 and 90, b 60 and 0 (c has no calls).
    let window = ScoringWindow(asOf: .day("2026-10-31"), days: 28, timeZone: center.timeZone)
    let a = try #require(try scratch.store.agentKey("a"))
    let b = try #require(try scratch.store.agentKey("b"))
    #expect(try scoring.adherence(window: window) == [a: ScoringInput.Counts(calls: 120, events: 90), b: ScoringInput.Counts(calls: 60, events: 0)])
    // q = 1 for both (one 5 each). All-agent rate 90/180 = 0.5, C = 10:
    // a: rate (10·0.5 + 90) / (10 + 120) = 0.730769; quality = (1 + 0.269231) / 2 = 0.634615 → 63.5
    // b: rate (10·0.5 + 0) / (10 + 60) = 0.071429; quality = (1 + 0.928571) / 2 = 0.964286 → 96.4
    let rules = try ScoringRules.parse(#"{ "components": { "ratings": 1, "adherence": 1 } }"#)
    let run = try scoring.score(asOf: .day("2026-10-31"), rules: rules, center: center, store: false)
    #expect(run.rows.map(\.agentID) == ["b", "a"])
    #expect(run.rows.map(\.score.scoreTenths) == [964, 635])
    let text = try scoring.explainScore(agentID: "a", asOf: .day("2026-10-31"), rules: rules, center: center).text
    #expect(text.contains("adherence (weight 1)"), "\(text)")
    #expect(text.contains("120 committed minutes, 90 of them not available (not logged in, or paused)"), "\(text)")
    // Weight 0 (shipped): not computed, the score is the rating score.
    let plain = try scoring.score(asOf: .day("2026-10-31"), rules: try ScoringRules.parse("{}"), center: center, store: false)
    #expect(plain.rows.allSatisfy { $0.score.component(.adherence) == nil && $0.score.scoreTenths == 1_000 })
}
