import Foundation
import Testing
@testable import CallMeter

private let asOf = CalendarDate.day("2026-10-31")

@Test func explanationPrintsEveryNumberOfTheWorkedExample() throws {
    let fixture = try ScoringFixture()
    try loadWorkedExample(into: fixture)
    let rules = try fixture.rules(workedExampleRules)
    let explanation = try Scoring(store: fixture.store).explainScore(agentID: "a1", asOf: asOf, rules: rules, center: fixture.center)
    #expect(explanation.ratings.map(\.callID) == ["W2", "W0", "W1"])
    #expect(explanation.ratings.map(\.weight) == [0.25, 0.5, 0.5])
    #expect(explanation.ratings.map(\.x) == [0.5, 1, 0.75])
    #expect(explanation.ratings.map(\.hotlineMean) == [0.1875, 0.75, 0.75])
    #expect(explanation.ratings.map(\.ageDays) == [28, 14, 14])
    #expect(explanation.otherQuestions == [ScoreExplanation.OtherRating(callID: "W0", question: "resolved", rating: 2)])
    #expect(explanation.score?.scoreTenths == 588)
    #expect(explanation.stored == nil)

    let text = explanation.text
    for expected in [
        "Score of a1 (Anna) as of 2026-10-31",
        "28 local days 2026-10-04 to 2026-10-31",
        "2026-10-04T00:00:00Z to 2026-11-01T00:00:00Z",
        "sha256 " + rules.sha256,
        "prior_strength C = 2", "half_life_days 14", "min_ratings 3",
        "6 overall ratings, Σw = 2.500000, m_all = Σw·x / Σw = 0.525000",
        "0.750000", "+0.225000", "0.187500", "-0.337500",                     // hotline means and offsets
        "W2", "W0", "W1", "28.000", "14.000", "0.250000", "0.500000",        // each rating, age, weight
        "0.775000", "0.387500",                                                // x' of W0: 1 − 0.75 + 0.525; w·x' = 0.5 · 0.775
        "Σw = 1.250000, Σw·x = 1.000000, Σw·(m_h − m_all) = +0.140625, Σw·x' = 0.859375",
        "(2 × 0.525000 + 0.859375) / (2 + 1.250000) = 1.909375 / 3.250000 = 0.587500",
        "score = 100 × quality = 58.7500 → 58.8",
        "2 of 3 ratings ≥ 4 = 66.7 %",
        "p = 0.666667, n = 3 = 0.207655 → 20.8 %",
        "3 ratings ≥ min_ratings 3; 58.8 ≥ watch 55.0 → watch",
        "W0 resolved 2",
        "Stored run for 2026-10-31: none",
    ] {
        #expect(text.contains(expected), "missing \(expected)")
    }

    // Once stored, the explanation says whether the stored run agrees.
    _ = try Scoring(store: fixture.store).score(asOf: asOf, rules: rules, center: fixture.center)
    let again = try Scoring(store: fixture.store).explainScore(agentID: "a1", asOf: asOf, rules: rules, center: fixture.center)
    #expect(again.text.contains("Stored run for 2026-10-31: score 58.8, band watch (the same)"))
}

@Test func explanationOfAnAgentWithoutRatings() throws {
    let fixture = try ScoringFixture()
    try loadWorkedExample(into: fixture)
    let explanation = try Scoring(store: fixture.store).explainScore(agentID: "c1", asOf: asOf, rules: try fixture.rules(), center: fixture.center)
    #expect(explanation.score?.ratings == 0)
    #expect(explanation.score?.scoreTenths == nil)
    #expect(explanation.text.contains("Score: none: no overall rating in the window."))
    #expect(explanation.text.contains("→ insufficient"))
    // An agent with no answered call in the window, and one the database does not know.
    let idle = try Scoring(store: fixture.store).explainScore(agentID: "d1", asOf: asOf, rules: try fixture.rules(), center: fixture.center)
    #expect(idle.row == nil)
    #expect(idle.text.contains("d1 has no answered or transferred call in the window: not scored."))
    #expect(throws: ScoringError.unknownAgent("nobody")) {
        try Scoring(store: fixture.store).explainScore(agentID: "nobody", asOf: asOf, rules: try fixture.rules(), center: fixture.center)
    }
}

@Test func explanationShowsTheComponents() throws {
    let fixture = try ScoringFixture()
    try loadComponentData(into: fixture)
    let rules = try fixture.rules(#"{ "components": { "ratings": 1, "repeat_contact": 1, "agent_hangup": 1 } }"#)
    let text = try Scoring(store: fixture.store).explainScore(agentID: "a1", asOf: asOf, rules: rules, center: fixture.center).text
    for expected in [
        "repeat_contact: 2 of 7 calls = 0.285714", "agent_hangup: 2 of 7 calls = 0.285714",
        "repeat_contact (weight 1)", "4 inbound calls with a known caller, 2 followed by the same caller on the same hotline within 72 h",
        "agent_hangup (weight 1)", "4 calls with ended_by known, 2 ended by the agent with at most 20 s of talk",
        "(10 × 0.285714 + 2) / (10 + 4) = 0.346939; enters as 1 − rate = 0.653061",
        "quality = (1 × 0.500000 + 1 × 0.653061 + 1 × 0.653061) / 3 = 0.602041",
        "→ 60.2",
    ] {
        #expect(text.contains(expected), "missing \(expected)")
    }
    // Switched on but without the data it needs: said so.
    let worked = try ScoringFixture()
    try loadWorkedExample(into: worked)
    let left = try Scoring(store: worked.store).explainScore(agentID: "a1", asOf: asOf, rules: rules, center: worked.center).text
    #expect(left.contains("agent_hangup: weight 1 but no calls with the data it needs in the window: left out"))
}
