import Foundation
import Testing
@testable import CallMeter

/// The package root, found from this file so the test works from any working directory.
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

private func center(timezone: String = "\"UTC\"", currency: String = "\"CHF\"", extra: String = "") -> String {
    "{\"timezone\": \(timezone), \"currency\": \(currency)\(extra)}"
}

@Test func shippedCenterFileLoads() throws {
    let rules = try CenterRules.load(directory: packageRoot.appendingPathComponent("Rules"))
    #expect(rules.timeZone.identifier == "Europe/Zurich")
    #expect(rules.currency == "CHF")
    #expect(rules.currencyMinorUnits == 2)
    #expect(rules.ratingScale == 1...5)
}

@Test func ratingScaleDefaultsToOneToFive() throws {
    let rules = try CenterRules.parse(center())
    #expect(rules.ratingScale == 1...5)
    #expect(rules.timeZone == TimeZone(identifier: "UTC"))
}

@Test func readsARatingScale() throws {
    let rules = try CenterRules.parse(center(extra: #", "rating_scale": {"min": 0, "max": 100}"#))
    #expect(rules.ratingScale == 0...100)
}

@Test(arguments: [
    ("CHF", 2), ("EUR", 2), ("USD", 2), ("XYZ", 2),
    ("JPY", 0), ("KRW", 0), ("CLP", 0), ("ISK", 0), ("VND", 0),
    ("BHD", 3), ("KWD", 3), ("OMR", 3), ("JOD", 3), ("TND", 3), ("LYD", 3), ("IQD", 3),
])
func currencyMinorUnits(_ code: String, _ units: Int) throws {
    let rules = try CenterRules.parse(center(currency: "\"\(code)\""))
    #expect(rules.currencyMinorUnits == units)
}

@Test(arguments: ["\"Mars/Olympus\"", "\"\"", "\"Europe/Zurich \""])
func unknownTimeZoneIsAnError(_ json: String) {
    let error = #expect(throws: RulesError.self) { try CenterRules.parse(center(timezone: json)) }
    #expect(error?.keyPath == "timezone")
    #expect(error?.reason.hasPrefix("unknown time zone") == true)
    #expect(error?.column == 14)
}

@Test(arguments: ["\"chf\"", "\"CH\"", "\"CHFF\"", "\"C1F\"", "\"ÇHF\"", "\"\"", "\" CHF\""])
func malformedCurrencyIsAnError(_ json: String) {
    let error = #expect(throws: RulesError.self) { try CenterRules.parse(center(currency: json)) }
    #expect(error?.keyPath == "currency")
    #expect(error?.reason.contains("ISO 4217") == true)
}

@Test func currencyMustBeAString() {
    let error = #expect(throws: RulesError.self) { try CenterRules.parse(center(currency: "756")) }
    #expect(error?.keyPath == "currency")
    #expect(error?.reason == "expected a string, found a number (756)")
}

@Test(arguments: [(5, 5), (5, 1), (3, 2)])
func ratingMinimumMustBeBelowMaximum(_ min: Int, _ max: Int) {
    let text = center(extra: ", \"rating_scale\": {\"min\": \(min), \"max\": \(max)}")
    let error = #expect(throws: RulesError.self) { try CenterRules.parse(text) }
    #expect(error?.keyPath == "rating_scale.min")
    #expect(error?.reason == "must be less than max (\(max)), found \(min)")
}

@Test(arguments: [
    (#"{"min": -1, "max": 5}"#, "rating_scale.min", "must be between 0 and 100, found -1"),
    (#"{"min": 1, "max": 101}"#, "rating_scale.max", "must be between 0 and 100, found 101"),
    (#"{"min": 1}"#, "rating_scale.max", "missing required key \"max\""),
    (#"{"min": 1, "max": 5.0}"#, "rating_scale.max", "expected an integer, found a number (5.0)"),
    (#"{"min": 1, "max": 5, "step": 1}"#, "rating_scale.step", "unknown key \"step\"; allowed keys: min, max"),
    ("[1, 5]", "rating_scale", "expected an object, found an array"),
])
func badRatingScales(_ scale: String, _ keyPath: String, _ reason: String) {
    let error = #expect(throws: RulesError.self) { try CenterRules.parse(center(extra: ", \"rating_scale\": \(scale)")) }
    #expect(error?.keyPath == keyPath)
    #expect(error?.reason == reason)
}

@Test(arguments: [
    (#"{"currency": "CHF"}"#, "timezone", "missing required key \"timezone\""),
    (#"{"timezone": "UTC"}"#, "currency", "missing required key \"currency\""),
    (#"{"timezone": "UTC", "currency": "CHF", "time_zone": "UTC"}"#, "time_zone", "unknown key \"time_zone\"; allowed keys: timezone, currency, rating_scale"),
])
func missingAndUnknownKeys(_ text: String, _ keyPath: String, _ reason: String) {
    let error = #expect(throws: RulesError.self) { try CenterRules.parse(text) }
    #expect(error?.keyPath == keyPath)
    #expect(error?.reason == reason)
}

@Test func errorDescriptionNamesFileLineColumnAndKeyPath() {
    let text = """
    {
        "timezone": "Europe/Zurich",
        "currency": "CHF",
        "rating_scale": { "min": 5, "max": 5 }
    }
    """
    let error = #expect(throws: RulesError.self) { try CenterRules.parse(text, file: "Rules/center.json") }
    #expect(error?.description == """
    Rules/center.json:4:30: rating_scale.min: must be less than max (5), found 5
        "rating_scale": { "min": 5, "max": 5 }
                                 ^
    """)
}

@Test func missingFileIsAnErrorNamingThePath() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-missing-\(UUID().uuidString)")
    let error = #expect(throws: RulesError.self) { try CenterRules.load(directory: directory) }
    #expect(error?.file == directory.appendingPathComponent("center.json").path)
    #expect(error?.line == nil)
    #expect(error?.description == "\(directory.appendingPathComponent("center.json").path): rule file not found")
}

@Test func invalidUTF8OnDiskIsAnError() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-utf8-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let bytes = Array("{\"timezone\": \"UTC\",\n \"currency\": \"CH".utf8) + [0xC0] + Array("\"}".utf8)
    try Data(bytes).write(to: directory.appendingPathComponent("center.json"))
    let error = #expect(throws: RulesError.self) { try CenterRules.load(directory: directory) }
    #expect(error?.line == 2)
    #expect(error?.column == 17)
    #expect(error?.reason.contains("invalid UTF-8 (byte 0xC0)") == true)
}

@Test func parsesBytes() throws {
    let rules = try CenterRules.parse(Array(center(currency: "\"JPY\"").utf8))
    #expect(rules.currencyMinorUnits == 0)
}
