import Foundation
import Testing
@testable import CallMeter

/// The worked example of `ScoringModelTests` loaded through the real importers: calls 14 days
/// (2026-10-18T00:00Z) and 28 days (2026-10-04T00:00Z) before the end of the 2026-10-31 window
/// in UTC. Agent c1 has answered calls but no rating.
func loadWorkedExample(into fixture: ScoringFixture) throws {
    let start = ["14": "2026-10-18T00:00:00Z", "28": "2026-10-04T00:00:00Z"]
    var calls: [String] = []
    var ratings: [String] = []
    let agents = [1: "a1", 2: "b1"]
    for (offset, row) in workedExample.enumerated() {
        let id = "W\(offset)"
        calls.append(ScoringFixture.call(id, hotline: "H\(row.hotline)", agent: agents[Int(row.agent)], started: start[String(row.ageDays)] ?? ""))
        ratings.append("\(id),\(row.rating),overall")
    }
    calls.append(ScoringFixture.call("C1", agent: "c1", started: "2026-10-20T09:00:00Z"))
    calls.append(ScoringFixture.call("C2", agent: "c1", started: "2026-10-21T09:00:00Z", disposition: "transferred"))
    // Not in the window, or not answered: ignored.
    calls.append(ScoringFixture.call("OLD", agent: "a1", started: "2026-10-03T23:59:59Z"))
    calls.append(ScoringFixture.call("NEXT", agent: "a1", started: "2026-11-01T00:00:00Z"))
    calls.append(ScoringFixture.call("MISS", agent: "d1", started: "2026-10-20T10:00:00Z", disposition: "missed"))
    ratings += ["OLD,1,overall", "NEXT,1,overall", "MISS,1,overall", "W0,2,resolved"]
    try fixture.ingest(.agents, header: "agent_id,name", ["a1,Anna", "b1,Bruno", "c1,Chris", "d1,Dana"])
    try fixture.ingest(.cdr, header: ScoringFixture.cdrHeader, calls)
    try fixture.ingest(.ratings, header: ScoringFixture.ratingsHeader, ratings)
}

private let asOf = CalendarDate.day("2026-10-31")

@Test func workedExampleThroughTheStore() throws {
    let fixture = try ScoringFixture()
    try loadWorkedExample(into: fixture)
    let run = try Scoring(store: fixture.store).score(asOf: asOf, rules: try fixture.rules(workedExampleRules), center: fixture.center)
    #expect(run.rows.map(\.agentID) == ["a1", "b1", "c1"])
    #expect(run.rows.map(\.score.scoreTenths) == [588, 463, nil])
    #expect(run.rows.map(\.score.band) == [.watch, .poor, .insufficient])
    #expect(run.rows.map(\.score.calls) == [3, 3, 2])
    #expect(run.rows.map(\.name) == ["Anna", "Bruno", "Chris"])
    #expect(run.population.ratings.count == 6)
    #expect(run.population.ratings.mean == 0.525)
    #expect(run.runID != nil && !run.replacedEarlierRun && run.previousAsOf == nil)

    let stored = try Scoring(store: fixture.store).storedScores(runs: try Scoring(store: fixture.store).scoreRuns(last: 5))
    #expect(stored.map(\.agentID) == ["a1", "b1", "c1"])
    #expect(stored.map(\.scoreTenths) == [588, 463, nil])
    #expect(stored.map(\.wilsonTenths) == [208, 0, nil])
    #expect(stored.map(\.band) == [.watch, .poor, .insufficient])
    let runs = try Scoring(store: fixture.store).scoreRuns(last: 5)
    #expect(runs.count == 1)
    #expect(runs.first?.rulesSHA256 == Crypto.hex(Crypto.sha256(Array(workedExampleRules.utf8))))
    #expect(runs.first?.timeZone == fixture.center.timeZone.identifier)
    #expect(runs.first?.windowStart == ScoringFixture.instant("2026-10-04T00:00:00Z"))
    #expect(runs.first?.windowEnd == ScoringFixture.instant("2026-11-01T00:00:00Z"))
    #expect(runs.first?.agents == 3 && runs.first?.ratings == 6)
}

@Test func asOfWithoutDataSaysSoAndStoresNothing() throws {
    let fixture = try ScoringFixture()
    try loadWorkedExample(into: fixture)
    let error = #expect(throws: ScoringError.self) {
        try Scoring(store: fixture.store).score(asOf: .day("2026-06-30"), rules: try fixture.rules(), center: fixture.center)
    }
    #expect(error == .noData(asOf: .day("2026-06-30"), firstDay: .day("2026-06-03"), timeZone: fixture.center.timeZone.identifier))
    #expect(error?.description.contains("nothing stored") == true)
    #expect(try fixture.count("SELECT count(*) FROM score_runs") == 0)
    #expect(try fixture.count("SELECT count(*) FROM agent_scores") == 0)
}

@Test func emptyDatabaseHasNoData() throws {
    let fixture = try ScoringFixture()
    #expect(throws: ScoringError.self) { try Scoring(store: fixture.store).score(asOf: asOf, rules: try fixture.rules(), center: fixture.center) }
    #expect(try Scoring(store: fixture.store).scoreRuns(last: 10).isEmpty)
}

@Test func rerunningADateReplacesItsRunWithIdenticalResults() throws {
    let fixture = try ScoringFixture()
    try loadWorkedExample(into: fixture)
    let rules = try fixture.rules(workedExampleRules)
    let first = try Scoring(store: fixture.store).score(asOf: asOf, rules: rules, center: fixture.center)
    let storedFirst = try Scoring(store: fixture.store).storedScores(runs: try Scoring(store: fixture.store).scoreRuns(last: 5))
    let second = try Scoring(store: fixture.store).score(asOf: asOf, rules: rules, center: fixture.center)
    let storedSecond = try Scoring(store: fixture.store).storedScores(runs: try Scoring(store: fixture.store).scoreRuns(last: 5))
    #expect(second.replacedEarlierRun)
    #expect(try fixture.count("SELECT count(*) FROM score_runs") == 1)
    #expect(try fixture.count("SELECT count(*) FROM agent_scores") == 3)
    #expect(first.rows.map(\.score) == second.rows.map(\.score))
    #expect(storedFirst == storedSecond)
}

@Test func changeIsAgainstTheLatestEarlierRun() throws {
    let fixture = try ScoringFixture()
    try loadWorkedExample(into: fixture)
    let rules = try fixture.rules(workedExampleRules)
    // Two days later the same ratings are two days older and weigh less against the prior.
    let earlier = try Scoring(store: fixture.store).score(asOf: asOf, rules: rules, center: fixture.center)
    let later = try Scoring(store: fixture.store).score(asOf: .day("2026-11-02"), rules: rules, center: fixture.center)
    #expect(later.previousAsOf == asOf)
    for row in later.rows {
        let before = earlier.rows.first { $0.agentID == row.agentID }?.score.scoreTenths
        #expect(row.previousScoreTenths == before)
        if let now = row.score.scoreTenths, let before { #expect(row.changeTenths == now - before) }
    }
    // Re-running the earlier date compares with nothing earlier, not with the later run.
    let again = try Scoring(store: fixture.store).score(asOf: asOf, rules: rules, center: fixture.center)
    #expect(again.previousAsOf == nil)
    #expect(try Scoring(store: fixture.store).scoreRuns(last: 10).map(\.asOf) == [asOf, .day("2026-11-02")])
    #expect(try Scoring(store: fixture.store).scoreRuns(last: 1).map(\.asOf) == [.day("2026-11-02")])
    let trend = try Scoring(store: fixture.store).storedScores(runs: try Scoring(store: fixture.store).scoreRuns(last: 10), agentID: "a1")
    #expect(trend.map(\.asOf) == [asOf, .day("2026-11-02")])
    #expect(throws: ScoringError.unknownAgent("zz")) { try Scoring(store: fixture.store).storedScores(runs: [], agentID: "zz") }
}

@Test func overallRatingSitsOnTheCallWhicheverArrivesFirst() throws {
    let fixture = try ScoringFixture()
    // R1's rating arrives before its call (pending), R2's after.
    try fixture.ingest(.ratings, header: ScoringFixture.ratingsHeader, ["R1,4,overall", "R1,2,resolved"])
    try fixture.ingest(.cdr, header: ScoringFixture.cdrHeader, [
        ScoringFixture.call("R1", started: "2026-10-20T09:00:00Z"), ScoringFixture.call("R2", started: "2026-10-20T10:00:00Z"),
        ScoringFixture.call("R3", started: "2026-10-20T11:00:00Z"),
    ])
    try fixture.ingest(.ratings, header: ScoringFixture.ratingsHeader, ["R2,5,overall", "R3,1,resolved"])
    let rows = try fixture.store.connection.cached("SELECT call_id, overall_rating FROM calls ORDER BY call_id")
        .rows { ($0.text(0), $0.int64(1)) }
    #expect(rows.map(\.0) == ["R1", "R2", "R3"])
    #expect(rows.map(\.1) == [4, 5, -1])  // -1: no overall rating
    // The copy follows changes and deletions of the record.
    try fixture.store.connection.execute("UPDATE ratings SET rating = 3 WHERE call_key = 'R2' AND question = 'overall'")
    try fixture.store.connection.execute("DELETE FROM ratings WHERE call_key = 'R1' AND question = 'overall'")
    #expect(try fixture.count("SELECT overall_rating FROM calls WHERE call_id = 'R2'") == 3)
    #expect(try fixture.store.connection.scalarInt("SELECT overall_rating FROM calls WHERE call_id = 'R1'") == -1)
}

@Test func migrationCopiesRatingsOfAnExistingDatabase() throws {
    let connection = try databaseAtSchemaVersion(1)
    try connection.execute("""
        INSERT INTO batches (id, file_name, sha256, kind, format, started_at_ms) VALUES (1, 'f', 'x', 'cdr', 'native', 0);
        INSERT INTO hotlines (id, hotline) VALUES (1, 'H');
        INSERT INTO agents (id, agent_id) VALUES (1, 'a');
        INSERT INTO calls (id, call_id, hotline, agent, started_at, ended_at, disposition, talk_seconds, hold_seconds, wrap_seconds,
                           direction, batch, source_line)
        VALUES (1, 'c1', 1, 1, 100, 200, 'answered', 100, 0, 0, 'inbound', 1, 2),
               (2, 'c2', 1, 1, 300, 400, 'answered', 100, 0, 0, 'inbound', 1, 3);
        INSERT INTO ratings (call_key, call, question, rating, batch, source_line)
        VALUES ('c1', 1, 'overall', 5, 1, 2), ('c2', 2, 'resolved', 2, 1, 3);
        """)
    try Schema.migrate(connection)
    #expect(try connection.scalarInt("PRAGMA user_version") == Int64(Schema.currentVersion))
    #expect(try connection.scalarInt("SELECT overall_rating FROM calls WHERE id = 1") == 5)
    #expect(try connection.scalarInt("SELECT overall_rating FROM calls WHERE id = 2") == -1)
}

@Test func windowQueryUsesTheStartTimeIndex() throws {
    let fixture = try ScoringFixture()
    let plan = try fixture.store.connection.cached("""
        EXPLAIN QUERY PLAN SELECT agent, hotline, started_at, overall_rating FROM calls
        WHERE started_at >= ?1 AND started_at < ?2 AND disposition IN ('answered', 'transferred') AND agent IS NOT NULL
        """).rows { $0.text(3) }
    #expect(plan.contains { $0.contains("calls_started_at") })
}

@Test func ratingsOutsideTheScaleAreAnError() throws {
    let fixture = try ScoringFixture()
    try loadWorkedExample(into: fixture)
    // A rating stored before ratings kept their scale (none: read with the current one).
    try fixture.store.connection.execute(
        "UPDATE ratings SET rating = 9, scale_min = NULL, scale_max = NULL WHERE call_key = 'W0' AND question = 'overall'")
    #expect(throws: ScoringError.ratingsOutsideScale(count: 1, scale: 1...5)) {
        try Scoring(store: fixture.store).score(asOf: asOf, rules: try fixture.rules(), center: fixture.center)
    }
    #expect(try fixture.count("SELECT count(*) FROM score_runs") == 0)
}

@Test func windowFollowsTheCenterTimeZone() throws {
    // 2026-10-31T23:30Z is 00:30 on 1 November in Zurich: outside the window of 31 October there,
    // inside it in UTC.
    for (zone, expected) in [("Europe/Zurich", 1), ("UTC", 2)] {
        let fixture = try ScoringFixture(timeZone: zone)
        try fixture.ingest(.cdr, header: ScoringFixture.cdrHeader, [
            ScoringFixture.call("Z1", started: "2026-10-31T12:00:00Z"), ScoringFixture.call("Z2", started: "2026-10-31T23:30:00Z"),
        ])
        let run = try Scoring(store: fixture.store).score(asOf: asOf, rules: try fixture.rules(), center: fixture.center)
        #expect(run.rows.first?.score.calls == expected)
    }
}
