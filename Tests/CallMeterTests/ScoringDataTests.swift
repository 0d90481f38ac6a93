import Foundation
import Testing
@testable import CallMeter

// The optional rate components read from the call records (weight 0 in the shipped rules).

private let asOf = CalendarDate.day("2026-10-31")

/// a1 takes X1…X5, b1 takes Y1…Y3 (UTC; the window is October 4 to 31).
///
///     call caller hotline started            ended_by talk  next call of that caller on that hotline
///     X1   P1     H1      10-10 10:00        agent    15    10-12 10:00 (48 h, abandoned)   repeat
///     X2   P2     H1      10-15 10:00        agent    20    none (P2 calls H2: Y2)
///     X3   P3     H1      10-20 10:00        agent    21    10-23 11:00 (73 h: Y3)
///     X4   P4     H1      10-31 20:00        caller   5     11-01 08:00 (12 h, after the window) repeat
///     X5   -      H1      10-25 10:00        -        60    (no caller: not counted)
///     Y1   P5     H1      10-10 09:00        caller   300
///     Y2   P2     H2      10-15 12:00        agent    300
///     Y3   P3     H1      10-23 11:00        caller   300
///
/// Repeat contacts: a1 2 of 4, b1 0 of 3. Agent hang-ups (≤ 20 s): a1 X1, X2 = 2 of 4
/// (X5 has no ended_by), b1 0 of 3.
func loadComponentData(into fixture: ScoringFixture) throws {
    let c = ScoringFixture.row
    let rows: [String] = [
        c("X1", "H1", "a1", "2026-10-10T10:00:00Z", 60, "answered", 15, "+41 79 000 00 01", "agent"),
        c("X2", "H1", "a1", "2026-10-15T10:00:00Z", 60, "answered", 20, "+41 79 000 00 02", "agent"),
        c("X3", "H1", "a1", "2026-10-20T10:00:00Z", 60, "answered", 21, "+41 79 000 00 03", "agent"),
        c("X4", "H1", "a1", "2026-10-31T20:00:00Z", 60, "answered", 5, "+41 79 000 00 04", "caller"),
        c("X5", "H1", "a1", "2026-10-25T10:00:00Z", 60, "answered", 60, "", ""),
        c("Y1", "H1", "b1", "2026-10-10T09:00:00Z", 300, "answered", 300, "+41 79 000 00 05", "caller"),
        c("Y2", "H2", "b1", "2026-10-15T12:00:00Z", 300, "answered", 300, "+41 79 000 00 02", "agent"),
        c("Y3", "H1", "b1", "2026-10-23T11:00:00Z", 300, "transferred", 300, "+41 79 000 00 03", "caller"),
        c("F1", "H1", nil, "2026-10-12T10:00:00Z", 30, "abandoned", 0, "+41 79 000 00 01", "caller"),
        c("F4", "H1", "b1", "2026-11-01T08:00:00Z", 30, "answered", 30, "+41 79 000 00 04", "caller"),
    ]
    try fixture.ingest(.cdr, header: ScoringFixture.cdrHeader, rows)
    try fixture.ingest(.ratings, header: ScoringFixture.ratingsHeader, ["X1,3,overall", "Y1,3,overall"])
}

extension ScoringFixture {
    static func row(
        _ id: String, _ hotline: String, _ agent: String?, _ started: String, _ seconds: Int, _ disposition: String,
        _ talk: Int, _ caller: String, _ endedBy: String
    ) -> String {
        call(id, hotline: hotline, agent: agent, started: started, seconds: seconds, disposition: disposition, talk: talk,
             caller: caller, endedBy: endedBy)
    }
}

@Test func repeatContactsAndHangupsAreCountedFromTheCallRecords() throws {
    let fixture = try ScoringFixture()
    try loadComponentData(into: fixture)
    let window = ScoringWindow(asOf: asOf, days: 28, timeZone: fixture.center.timeZone)
    let a1 = try #require(try fixture.store.agentKey("a1"))
    let b1 = try #require(try fixture.store.agentKey("b1"))
    let repeats = try Scoring(store: fixture.store).repeatContacts(window: window, hours: 72)
    #expect(repeats[a1] == ScoringInput.Counts(calls: 4, events: 2))
    #expect(repeats[b1] == ScoringInput.Counts(calls: 3, events: 0))
    // A 74-hour window also catches X3's follow-up after 73 hours.
    #expect(try Scoring(store: fixture.store).repeatContacts(window: window, hours: 74)[a1] == ScoringInput.Counts(calls: 4, events: 3))
    let hangups = try Scoring(store: fixture.store).agentHangups(window: window, shortCallSeconds: 20)
    #expect(hangups[a1] == ScoringInput.Counts(calls: 4, events: 2))
    #expect(hangups[b1] == ScoringInput.Counts(calls: 3, events: 0))
    #expect(try Scoring(store: fixture.store).agentHangups(window: window, shortCallSeconds: 21)[a1] == ScoringInput.Counts(calls: 4, events: 3))
}

@Test func componentsEnterTheScoreOnlyWithAWeight() throws {
    let fixture = try ScoringFixture()
    try loadComponentData(into: fixture)
    // Shipped weights: ratings only. Both agents have one 3 (x = 0.5 = m_all): q = 0.5.
    let plain = try Scoring(store: fixture.store).score(asOf: asOf, rules: try fixture.rules(), center: fixture.center, store: false)
    #expect(plain.rows.map(\.score.scoreTenths) == [500, 500])
    #expect(plain.rows.allSatisfy { $0.score.components.isEmpty })

    // Weights 1/1/1, C = 10. All-agent rates: repeats 2 of 7, hang-ups 2 of 7.
    // a1: each rate (10·2/7 + 2) / (10 + 4) = 34/98 = 0.346939; quality = (0.5 + 2·0.653061) / 3 = 0.602041 → 60.2
    // b1: each rate (10·2/7 + 0) / (10 + 3) = 20/91 = 0.219780; quality = (0.5 + 2·0.780220) / 3 = 0.686813 → 68.7
    let rules = try fixture.rules(#"{ "components": { "ratings": 1, "repeat_contact": 1, "agent_hangup": 1 } }"#)
    let run = try Scoring(store: fixture.store).score(asOf: asOf, rules: rules, center: fixture.center)
    #expect(run.rows.map(\.agentID) == ["b1", "a1"])
    #expect(run.rows.map(\.score.scoreTenths) == [687, 602])
    let a1 = try #require(run.rows.last?.score)
    #expect(abs((a1.component(.repeatContact)?.shrunkShare ?? 0) - 34.0 / 98) < 1e-12)
    #expect(abs((a1.component(.agentHangup)?.shrunkShare ?? 0) - 34.0 / 98) < 1e-12)
    #expect(run.population.componentRates[.repeatContact] == ScoringInput.Counts(calls: 7, events: 2))
    // Stored as shrunk rates in tenths of a percent: 34.7 % and 22.0 %.
    let stored = try Scoring(store: fixture.store).storedScores(runs: try Scoring(store: fixture.store).scoreRuns(last: 1))
    #expect(stored.map(\.repeatTenths) == [347, 220])
    #expect(stored.map(\.hangupTenths) == [347, 220])
}
