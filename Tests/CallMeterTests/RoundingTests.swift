import Testing
@testable import CallMeter

/// Exact halves: where half-even and half-up part ways.
@Test(arguments: [
    // numerator / denominator, half-even, half-up
    (5, 2, 2, 3),      // 2.5
    (7, 2, 4, 4),      // 3.5
    (1, 2, 0, 1),      // 0.5
    (-5, 2, -2, -3),   // -2.5: half-up is away from zero
    (10_125, 1_000, 10, 10),
    (1_012_500, 100_000, 10, 10), // 10.125 → 10 (both), the cent step is tested in MoneyTests
    (25, 10, 2, 3),
    (35, 10, 4, 4),
] as [(Int64, Int64, Int64, Int64)])
func halfEvenAndHalfUpOnExactHalves(_ numerator: Int64, _ denominator: Int64, _ halfEven: Int64, _ halfUp: Int64) throws {
    #expect(try Rounding.divide(numerator, by: denominator, .halfEven) == halfEven)
    #expect(try Rounding.divide(numerator, by: denominator, .halfUp) == halfUp)
}

@Test(arguments: [
    // numerator, denominator, down, up, half-up, half-even
    (7, 3, 2, 3, 2, 2), (8, 3, 2, 3, 3, 3), (6, 3, 2, 2, 2, 2), (0, 7, 0, 0, 0, 0),
    (-7, 3, -2, -3, -2, -2), (-8, 3, -2, -3, -3, -3),
    (Int64.max, 2, Int64.max / 2, Int64.max / 2 + 1, Int64.max / 2 + 1, Int64.max / 2 + 1),
    (Int64.min, 3, Int64.min / 3, Int64.min / 3 - 1, Int64.min / 3 - 1, Int64.min / 3 - 1),
] as [(Int64, Int64, Int64, Int64, Int64, Int64)])
func everyModeOffHalves(_ n: Int64, _ d: Int64, _ down: Int64, _ up: Int64, _ halfUp: Int64, _ halfEven: Int64) throws {
    #expect(try Rounding.divide(n, by: d, .down) == down)
    #expect(try Rounding.divide(n, by: d, .up) == up)
    #expect(try Rounding.divide(n, by: d, .halfUp) == halfUp)
    #expect(try Rounding.divide(n, by: d, .halfEven) == halfEven)
}

@Test(arguments: [0, -1, Int64.min] as [Int64])
func aNonPositiveDenominatorIsAnErrorNotATrap(_ denominator: Int64) {
    #expect(throws: PayrollError.self) { try Rounding.divide(1, by: denominator, .halfEven) }
}
