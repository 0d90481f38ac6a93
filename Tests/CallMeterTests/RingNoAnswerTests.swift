import Foundation
import Testing
@testable import CallMeter

// The `ring_no_answer` component: queue_log RINGNOANSWER events against the calls each agent
// answered from a queue.

/// Three queue calls on 2026-10-14 (UTC): a lets Q1 ring out and b takes it; a takes Q2; Q3 rings
/// out at a and at b, and the caller gives up. So a: 2 rung out of 3 offered, b: 1 of 2.
private let queueLog = """
    1791964800|Q1|support|NONE|ENTERQUEUE||0791234567|1
    1791964815|Q1|support|SIP/a-01|RINGNOANSWER|15000
    1791964820|Q1|support|SIP/b-02|CONNECT|20|1791964805.2|5
    1791964920|Q1|support|SIP/b-02|COMPLETECALLER|20|100|1
    1791965000|Q2|support|NONE|ENTERQUEUE||0797654321|1
    1791965010|Q2|support|SIP/a-01|CONNECT|10|1791965005.4|4
    1791965070|Q2|support|SIP/a-01|COMPLETEAGENT|10|60|1
    1791965100|Q3|support|NONE|ENTERQUEUE||0791112222|1
    1791965115|Q3|support|SIP/a-01|RINGNOANSWER|15000
    1791965130|Q3|support|SIP/b-02|RINGNOANSWER|15000
    1791965140|Q3|support|NONE|ABANDON|1|1|40

    """

private func loaded() throws -> ScratchStore {
    let scratch = try ScratchStore()
    let report = try scratch.ingest(try scratch.file("queue_log", queueLog), .asteriskQueueLog)
    #expect(report.rowsRejected == 0)
    #expect(report.rowsAccepted == 11)
    let ratings = try scratch.file("ratings.csv", "call_id,rating\nQ1,5\nQ2,5\n")
    _ = try Ingestion(store: scratch.store).ingest(file: ratings, kind: .ratings)
    return scratch
}

private func center() throws -> CenterRules { try CenterRules.parse(#"{ "timezone": "UTC", "currency": "CHF" }"#) }

@Test func ringNoAnswersAreCountedAgainstTheQueueCallsTaken() throws {
    let scratch = try loaded()
    let center = try center()
    let window = ScoringWindow(asOf: .day("2026-10-31"), days: 28, timeZone: center.timeZone)
    let a = try #require(try scratch.store.agentKey("a"))
    let b = try #require(try scratch.store.agentKey("b"))
    let counts = try Scoring(store: scratch.store).ringNoAnswers(window: window)
    #expect(counts[a] == ScoringInput.Counts(calls: 3, events: 2))
    #expect(counts[b] == ScoringInput.Counts(calls: 2, events: 1))
    // Outside the window: nothing.
    let later = ScoringWindow(asOf: .day("2026-12-31"), days: 28, timeZone: center.timeZone)
    #expect(try Scoring(store: scratch.store).ringNoAnswers(window: later).isEmpty)
}

@Test func ringNoAnswerEntersTheScoreWithAWeightAndIsExplained() throws {
    let scratch = try loaded()
    let center = try center()
    // Both agents have one 5 (x = 1 = m_all): q = 1. All-agent rate 3 of 5, C = 10.
    // a: rate (10·0.6 + 2) / (10 + 3) = 8/13 = 0.615385; quality = (1 + 0.384615) / 2 = 0.692308 → 69.2
    // b: rate (10·0.6 + 1) / (10 + 2) = 7/12 = 0.583333; quality = (1 + 0.416667) / 2 = 0.708333 → 70.8
    let rules = try ScoringRules.parse(#"{ "components": { "ratings": 1, "ring_no_answer": 1 } }"#)
    let run = try Scoring(store: scratch.store).score(asOf: .day("2026-10-31"), rules: rules, center: center)
    #expect(run.rows.map(\.agentID) == ["b", "a"])
    #expect(run.rows.map(\.score.scoreTenths) == [708, 692])
    #expect(run.population.componentRates[.ringNoAnswer] == ScoringInput.Counts(calls: 5, events: 3))
    let stored = try Scoring(store: scratch.store).storedScores(runs: try Scoring(store: scratch.store).scoreRuns(last: 1))
    #expect(stored.map(\.ringNoAnswerTenths) == [615, 583])

    let explanation = try Scoring(store: scratch.store).explainScore(agentID: "a", asOf: .day("2026-10-31"), rules: rules, center: center)
    let text = explanation.text
    #expect(text.contains("ring_no_answer (weight 1)"), "\(text)")
    #expect(text.contains("3 queue calls offered (rung out or answered from a queue), 2 left to ring out (RINGNOANSWER)"), "\(text)")

    // Weight 0 (shipped): not computed, not in the score.
    let plain = try Scoring(store: scratch.store).score(asOf: .day("2026-10-31"), rules: try ScoringRules.parse("{}"), center: center, store: false)
    #expect(plain.rows.allSatisfy { row in row.score.component(.ringNoAnswer) == nil })
}

/// With a component on, the QA report's agents table gets a Behaviour column with its rates; with
/// none on (as shipped) it has none.
@Test func theQAReportShowsTheRatesOfTheComponentsThatAreOn() throws {
    let scratch = try loaded()
    let center = try center()
    func html(_ rules: ScoringRules) throws -> String {
        _ = try Scoring(store: scratch.store).score(asOf: .day("2026-10-31"), rules: rules, center: center)
        let report = try Reporting(store: scratch.store).qaReport(
            asOf: .day("2026-10-31"), center: center, scoring: rules,
            payroll: .failure(RulesError(file: "tiers.json", position: nil, keyPath: "", reason: "not here", sourceLine: nil)),
            weights: NoPublishedWeights(), generatedAt: Date(timeIntervalSince1970: 1_793_491_200))
        return QAReportHTML.render(report)
    }
    let on = try html(try ScoringRules.parse(#"{ "components": { "ratings": 1, "ring_no_answer": 1 } }"#))
    #expect(on.contains("<th>Behaviour</th>"))
    #expect(on.contains("<td data-label=\"Behaviour\">rang out 61.5 %</td>"))
    #expect(on.contains("<td data-label=\"Behaviour\">rang out 58.3 %</td>"))
    let off = try html(try ScoringRules.parse("{}"))
    #expect(!off.contains("Behaviour"))
}
