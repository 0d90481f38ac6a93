import Testing
@testable import CallMeter

private let rules = RoutingRules()

/// Every score in tenths from 0.0 to 100.0 in steps of 0.7, and the band edges.
private let scores = Array(stride(from: 0, through: 1000, by: 7)) + [399, 400, 401, 799, 800, 801, 1000]

@Test(arguments: scores)
func targetIsBoundedAndMonotonicInScore(_ score: Int) {
    let weight = WeightFormula.target(scoreTenths: score, band: "watch", rules: rules)
    #expect((rules.floor...rules.ceiling).contains(weight))
    if score < 1000 {
        #expect(WeightFormula.target(scoreTenths: score + 1, band: "watch", rules: rules) >= weight)
    }
    if score <= rules.floorAt * 10 { #expect(weight == rules.floor) }
    if score >= rules.fullAt * 10 { #expect(weight == rules.ceiling) }
}

@Test(arguments: [
    // floor + (ceiling - floor) * (score - 40) / (80 - 40): 20 + 80 * 20 / 40 = 60.
    (600, 60),
    // 20 + 80 * 1.0 / 40 = 22.
    (410, 22),
    // 20 + 80 * 0.1 / 40 = 20.2 → 20; 20 + 80 * 0.3 / 40 = 20.6 → 21.
    (401, 20), (403, 21),
    // 20 + 80 * 39.9 / 40 = 99.8 → 100.
    (799, 100),
    (0, 20), (400, 20), (800, 100), (1000, 100),
])
func targetMatchesTheHandComputedValue(_ score: Int, _ expected: Int) {
    #expect(WeightFormula.target(scoreTenths: score, band: "good", rules: rules) == expected)
}

@Test func roundingIsHalfUp() {
    // 1 + (2 - 1) * score / 100: exactly 1.5 at 50.0.
    let halves = RoutingRules(floor: 1, ceiling: 2, fullAt: 100, floorAt: 0, insufficientWeight: 1)
    #expect(WeightFormula.target(scoreTenths: 499, band: "good", rules: halves) == 1)
    #expect(WeightFormula.target(scoreTenths: 500, band: "good", rules: halves) == 2)
}

@Test(arguments: [Optional(0), 300, 950, nil])
func insufficientBandOrNoScoreGivesTheInsufficientWeight(_ score: Int?) {
    let custom = RoutingRules(insufficientWeight: 70)
    #expect(WeightFormula.target(scoreTenths: score, band: "insufficient", rules: custom) == 70)
    if score == nil {
        #expect(WeightFormula.target(scoreTenths: nil, band: "good", rules: custom) == 70)
    }
}

@Test(arguments: [
    // (target, previous, expected): at most 20 from the previous weight.
    (20, Optional(100), 80), (100, 20, 40), (60, 70, 60), (55, 40, 55), (20, 40, 20), (100, 85, 100),
    // Never published: from the ceiling.
    (20, nil, 80), (100, nil, 100), (85, nil, 85),
    // A previous weight outside today's bounds (the rules changed) is brought back into them.
    (20, 5, 20), (100, 150, 100),
])
func stepLimit(_ target: Int, _ previous: Int?, _ expected: Int) {
    #expect(WeightFormula.stepLimited(target: target, previous: previous, rules: rules) == expected)
}

@Test(arguments: Array(stride(from: 20, through: 100, by: 5)))
func stepLimitNeverMovesMoreThanMaxStep(_ previous: Int) {
    for target in rules.floor...rules.ceiling {
        let weight = WeightFormula.stepLimited(target: target, previous: previous, rules: rules)
        #expect(abs(weight - previous) <= rules.maxStep)
        #expect((rules.floor...rules.ceiling).contains(weight))
        // It moves towards the target and never past it.
        #expect(min(previous, target) <= weight && weight <= max(previous, target))
    }
}
