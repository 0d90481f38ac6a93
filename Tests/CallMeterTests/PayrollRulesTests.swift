import Foundation
import Testing
@testable import CallMeter

@Test func shippedPayrollFileLoads() throws {
    let rules = try PayrollRules.load(directory: payrollPackageRoot.appendingPathComponent("Rules"))
    #expect(rules.periodKind == .monthly)
    #expect(rules.paid == .talk)
    #expect(rules.incrementSeconds == 6)
    #expect(rules.incrementMode == .up)
    #expect(rules.minimumSeconds == 30)
    #expect(rules.unpaidBelowSeconds == 5)
    #expect(rules.amountRounding == .halfEven)
    #expect(rules.bonusPercent(forBand: "excellent") == FixedDecimal(tenThousandths: 50_000))
    #expect(rules.bonusPercent(forBand: "poor") == nil)
    #expect(rules.minimumHourly == FixedDecimal(tenThousandths: 240_000))
}

private let minimal = #""increment_seconds": 1, "increment_mode": "up", "minimum_seconds": 0, "unpaid_below_seconds": 0, "amount_rounding": "half-up""#

@Test(arguments: [
    (#"{"period": "weekly", \#(minimal)}"#, PayPeriod.Kind.weekly, PayrollRules.Components.talk),
    (#"{"period": "semimonthly", "paid": ["talk", "hold", "wrap"], \#(minimal)}"#, .semimonthly, [.talk, .hold, .wrap]),
    (#"{"period": "monthly", "paid": ["wrap"], \#(minimal)}"#, .monthly, .wrap),
] as [(String, PayPeriod.Kind, PayrollRules.Components)])
func readsPeriodAndPaidParts(_ text: String, _ kind: PayPeriod.Kind, _ paid: PayrollRules.Components) throws {
    let rules = try PayrollRules.parse(text)
    #expect(rules.periodKind == kind)
    #expect(rules.paid == paid)
    #expect(rules.amountRounding == .halfUp)
    #expect(rules.bonusPercentByBand.isEmpty)
    #expect(rules.minimumHourly == nil)
}

@Test(arguments: [
    (#"{"period": "biweekly", \#(minimal)}"#, "period", "unknown period \"biweekly\""),
    (#"{"period": "Monthly", \#(minimal)}"#, "period", "unknown period"),
    (#"{"period": 1, \#(minimal)}"#, "period", "expected a string"),
    (#"{\#(minimal)}"#, "period", "missing required key"),
    (#"{"period": "monthly", "paid": [], \#(minimal)}"#, "paid", "at least one"),
    (#"{"period": "monthly", "paid": ["talk", "talk"], \#(minimal)}"#, "paid[1]", "listed twice"),
    (#"{"period": "monthly", "paid": ["ring"], \#(minimal)}"#, "paid[0]", "unknown part"),
    (#"{"period": "monthly", "increment_seconds": 0, "increment_mode": "up", "minimum_seconds": 0, "unpaid_below_seconds": 0, "amount_rounding": "half-up"}"#,
     "increment_seconds", "between 1 and 3600"),
    (#"{"period": "monthly", "increment_seconds": 6, "increment_mode": "ceiling", "minimum_seconds": 0, "unpaid_below_seconds": 0, "amount_rounding": "half-up"}"#,
     "increment_mode", "unknown increment mode"),
    (#"{"period": "monthly", "increment_seconds": 6, "increment_mode": "up", "minimum_seconds": 0, "unpaid_below_seconds": 0, "amount_rounding": "bankers"}"#,
     "amount_rounding", "unknown rounding"),
    (#"{"period": "monthly", "increment_seconds": 6, "increment_mode": "up", "minimum_seconds": 0, "unpaid_below_seconds": 0, "amount_rounding": "down"}"#,
     "amount_rounding", "unknown rounding"),
    (#"{"period": "monthly", "bonus_percent_by_band": {"excellent": "five"}, \#(minimal)}"#, "bonus_percent_by_band.excellent", "expected a decimal"),
    (#"{"period": "monthly", "bonus_percent_by_band": {"excellent": 101}, \#(minimal)}"#, "bonus_percent_by_band.excellent", "more than 100 %"),
    (#"{"period": "monthly", "minimum_hourly": "24.123456", \#(minimal)}"#, "minimum_hourly", "at most 4"),
    (#"{"period": "monthly", "minimum_seconds": -1, "increment_seconds": 1, "increment_mode": "up", "unpaid_below_seconds": 0, "amount_rounding": "half-up"}"#,
     "minimum_seconds", "between 0 and 86400"),
    (#"{"period": "monthly", "rounding": "half-up", \#(minimal)}"#, "rounding", "unknown key"),
])
func badPayrollRulesNameFileAndKey(_ text: String, _ keyPath: String, _ reason: String) {
    let error = #expect(throws: RulesError.self) { try PayrollRules.parse(text, file: "Rules/payroll.json") }
    #expect(error?.file == "Rules/payroll.json")
    #expect(error?.keyPath == keyPath)
    #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error")")
}
