import Foundation
import Testing
@testable import CallMeter

@Test func shippedTiersFileLoads() throws {
    let tiers = try TierRules.load(directory: payrollPackageRoot.appendingPathComponent("Rules"))
    #expect(tiers.tiers.map(\.id) == ["order", "support", "medical", "claims"])
    #expect(tiers.hotlines.map(\.number) == ["+41800100100", "+41800200200", "+41800300300", "+41800400400"])
    let medical = try #require(tiers.tierIndex(forHotline: "+41800300300").map { tiers.tiers[$0] })
    // The rate change mid-October: the 15th pays 0.90, the 16th 0.95.
    #expect(medical.rate(on: CalendarDate.day("2026-10-15"))?.perMinute == FixedDecimal(tenThousandths: 9_000))
    #expect(medical.rate(on: CalendarDate.day("2026-10-16"))?.perMinute == FixedDecimal(tenThousandths: 9_500))
    #expect(medical.rate(on: CalendarDate.day("2025-12-31")) == nil)
    #expect(tiers.tierIndex(forHotline: "+41800999999") == nil)
}

@Test func ratesMayBeNumbersOrStrings() throws {
    let tiers = try TierRules.parse("""
        {"tiers": [{"id": "t", "name": "T", "rates": [{"from": "2026-01-01", "per_minute": 0.45},
                                                      {"from": "2026-02-01", "per_minute": "0.4525"}]}],
         "hotlines": []}
        """)
    #expect(tiers.tiers[0].rates.map(\.perMinute.tenThousandths) == [4_500, 4_525])
}

private func tiers(rates: String = #"[{"from": "2026-01-01", "per_minute": "0.45"}]"#,
                   hotlines: String = #"[{"hotline": "+41800100100", "tier": "order"}]"#,
                   extraTier: String = "") -> String {
    """
    {
      "tiers": [
        {"id": "order", "name": "Orders", "rates": \(rates)}\(extraTier)
      ],
      "hotlines": \(hotlines)
    }
    """
}

/// Each mistake names the file, the line and column, and the key path.
@Test(arguments: [
    (tiers(rates: #"[{"from": "2026-01-01", "per_minute": "0,45"}]"#), "tiers[0].rates[0].per_minute", "expected a decimal number"),
    (tiers(rates: #"[{"from": "2026-01-01", "per_minute": "cheap"}]"#), "tiers[0].rates[0].per_minute", "expected a decimal number"),
    (tiers(rates: #"[{"from": "2026-01-01", "per_minute": 4.5e-1}]"#), "tiers[0].rates[0].per_minute", "expected a decimal number"),
    (tiers(rates: #"[{"from": "2026-01-01", "per_minute": "0.12345"}]"#), "tiers[0].rates[0].per_minute", "at most 4 are allowed"),
    (tiers(rates: #"[{"from": "2026-01-01", "per_minute": "-0.45"}]"#), "tiers[0].rates[0].per_minute", "must not be negative"),
    (tiers(rates: #"[{"from": "2026-01-01", "per_minute": "99999999999999999"}]"#), "tiers[0].rates[0].per_minute", "too large"),
    (tiers(rates: #"[{"from": "2026-01-01", "per_minute": "0.45"}, {"from": "2026-01-01", "per_minute": "0.50"}]"#),
     "tiers[0].rates[1].from", "overlaps tiers[0].rates[0].from"),
    (tiers(rates: #"[{"from": "2026-06-01", "per_minute": "0.45"}, {"from": "2026-01-01", "per_minute": "0.50"}]"#),
     "tiers[0].rates[1].from", "list rates in date order"),
    (tiers(rates: #"[{"from": "2026-02-30", "per_minute": "0.45"}]"#), "tiers[0].rates[0].from", "is not a date"),
    (tiers(rates: "[]"), "tiers[0].rates", "at least one rate"),
    (tiers(rates: #"[{"from": "2026-01-01", "per_minute": "0.45", "currency": "EUR"}]"#), "tiers[0].rates[0].currency", "unknown key"),
    (tiers(hotlines: #"[{"hotline": "+41800100100", "tier": "gold"}]"#), "hotlines[0].tier", "unknown tier \"gold\""),
    (tiers(hotlines: #"[{"hotline": "+41800100100", "tier": "order"}, {"hotline": "+41800100100", "tier": "order"}]"#),
     "hotlines[1].hotline", "listed twice"),
    (tiers(extraTier: #", {"id": "order", "name": "Again", "rates": [{"from": "2026-01-01", "per_minute": "1"}]}"#),
     "tiers[1].id", "already used by tiers[0]"),
    (tiers(extraTier: #", {"id": "=cmd", "name": "Evil", "rates": [{"from": "2026-01-01", "per_minute": "1"}]}"#),
     "tiers[1].id", "is not a tier id"),
])
func badTiersNameFileAndKey(_ text: String, _ keyPath: String, _ reason: String) {
    let error = #expect(throws: RulesError.self) { try TierRules.parse(text, file: "Rules/tiers.json") }
    #expect(error?.file == "Rules/tiers.json")
    #expect(error?.keyPath == keyPath)
    #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error")")
    #expect(error?.line != nil)
    #expect(error?.description.hasPrefix("Rules/tiers.json:") == true)
}
