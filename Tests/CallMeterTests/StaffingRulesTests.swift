import Foundation
import Testing
@testable import CallMeter

private let rulesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Rules")

struct StaffingRulesTests {
    /// The shipped staffing.json says what its absence means: the same values.
    @Test func shippedFileLoadsToTheShippedValues() throws {
        let shipped = try StaffingRules.load(directory: rulesFolder)
        #expect(shipped == StaffingRules.shipped)
        #expect(shipped.intervalMinutes == 30 && shipped.maxOccupancy == 0.85 && shipped.shrinkage == 0)
        #expect(shipped.defaultTarget == ServiceTarget(answerWithinSeconds: 20, percent: 80))
        #expect(shipped.hotlineTargets.isEmpty && shipped.model == .erlangC && shipped.forecastWeeks == 6)
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-staffing-rules-\(UUID().uuidString)")
        #expect(try StaffingRules.load(directory: missing) == .shipped)
        #expect(try StaffingRules.parse("{}") == .shipped)
    }

    @Test func readsEveryKeyAndPerHotlineTargets() throws {
        let rules = try StaffingRules.parse("""
            { "interval_minutes": 15, "service_level": { "answer_within_seconds": 30, "percent": 90.5 },
              "hotline_service_levels": { "+41800300300": { "answer_within_seconds": 10, "percent": 95 } },
              "max_occupancy": "0.9", "shrinkage": 0.3, "model": "erlang-a", "forecast_weeks": 52 }
            """)
        #expect(rules.intervalMinutes == 15 && rules.maxOccupancy == 0.9 && rules.shrinkage == 0.3)
        #expect(rules.model == .erlangA && rules.forecastWeeks == 52)
        #expect(rules.target(forHotline: "+41800300300") == ServiceTarget(answerWithinSeconds: 10, percent: 95))
        #expect(rules.target(forHotline: "+41800300301") == ServiceTarget(answerWithinSeconds: 30, percent: 90.5))
        #expect(try StaffingRules.parse(#"{ "max_occupancy": 1 }"#).maxOccupancy == 1)
    }

    /// Each mistake is reported at the line and column of the value (of the key, when unknown),
    /// naming the key.
    @Test(arguments: [
        (#""interval_minutes": 20"#, "interval_minutes: must be 15, 30 or 60 (minutes), found 20"),
        (#""interval_minutes": "30""#, "interval_minutes: expected an integer"),
        (#""service_level": { "answer_within_seconds": 0, "percent": 80 }"#, "service_level.answer_within_seconds: must be between 1 and 3600, found 0"),
        (#""service_level": { "answer_within_seconds": 20, "percent": 100 }"#, "service_level.percent: must be above 0 and below 100"),
        (#""service_level": { "answer_within_seconds": 20, "percent": 0 }"#, "service_level.percent: must be above 0 and below 100"),
        (#""service_level": { "answer_within_seconds": 20 }"#, #"service_level.percent: missing required key "percent""#),
        (#""service_level": { "answer_within_seconds": 20, "percent": 80, "within": 3 }"#, #"service_level.within: unknown key "within""#),
        (#""hotline_service_levels": { "+41800": { "answer_within_seconds": 20, "percent": 101 } }"#, #"hotline_service_levels["+41800"].percent: must be above 0"#),
        (#""hotline_service_levels": { "+41800": 80 }"#, #"hotline_service_levels["+41800"]: expected an object"#),
        (#""max_occupancy": 0"#, "max_occupancy: must be above 0 and at most 1"),
        (#""max_occupancy": 1.2"#, "max_occupancy: must be above 0 and at most 1"),
        (#""max_occupancy": "high""#, "max_occupancy: expected a decimal number"),
        (#""shrinkage": 1"#, "shrinkage: must be at least 0 and below 1"),
        (#""shrinkage": -0.1"#, "shrinkage: must be at least 0 and below 1"),
        (#""model": "erlang-b""#, #"model: expected "erlang-c" or "erlang-a", found "erlang-b""#),
        (#""forecast_weeks": 0"#, "forecast_weeks: must be between 1 and 52, found 0"),
        (#""forecast_weeks": 53"#, "forecast_weeks: must be between 1 and 52, found 53"),
        (#""interval": 30"#, #"interval: unknown key "interval"; allowed keys: interval_minutes, service_level"#),
    ])
    func aMistakeNamesItsFileLineAndColumn(line: String, reason: String) throws {
        let text = "// sizing\n{\n    // the key under test:\n    \(line)\n}\n"
        let error = #expect(throws: RulesError.self) { try StaffingRules.parse(text, file: "rules/staffing.json") }
        #expect(error?.line == 4)
        #expect(error?.description.hasPrefix("rules/staffing.json:4:\(try #require(error?.column)): ") == true)
        #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
        let keyPath = try #require(reason.split(separator: ":").first)
        #expect(error?.keyPath == String(keyPath))
    }

    /// The column is that of the offending value.
    @Test func theColumnIsThatOfTheValue() throws {
        let error = #expect(throws: RulesError.self) {
            try StaffingRules.parse("{\n  \"shrinkage\": 1.5\n}", file: "staffing.json")
        }
        #expect(error?.line == 2 && error?.column == 16)
    }
}
