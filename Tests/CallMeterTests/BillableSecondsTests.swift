import Testing
@testable import CallMeter

/// Each increment mode, on a 30-second increment.
@Test(arguments: [
    // talk, mode, billable
    (61, PayrollRules.IncrementMode.up, 90), (61, .nearest, 60), (61, .down, 60),
    (75, .up, 90), (75, .nearest, 90), (75, .down, 60),   // 75 is exactly 2.5 increments: nearest goes up
    (89, .up, 90), (89, .nearest, 90), (89, .down, 60),
    (90, .up, 90), (90, .nearest, 90), (90, .down, 90),
    (14, .up, 30), (14, .nearest, 0), (14, .down, 0),
    (15, .nearest, 30),
] as [(Int64, PayrollRules.IncrementMode, Int64)])
func incrementModes(_ talk: Int64, _ mode: PayrollRules.IncrementMode, _ billable: Int64) throws {
    let rules = PayrollRules(incrementSeconds: 30, incrementMode: mode)
    #expect(try rules.billableSeconds(talk: talk, hold: 0, wrap: 0) == billable)
}

/// Minimum and unpaid thresholds: under `unpaid_below_seconds` nothing; otherwise at least
/// `minimum_seconds` (after rounding to the 6-second increment).
@Test(arguments: [
    (0, 0), (1, 0), (4, 0), (5, 30), (6, 30), (29, 30), (30, 30), (31, 36), (600, 600),
] as [(Int64, Int64)])
func minimumAndUnpaidThresholds(_ talk: Int64, _ billable: Int64) throws {
    let rules = PayrollRules(incrementSeconds: 6, incrementMode: .up, minimumSeconds: 30, unpaidBelowSeconds: 5)
    #expect(try rules.billableSeconds(talk: talk, hold: 0, wrap: 0) == billable)
}

@Test(arguments: [
    (PayrollRules.Components.talk, 100), ([.talk, .hold], 120), ([.talk, .hold, .wrap], 150), (.wrap, 30), (.hold, 20),
] as [(PayrollRules.Components, Int64)])
func paidParts(_ paid: PayrollRules.Components, _ billable: Int64) throws {
    let rules = PayrollRules(paid: paid)
    #expect(try rules.billableSeconds(talk: 100, hold: 20, wrap: 30) == billable)
}

@Test func hugeDurationsOverflowIntoAnError() {
    let rules = PayrollRules(paid: [.talk, .hold])
    #expect(throws: PayrollError.self) { try rules.billableSeconds(talk: Int64.max, hold: 1, wrap: 0) }
    let steps = PayrollRules(incrementSeconds: 3_600, incrementMode: .up)
    #expect(throws: PayrollError.self) { try steps.billableSeconds(talk: Int64.max - 1, hold: 0, wrap: 0) }
}
