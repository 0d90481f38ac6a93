import Testing
@testable import CallMeter

private func score(_ id: String, _ asOf: String, _ tenths: Int?, _ band: ScoreBand, ratings: Int = 10) -> StoredAgentScore {
    StoredAgentScore(asOf: .day(asOf), agentID: id, name: "Name \(id)", calls: 20, ratings: ratings, satisfied: ratings / 2,
                     wilsonTenths: nil, scoreTenths: tenths, band: band, repeatTenths: nil, hangupTenths: nil)
}

private func runs(_ days: [(String, [StoredAgentScore])]) -> [(asOf: CalendarDate, scores: [String: StoredAgentScore])] {
    days.map { (CalendarDate.day($0.0), Dictionary($0.1.map { ($0.agentID, $0) }, uniquingKeysWith: { a, _ in a })) }
}

@Test func droppedBandsAgainstTheRunBefore() {
    let attention = NeedsAttention.agents(runs: runs([
        ("2026-10-30", [score("a1", "2026-10-30", 860, .excellent), score("a2", "2026-10-30", 720, .good),
                        score("a3", "2026-10-30", 600, .watch), score("a4", "2026-10-30", 500, .insufficient)]),
        ("2026-10-31", [score("a1", "2026-10-31", 560, .watch), score("a2", "2026-10-31", 690, .watch),
                        score("a3", "2026-10-31", 700, .good), score("a4", "2026-10-31", 400, .poor)]),
    ]), bands: ScoringRules().bands, hotlines: [])
    // a1 fell two bands (listed first), a2 one; a3 rose; a4 came from insufficient, not a drop.
    #expect(attention.droppedBand.map(\.agentID) == ["a1", "a2"])
    #expect(attention.droppedBand.first?.from == .excellent)
    #expect(attention.droppedBand.first?.to == .watch)
    #expect(attention.droppedBand.first?.previousAsOf == .day("2026-10-30"))
}

@Test(arguments: [
    // (score tenths, band, near the floor with the shipped bands: below 55.0 + 5.0)
    (599, ScoreBand.watch, true), (600, .watch, false), (300, .poor, true), (720, .good, false), (400, .insufficient, false),
])
func nearTheFloor(tenths: Int, band: ScoreBand, near: Bool) {
    let attention = NeedsAttention.agents(runs: runs([("2026-10-31", [score("a1", "2026-10-31", tenths, band)])]),
                                          bands: ScoringRules().bands, hotlines: [])
    #expect(attention.nearFloorBelowTenths == 600)
    #expect(attention.nearFloor.map(\.agentID) == (near ? ["a1"] : []))
}

@Test func singleBandHasNoFloorLine() {
    let attention = NeedsAttention.agents(runs: runs([("2026-10-31", [score("a1", "2026-10-31", 100, .poor)])]),
                                          bands: [BandThreshold(band: .poor, minimumTenths: 0)], hotlines: [])
    #expect(attention.nearFloorBelowTenths == nil)
    #expect(attention.nearFloor.isEmpty)
}

@Test(arguments: [
    // (first day insufficient, stuck: more than 14 days before 2026-10-31)
    ("2026-10-16", true), ("2026-10-17", false), ("2026-10-31", false),
])
func stuckAtInsufficient(since: String, stuck: Bool) {
    var days: [(String, [StoredAgentScore])] = [("2026-10-10", [score("a1", "2026-10-10", 700, .good)])]
    var day = CalendarDate.day(since)
    while day <= .day("2026-10-31") {
        // A night without the agent (no calls in its window) does not break the streak.
        let scores = day == .day("2026-10-25") ? [] : [score("a1", day.description, 650, .insufficient, ratings: 3)]
        days.append((day.description, scores))
        day = day.adding(days: 1)
    }
    let attention = NeedsAttention.agents(runs: runs(days), bands: ScoringRules().bands, hotlines: [])
    #expect(attention.stuckInsufficient.map(\.agentID) == (stuck ? ["a1"] : []))
    if stuck {
        #expect(attention.stuckInsufficient.first?.since == .day(since))
        #expect(attention.stuckInsufficient.first?.ratings == 3)
    }
}
