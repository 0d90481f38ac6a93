import Foundation
import Testing
@testable import CallMeter

// The model on inputs built by hand: UTC, as of 2026-10-31, so the window is
// [2026-10-04T00:00Z, 2026-11-01T00:00Z) and a call 14 days before the end has weight 0.5.

private let asOf = CalendarDate.day("2026-10-31")
private let utc = TimeZone(identifier: "UTC") ?? .gmt
private let window = ScoringWindow(asOf: asOf, days: 28, timeZone: utc)
private let day: Int64 = 86_400

/// A call that started `age` days before the end of the window.
private func rated(_ agent: Int64, hotline: Int64 = 1, ageDays: Int64 = 14, _ rating: Int) -> ScoringInput.RatedCall {
    ScoringInput.RatedCall(agent: agent, hotline: hotline, startedAt: window.end - ageDays * day, rating: rating)
}

private func rules(_ json: String) throws -> ScoringRules {
    try ScoringRules.parse(json)
}

private func run(_ ratings: [ScoringInput.RatedCall], rules: ScoringRules, calls: [Int64: Int]? = nil) -> ScoringModel.Outcome {
    var answered = calls ?? [:]
    if calls == nil { for r in ratings { answered[r.agent, default: 0] += 1 } }
    let input = ScoringInput(window: window, ratingScale: 1...5, answeredCalls: answered, ratings: ratings,
                             hotlineNames: [1: "H1", 2: "H2"])
    return ScoringModel(rules: rules, window: window, ratingScale: 1...5).run(input)
}

private func score(_ outcome: ScoringModel.Outcome, _ agent: Int64) -> AgentScore? {
    outcome.agents.first { $0.agent == agent }
}

/// The worked example (also in the README). C = 2, min_ratings 3; x = (r − 1) / 4.
///
///     agent hotline age  w     r  x
///     A=1   H1      14   0.5   5  1
///     A=1   H1      14   0.5   4  0.75
///     A=1   H2      28   0.25  3  0.5
///     B=2   H1      14   0.5   3  0.5
///     B=2   H2      14   0.5   1  0
///     B=2   H2      28   0.25  2  0.25
///
/// m_H1 = (0.5·1 + 0.5·0.75 + 0.5·0.5) / 1.5 = 1.125 / 1.5 = 0.75
/// m_H2 = (0.25·0.5 + 0.5·0 + 0.25·0.25) / 1 = 0.1875
/// m_all = (1.125 + 0.1875) / 2.5 = 0.525
/// A: Σw = 1.25, Σw·x = 1.0, Σw·(m_h − m_all) = 1.0·0.225 + 0.25·(−0.3375) = 0.140625,
///    Σw·x' = 0.859375, q = (2·0.525 + 0.859375) / (2 + 1.25) = 1.909375 / 3.25 = 0.5875 → 58.75 → 58.8
/// B: Σw = 1.25, Σw·x = 0.3125, Σw·(m_h − m_all) = 0.5·0.225 + 0.75·(−0.3375) = −0.140625,
///    Σw·x' = 0.453125, q = (1.05 + 0.453125) / 3.25 = 1.503125 / 3.25 = 0.4625 → 46.25 → 46.3
/// Without the hotline adjustment: A = 2.05 / 3.25 = 0.6307… → 63.1; B = 1.3625 / 3.25 = 0.4192… → 41.9.
/// CSAT (≥ 4): A 2 of 3 = 66.7 %, B 0 of 3 = 0.0 %. Bands: A 58.8 ≥ 55 → watch; B 46.3 → poor.
let workedExampleRules = #"{ "prior_strength": 2, "min_ratings": 3 }"#
let workedExample: [(agent: Int64, hotline: Int64, ageDays: Int64, rating: Int)] = [
    (1, 1, 14, 5), (1, 1, 14, 4), (1, 2, 28, 3),
    (2, 1, 14, 3), (2, 2, 14, 1), (2, 2, 28, 2),
]

@Test func workedExampleByHand() throws {
    let outcome = run(workedExample.map { rated($0.agent, hotline: $0.hotline, ageDays: $0.ageDays, $0.rating) },
                      rules: try rules(workedExampleRules))
    #expect(outcome.population.ratings.mean == 0.525)
    #expect(outcome.population.ratings.weightSum == 2.5)
    #expect(outcome.population.hotlines.map(\.ratings.mean) == [0.75, 0.1875])
    let a = try #require(score(outcome, 1))
    let b = try #require(score(outcome, 2))
    #expect(a.weightSum == 1.25 && a.weightedSum == 1.0)
    #expect(abs(a.hotlineAdjustment - 0.140625) < 1e-12)
    #expect(abs((a.ratingQuality ?? 0) - 0.5875) < 1e-12)
    #expect(abs((b.ratingQuality ?? 0) - 0.4625) < 1e-12)
    #expect(a.scoreTenths == 588)
    #expect(b.scoreTenths == 463)
    #expect(a.satisfied == 2 && a.csatTenths == 667)
    #expect(b.satisfied == 0 && b.csatTenths == 0)
    #expect(a.band == .watch)
    #expect(b.band == .poor)
}

@Test func workedExampleWithoutHotlineAdjustment() throws {
    let outcome = run(workedExample.map { rated($0.agent, hotline: $0.hotline, ageDays: $0.ageDays, $0.rating) },
                      rules: try rules(#"{ "prior_strength": 2, "min_ratings": 3, "adjust_for_hotline": false }"#))
    #expect(score(outcome, 1)?.scoreTenths == 631)
    #expect(score(outcome, 2)?.scoreTenths == 419)
    #expect(score(outcome, 1)?.hotlineAdjustment == 0)
}

@Test(arguments: [
    // (age in days, half-life, expected weight)
    (14.0, 14.0, 0.5), (28.0, 14.0, 0.25), (0.0, 14.0, 1.0), (7.0, 14.0, 0.5.squareRoot()),
    (14.0, 7.0, 0.25), (3.5, 7.0, 0.5.squareRoot()), (1.0, 1.0, 0.5), (42.0, 14.0, 0.125), (2.0, 0.5, 0.0625),
])
func halfLifeWeights(ageDays: Double, halfLife: Double, expected: Double) throws {
    let model = ScoringModel(rules: try rules(#"{ "half_life_days": \#(halfLife) }"#), window: window, ratingScale: 1...5)
    let startedAt = window.end - Int64(ageDays * 86_400)
    #expect(abs(model.weight(startedAt: startedAt) - expected) < 1e-15)
    #expect(abs(Double(model.fixedWeight(startedAt: startedAt)) / ScoringModel.weightUnit - expected) <= 0.5 / ScoringModel.weightUnit + 1e-15)
}

@Test func fixedPointWeightsAreExactForWholeHalfLives() throws {
    let model = ScoringModel(rules: ScoringRules(), window: window, ratingScale: 1...5)
    #expect(model.fixedWeight(startedAt: window.end - 14 * day) == 1 << 31)
    #expect(model.fixedWeight(startedAt: window.end - 28 * day) == 1 << 30)
    // A weight that would round to 0 still counts a little.
    let tiny = ScoringModel(rules: try rules(#"{ "half_life_days": 0.01 }"#), window: window, ratingScale: 1...5)
    #expect(tiny.fixedWeight(startedAt: window.start) == 1)
}

@Test func recentRatingsCountMoreThanOldOnes() throws {
    // Agent 1: bad long ago, good lately. Agent 2: the reverse. Same ratings, same hotline.
    let ratings = [rated(1, ageDays: 27, 1), rated(1, ageDays: 1, 5), rated(2, ageDays: 27, 5), rated(2, ageDays: 1, 1)]
    let outcome = run(ratings, rules: try rules(#"{ "prior_strength": 0 }"#))
    let improving = try #require(score(outcome, 1)?.scoreTenths)
    let declining = try #require(score(outcome, 2)?.scoreTenths)
    #expect(improving > declining)
    // w(1 day) = 0.5^(1/14), w(27 days) = 0.5^(27/14): q = w1 / (w1 + w27).
    let w1 = pow(0.5, 1.0 / 14), w27 = pow(0.5, 27.0 / 14)
    #expect(improving == Int((1000 * w1 / (w1 + w27)).rounded()))
}

@Test func shrinkagePullsFewRatingsTowardsTheMean() throws {
    // Agent 1: a single 5. Agent 2: twenty ratings, eighteen 5s and two 3s. Agent 3: twenty 2s.
    var ratings = [rated(1, 5)]
    ratings += (0..<18).map { _ in rated(2, 5) } + (0..<2).map { _ in rated(2, 3) }
    ratings += (0..<20).map { _ in rated(3, 2) }
    let plain = run(ratings, rules: try rules(#"{ "prior_strength": 0 }"#))
    let shrunk = run(ratings, rules: try rules(#"{ "prior_strength": 10 }"#))
    // Without shrinkage one lucky rating wins: 100.0 against 95.0.
    #expect(score(plain, 1)?.scoreTenths == 1000)
    #expect(score(plain, 2)?.scoreTenths == 950)
    // With C = 10 (all weights 0.5, Σw: agent 1 0.5, agent 2 10, agent 3 10; 20.5 in all):
    // Σw·x: agent 1 0.5·1 = 0.5; agent 2 0.5·(18·1 + 2·0.5) = 9.5; agent 3 0.5·20·0.25 = 2.5.
    // m_all = 12.5 / 20.5 = 0.609756…; q1 = (6.09756 + 0.5) / 10.5 = 0.628339 → 62.8;
    // q2 = (6.09756 + 9.5) / 20 = 0.779878 → 78.0; q3 = (6.09756 + 2.5) / 20 = 0.429878 → 43.0.
    #expect(score(shrunk, 1)?.scoreTenths == 628)
    #expect(score(shrunk, 2)?.scoreTenths == 780)
    #expect(score(shrunk, 3)?.scoreTenths == 430)
    // An agent with no rating at all gets no score, and more shrinkage moves q closer to m_all.
    let stronger = run(ratings, rules: try rules(#"{ "prior_strength": 100 }"#))
    let q1 = try #require(score(stronger, 1)?.ratingQuality)
    #expect(abs(q1 - stronger.population.ratings.mean) < abs((score(shrunk, 1)?.ratingQuality ?? 0) - shrunk.population.ratings.mean))
}

@Test func hotlineAdjustmentMakesHotlinesComparable() throws {
    // Callers of hotline 1 rate everyone a point lower than callers of hotline 2.
    // Agents 1 and 3 are the weaker agent of their hotline, 2 and 4 the stronger one.
    let ratings = (0..<10).flatMap { _ in [rated(1, hotline: 1, 2), rated(2, hotline: 1, 3), rated(3, hotline: 2, 3), rated(4, hotline: 2, 4)] }
    let adjusted = run(ratings, rules: try rules("{}"))
    let raw = run(ratings, rules: try rules(#"{ "adjust_for_hotline": false }"#))
    #expect(score(adjusted, 1)?.scoreTenths == score(adjusted, 3)?.scoreTenths)
    #expect(score(adjusted, 2)?.scoreTenths == score(adjusted, 4)?.scoreTenths)
    #expect((score(adjusted, 2)?.scoreTenths ?? 0) > (score(adjusted, 1)?.scoreTenths ?? 0))
    // Unadjusted, the weaker agent of the friendly hotline ties with the stronger one of the harsh one.
    #expect(score(raw, 3)?.scoreTenths == score(raw, 2)?.scoreTenths)
    #expect((score(raw, 3)?.scoreTenths ?? 0) > (score(raw, 1)?.scoreTenths ?? 0))
    // m_1 = 0.375, m_2 = 0.625, m_all = 0.5: agent 1's x' = 0.25 − 0.375 + 0.5 = 0.375.
    #expect(adjusted.population.hotlines.map(\.ratings.mean) == [0.375, 0.625])
}

@Test(arguments: [
    (1000, 30, ScoreBand.excellent), (850, 8, .excellent), (849, 8, .good), (700, 8, .good), (699, 8, .watch),
    (550, 8, .watch), (549, 8, .poor), (0, 8, .poor), (1000, 7, .insufficient), (400, 1, .insufficient),
])
func bands(scoreTenths: Int, ratings: Int, expected: ScoreBand) {
    let model = ScoringModel(rules: ScoringRules(), window: window, ratingScale: 1...5)
    #expect(model.band(ratings: ratings, scoreTenths: scoreTenths) == expected)
}

@Test func agentWithoutRatingsIsInsufficientWithoutScore() throws {
    let outcome = run([rated(1, 5)], rules: try rules(#"{ "min_ratings": 0 }"#), calls: [1: 1, 2: 12])
    let silent = try #require(score(outcome, 2))
    #expect(silent.calls == 12)
    #expect(silent.ratings == 0)
    #expect(silent.scoreTenths == nil && silent.quality == nil && silent.wilsonTenths == nil && silent.csatTenths == nil)
    #expect(silent.band == .insufficient)
    // min_ratings 0: one rating is enough for a band.
    #expect(score(outcome, 1)?.band != .insufficient)
}

@Test func customBandsApply() throws {
    let custom = try rules(#"{ "bands": { "good": 60.5, "poor": 0 }, "min_ratings": 1 }"#)
    let model = ScoringModel(rules: custom, window: window, ratingScale: 1...5)
    #expect(model.band(ratings: 1, scoreTenths: 605) == .good)
    #expect(model.band(ratings: 1, scoreTenths: 604) == .poor)
}

@Test func rowOrderDoesNotChangeAnyResult() throws {
    var generator = SplitMix64(seed: 7)
    let ratings = (0..<2_000).map { _ in
        ScoringInput.RatedCall(agent: Int64(generator.next() % 40), hotline: Int64(generator.next() % 3) + 1,
                               startedAt: window.start + Int64(generator.next() % UInt64(window.end - window.start)),
                               rating: Int(generator.next() % 5) + 1)
    }
    var shuffled = ratings
    shuffled.shuffle(using: &generator)
    let first = run(ratings, rules: ScoringRules())
    let second = run(shuffled, rules: ScoringRules())
    #expect(first.agents == second.agents)
    #expect(first.population == second.population)
}

@Test func rateComponentsAreShrunkAndRenormalised() throws {
    // Ratings alone give agent 1 q = 0.5 exactly (all ratings 3, x = 0.5; m_all = 0.5).
    var input = ScoringInput(window: window, ratingScale: 1...5, answeredCalls: [1: 10, 2: 30],
                             ratings: [rated(1, 3), rated(2, 3)], hotlineNames: [1: "H1"])
    // Repeat contacts: agent 1 4 of 10 calls, agent 2 2 of 30: all-agent rate 6 / 40 = 0.15.
    input.repeatContacts = [1: .init(calls: 10, events: 4), 2: .init(calls: 30, events: 2)]
    // Hang-ups: agent 1 0 of 10, agent 2 10 of 30: all-agent rate 10 / 40 = 0.25.
    input.agentHangups = [1: .init(calls: 10, events: 0), 2: .init(calls: 30, events: 10)]
    let rules = try rules(#"{ "components": { "ratings": 2, "repeat_contact": 1, "agent_hangup": 1 } }"#)
    let outcome = ScoringModel(rules: rules, window: window, ratingScale: 1...5).run(input)
    let a = try #require(score(outcome, 1))
    // C = 10: repeat rate = (10·0.15 + 4) / (10 + 10) = 0.275; hang-up rate = (10·0.25 + 0) / 20 = 0.125.
    #expect(abs((a.component(.repeatContact)?.shrunkShare ?? 0) - 0.275) < 1e-12)
    #expect(abs((a.component(.agentHangup)?.shrunkShare ?? 0) - 0.125) < 1e-12)
    // quality = (2·0.5 + 1·0.725 + 1·0.875) / 4 = 2.6 / 4 = 0.65 → 65.0.
    #expect(a.scoreTenths == 650)
    #expect(a.component(.repeatContact)?.normalizedWeight == 0.25)
    // At weight 0 (the shipped rules) the components are not part of the score.
    let off = ScoringModel(rules: ScoringRules(), window: window, ratingScale: 1...5).run(input)
    #expect(score(off, 1)?.components.isEmpty == true)
    #expect(score(off, 1)?.scoreTenths == 500)
}

@Test func componentWithoutDataIsLeftOut() throws {
    let input = ScoringInput(window: window, ratingScale: 1...5, answeredCalls: [1: 3], ratings: [rated(1, 5)],
                             repeatContacts: [:], agentHangups: nil)
    let rules = try rules(#"{ "components": { "repeat_contact": 1, "agent_hangup": 1 } }"#)
    let outcome = ScoringModel(rules: rules, window: window, ratingScale: 1...5).run(input)
    #expect(outcome.unavailableComponents == [.repeatContact, .agentHangup])
    #expect(score(outcome, 1)?.components.isEmpty == true)
    #expect(score(outcome, 1)?.quality == score(outcome, 1)?.ratingQuality)
}

@Test(arguments: [(0.58749999999, 587), (0.5875, 588), (0.46249999999999997, 463), (0.0, 0), (1.0, 1000), (1.2, 1000), (-0.3, 0)])
func scoresRoundHalfUpToTenths(quality: Double, tenths: Int) {
    #expect(roundedTenths(quality) == tenths)
}

