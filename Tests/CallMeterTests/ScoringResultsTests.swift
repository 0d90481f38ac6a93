import Foundation
import Testing
@testable import CallMeter

private func insertRun(_ connection: Connection, id: Int64, asOf: String, scores: [(String, Int?, String)]) throws {
    try connection.prepare("""
        INSERT INTO score_runs (id, as_of, window_days, window_start, window_end, time_zone, rules_sha256, agents, ratings, scored_at_ms)
        VALUES (?, ?, 28, 0, 0, 'Europe/Zurich', 'x', ?, 0, 0)
        """).run([.int(id), .text(asOf), .int(Int64(scores.count))])
    let insert = try connection.prepare("""
        INSERT INTO agent_scores (run, agent, calls, ratings, satisfied, wilson_tenths, score_tenths, band, repeat_tenths, hangup_tenths)
        SELECT ?, id, 10, 9, 7, NULL, ?, ?, NULL, NULL FROM agents WHERE agent_id = ?
        """)
    for (agent, score, band) in scores {
        try insert.run([.int(id), score.map { .int(Int64($0)) } ?? .null, .text(band), .text(agent)])
    }
}

@Test func scoringHandsItsRunsAsSnapshots() throws {
    let fixture = try RoutingFixture(count: 3)
    let connection = fixture.store.connection
    let source = Scoring(store: fixture.store)
    // A database that was never scored has no runs.
    #expect(try source.latestRun() == nil)

    try insertRun(connection, id: 11, asOf: "2026-10-31", scores: [("a02", 612, "watch"), ("a01", 851, "excellent"), ("a03", nil, "insufficient")])
    try insertRun(connection, id: 10, asOf: "2026-11-01", scores: [("a01", 700, "good")])

    #expect(try source.latestRun() == ScoringRunSnapshot(runID: 10, asOf: .day("2026-11-01"), agents: [
        .init(agentID: "a01", scoreTenths: 700, band: .good),
    ]))
    #expect(try source.run(asOf: .day("2026-10-31")) == ScoringRunSnapshot(runID: 11, asOf: .day("2026-10-31"), agents: [
        .init(agentID: "a01", scoreTenths: 851, band: .excellent),
        .init(agentID: "a02", scoreTenths: 612, band: .watch),
        .init(agentID: "a03", scoreTenths: nil, band: .insufficient),
    ]))
    #expect(try source.run(asOf: .day("2026-10-30")) == nil)

    // And the default `Weights` reads them.
    let weights = Weights(store: fixture.store, rules: RoutingRules(), timeZone: .gmt, user: "t", now: { 1_793_595_600 })
    let report = try weights.report(asOf: .day("2026-10-31"), dryRun: true)
    #expect(report.lines.map(\.agent.target) == [100, 62, 100])
}

@Test func scoringHandsPayrollTheBandOfTheLatestRunInsideThePeriod() throws {
    let fixture = try RoutingFixture(count: 3)
    let connection = fixture.store.connection
    let scoring = Scoring(store: fixture.store)
    try insertRun(connection, id: 11, asOf: "2026-10-31", scores: [("a01", 851, "excellent"), ("a02", 612, "watch")])
    try insertRun(connection, id: 12, asOf: "2026-10-15", scores: [("a01", 700, "good")])
    try insertRun(connection, id: 13, asOf: "2026-11-01", scores: [("a01", 300, "poor")])

    let october = (first: CalendarDate.day("2026-10-01"), last: CalendarDate.day("2026-10-31"))
    #expect(try scoring.band(agentID: "a01", scoredFrom: october.first, through: october.last) == .excellent)
    #expect(try scoring.band(agentID: "a02", scoredFrom: october.first, through: october.last) == .watch)
    #expect(try scoring.band(agentID: "a01", scoredFrom: october.first, through: .day("2026-10-30")) == .good)
    // No run inside the period scored the agent: no band, never one of another period.
    #expect(try scoring.band(agentID: "a03", scoredFrom: october.first, through: october.last) == nil)
    #expect(try scoring.band(agentID: "a02", scoredFrom: .day("2026-11-01"), through: .day("2026-11-30")) == nil)
}
