import Testing
@testable import CallMeter

@Test(arguments: [
    (12_345, 2, ".", "123.45"), (5, 2, ".", "0.05"), (-5, 2, ",", "-0,05"), (1_200, 0, ".", "1200"),
    (1_234, 3, ",", "1,234"), (Int64.min, 2, ".", "-92233720368547758.08"),
] as [(Int64, Int, String, String)])
func formatsMinorUnits(_ minor: Int64, _ places: Int, _ separator: String, _ expected: String) {
    #expect(Money(minorUnits: minor, places: places).formatted(decimalSeparator: separator) == expected)
}

/// 972 s at 0.625 a minute is 10.125 CHF exactly: the cent is decided by the rounding rule.
@Test(arguments: [(RoundingMode.halfEven, 1_012), (.halfUp, 1_013)] as [(RoundingMode, Int64)])
func pricesAnExactHalfCentByTheRule(_ rounding: RoundingMode, _ cents: Int64) throws {
    let amount = try Money.price(billableSeconds: 972, perMinute: FixedDecimal.parse("0.625"), places: 2, rounding: rounding)
    #expect(amount.minorUnits == cents)
}

/// 0.29 × 100 in floating point is 28.999…; here it is 29 cents.
@Test func noFloatingPointDrift() throws {
    let amount = try Money.price(billableSeconds: 60, perMinute: FixedDecimal.parse("0.29"), places: 2, rounding: .halfEven)
    #expect(amount == Money(minorUnits: 29, places: 2))
    let yen = try Money.price(billableSeconds: 90, perMinute: FixedDecimal.parse("15"), places: 0, rounding: .halfEven)
    #expect(yen == Money(minorUnits: 22, places: 0)) // 22.5 → 22 (even)
    let fils = try Money.price(billableSeconds: 61, perMinute: FixedDecimal.parse("0.1234"), places: 3, rounding: .halfUp)
    #expect(fils == Money(minorUnits: 125, places: 3)) // 0.125456… → 0.125
}

@Test func overflowIsAnErrorNotATrap() throws {
    let max = Money(minorUnits: Int64.max, places: 2)
    #expect(throws: PayrollError.self) { try max.adding(Money(minorUnits: 1, places: 2)) }
    #expect(throws: PayrollError.self) {
        try Money.price(billableSeconds: 60, perMinute: FixedDecimal(tenThousandths: Int64.max), places: 2, rounding: .halfEven)
    }
    #expect(throws: PayrollError.self) {
        try Money.price(billableSeconds: Int64.max / 2, perMinute: FixedDecimal.parse("0.45"), places: 2, rounding: .halfEven)
    }
    #expect(throws: PayrollError.self) { try max.percentage(FixedDecimal.parse("5"), rounding: .halfEven) }
    #expect(throws: PayrollError.self) { try max.adding(Money(minorUnits: 1, places: 3)) }
}

@Test(arguments: [(RoundingMode.halfEven, 5_062), (.halfUp, 5_063)] as [(RoundingMode, Int64)])
func aBonusIsOneRoundedPercentage(_ rounding: RoundingMode, _ expected: Int64) throws {
    // 5 % of 1012.50 CHF = 50.625 CHF.
    let bonus = try Money(minorUnits: 101_250, places: 2).percentage(FixedDecimal.parse("5"), rounding: rounding)
    #expect(bonus.minorUnits == expected)
}
