import Foundation
import Testing
@testable import CallMeter

private let bonusRules = PayrollRules(
    bonusPercentByBand: [("excellent", FixedDecimal(tenThousandths: 50_000)), ("good", FixedDecimal(tenThousandths: 25_000))])

private func bonusFixture() throws -> PayrollFixture {
    try PayrollFixture(agents: [("a1", "One"), ("a2", "Two"), ("a3", "Three")], calls: [
        TestCall(id: "B1", agent: "a1", startedAt: "2026-10-05T08:00:00Z", talk: 13_500), // 225 min × 0.45 = 101.25
        TestCall(id: "B2", agent: "a2", startedAt: "2026-10-05T09:00:00Z", talk: 6_000),  // 100 min × 0.45 = 45.00
        TestCall(id: "B3", agent: "a3", startedAt: "2026-10-05T10:00:00Z", talk: 600),    // 4.50
    ])
}

/// The band bonus is its own line per agent: a percentage of the agent's minutes pay of the
/// period, rounded once. Bands come from scoring, behind `ScoringResults`.
@Test(arguments: [(RoundingMode.halfEven, Int64(112)), (.halfUp, 113)])
func bandBonusIsItsOwnLine(_ rounding: RoundingMode, _ a2Bonus: Int64) throws {
    let fixture = try bonusFixture()
    var rules = bonusRules
    rules.amountRounding = rounding
    let bands = FixedScoringResults(bands: { agent, first, last in
        #expect(first == .day("2026-10-01") && last == .day("2026-10-31"))
        return ["a1": .excellent, "a2": .good, "a3": .poor][agent]
    })
    let payroll = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-10"), configuration: testConfiguration(rules), bands: bands)
    let bonuses = payroll.lines.filter { $0.kind == .bonus }
    #expect(bonuses.map(\.agentID) == ["a1", "a2"])
    #expect(bonuses.map(\.tierLabel) == ["bonus:excellent:5%", "bonus:good:2.5%"])
    // 5 % of 101.25 = 5.0625 → 5.06; 2.5 % of 45.00 = 1.125, an exact half cent: the rule decides.
    #expect(bonuses.map(\.amount.minorUnits) == [506, a2Bonus])
    #expect(payroll.lines.map(\.kind) == [.minutes, .bonus, .minutes, .bonus, .minutes])
    let totals = try payroll.agentTotals()
    #expect(totals.map(\.bonus.minorUnits) == [506, a2Bonus, 0])
}

@Test func noBandsNoBonusLines() throws {
    let fixture = try bonusFixture()
    let payroll = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-10"), configuration: testConfiguration(bonusRules))
    #expect(payroll.lines.allSatisfy { $0.kind == .minutes })
    #expect(payroll.total.minorUnits == 15_075)
}

@Test func aClosedBonusIsFrozen() throws {
    let fixture = try bonusFixture()
    let bands = FixedScoringResults(bands: { agent, _, _ in agent == "a1" ? .excellent : nil })
    _ = try Payroll(store: fixture.store).close(PayPeriod.parse("2026-10"), configuration: testConfiguration(bonusRules), bands: bands)
    let reread = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-10"), configuration: testConfiguration(bonusRules))
    #expect(reread.lines.filter { $0.kind == .bonus }.map(\.amount.minorUnits) == [506])
}
