import Foundation
import Testing
@testable import CallMeter

private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Test func shippedScoringFileLoadsWithTheDocumentedDefaults() throws {
    let directory = packageRoot.appendingPathComponent("Rules")
    let rules = try ScoringRules.load(directory: directory, ratingScale: 1...5)
    var expected = ScoringRules()
    expected.sha256 = rules.sha256
    #expect(rules == expected)
    // The digest is of the file's bytes, comments included.
    let bytes = try Data(contentsOf: directory.appendingPathComponent("scoring.json"))
    #expect(rules.sha256 == Crypto.hex(Crypto.sha256(Array(bytes))))
    #expect(rules.sha256.count == 64)
    // The optional components ship switched off.
    #expect(rules.weight(.repeatContact) == 0 && rules.weight(.agentHangup) == 0 && rules.weight(.ratings) == 1)
}

@Test func emptyFileMeansDefaults() throws {
    var rules = try ScoringRules.parse("{}")
    #expect(rules.sha256 == Crypto.hex(Crypto.sha256(Array("{}".utf8))))
    rules.sha256 = ""
    #expect(rules == ScoringRules())
}

@Test func readsEveryKey() throws {
    let rules = try ScoringRules.parse("""
        // comment
        { "window_days": 7, "half_life_days": 3.5, "prior_strength": 0, "adjust_for_hotline": false,
          "satisfied_at_or_above": 5, "min_ratings": 2, "bands": { "good": 75.5, "watch": 50, "poor": 0 },
          "components": { "ratings": 3, "repeat_contact": 1.5, "agent_hangup": 0.5 },
          "repeat_window_hours": 24, "short_call_seconds": 10 }
        """)
    #expect(rules.windowDays == 7)
    #expect(rules.halfLifeDays == 3.5)
    #expect(rules.priorStrength == 0)
    #expect(rules.adjustForHotline == false)
    #expect(rules.satisfiedAtOrAbove == 5)
    #expect(rules.minRatings == 2)
    #expect(rules.bands == [BandThreshold(band: .good, minimumTenths: 755), BandThreshold(band: .watch, minimumTenths: 500),
                            BandThreshold(band: .poor, minimumTenths: 0)])
    #expect(rules.weights == [.ratings: 3, .repeatContact: 1.5, .agentHangup: 0.5, .ringNoAnswer: 0, .adherence: 0])
    #expect(rules.repeatWindowHours == 24)
    #expect(rules.shortCallSeconds == 10)
}

@Test(arguments: [
    // (file, key path in the error, words the reason must contain)
    (#"{ "components": { "repeat_contact": -1 } }"#, "components.repeat_contact", "0 or more"),
    (#"{ "components": { "agent_hangup": -0.5 } }"#, "components.agent_hangup", "0 or more"),
    (#"{ "components": { "ratings": 0 } }"#, "components.ratings", "more than 0"),
    (#"{ "components": { "rating": 1 } }"#, "components.rating", "unknown key"),
    (#"{ "half_life_days": 0 }"#, "half_life_days", "more than 0"),
    (#"{ "half_life_days": -14 }"#, "half_life_days", "more than 0"),
    (#"{ "half_life_days": "soon" }"#, "half_life_days", "decimal"),
    (#"{ "prior_strength": -1 }"#, "prior_strength", "0 or more"),
    (#"{ "bands": { "excellent": 85, "superb": 95, "poor": 0 } }"#, "bands.superb", "unknown band name"),
    (#"{ "bands": { "insufficient": 10, "poor": 0 } }"#, "bands.insufficient", "no threshold"),
    (#"{ "bands": { "good": 70, "excellent": 85, "poor": 0 } }"#, "bands.excellent", "descending"),
    (#"{ "bands": { "good": 70, "watch": 70, "poor": 0 } }"#, "bands.watch", "descending"),
    (#"{ "bands": { "good": 70, "watch": 55 } }"#, "bands.watch", "last band must start at 0"),
    (#"{ "bands": { } }"#, "bands", "at least one band"),
    (#"{ "bands": { "good": 70.25, "poor": 0 } }"#, "bands.good", "one decimal"),
    (#"{ "bands": { "good": 170, "poor": 0 } }"#, "bands.good", "0 to 100"),
    (#"{ "bands": [85, 70] }"#, "bands", "expected an object"),
    (#"{ "window_days": 0 }"#, "window_days", "between 1 and 366"),
    (#"{ "window_days": 2.5 }"#, "window_days", "integer"),
    (#"{ "satisfied_at_or_above": 6 }"#, "satisfied_at_or_above", "scale 1–5"),
    (#"{ "min_ratings": -1 }"#, "min_ratings", "between 0"),
    (#"{ "adjust_for_hotline": "yes" }"#, "adjust_for_hotline", "true or false"),
    (#"{ "repeat_window_hours": 0 }"#, "repeat_window_hours", "between 1 and 720"),
    (#"{ "short_call_seconds": -5 }"#, "short_call_seconds", "between 0 and 3600"),
    (#"{ "half_life": 14 }"#, "half_life", "unknown key"),
])
func invalidRulesNameTheKey(json: String, keyPath: String, reason: String) {
    let error = #expect(throws: RulesError.self) { try ScoringRules.parse(json, file: "scoring.json") }
    #expect(error?.keyPath == keyPath)
    #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error")")
    #expect(error?.file == "scoring.json")
    #expect(error?.line == 1)
    #expect(error?.description.hasPrefix("scoring.json:1:") == true)
}

@Test func errorPointsAtTheLineAndColumnOfTheValue() {
    let json = "{\n    \"half_life_days\": 0\n}"
    let error = #expect(throws: RulesError.self) { try ScoringRules.parse(json, file: "Rules/scoring.json") }
    #expect(error?.line == 2)
    #expect(error?.column == 23)
    #expect(error?.description.hasPrefix("Rules/scoring.json:2:23: half_life_days: ") == true)
}

@Test func satisfiedThresholdFollowsTheCenterScale() throws {
    let rules = try ScoringRules.parse(#"{ "satisfied_at_or_above": 8 }"#, ratingScale: 0...10)
    #expect(rules.satisfiedAtOrAbove == 8)
    #expect(throws: RulesError.self) { try ScoringRules.parse(#"{ "satisfied_at_or_above": 0 }"#, ratingScale: 1...5) }
}

@Test func missingFileIsAnError() {
    let error = #expect(throws: RulesError.self) {
        try ScoringRules.load(directory: URL(fileURLWithPath: "/nonexistent-callmeter"), ratingScale: 1...5)
    }
    #expect(error?.reason == "rule file not found")
}
