import Testing
@testable import CallMeter

@Test(arguments: [
    ("0.45", 4_500), ("0.625", 6_250), ("12", 120_000), ("0", 0), ("0.0001", 1), ("1.2345", 12_345),
    ("0.29", 2_900), ("922337203685477.5807", Int64.max),
] as [(String, Int64)])
func parsesDecimalsExactly(_ text: String, _ tenThousandths: Int64) throws {
    #expect(try FixedDecimal.parse(text).tenThousandths == tenThousandths)
}

@Test(arguments: [
    ("0.12345", FixedDecimal.ParseProblem.tooManyPlaces(5)), ("-0.45", .negative), ("-0", .negative),
    ("922337203685477.5808", .tooLarge), ("99999999999999999999", .tooLarge), ("abc", .syntax), ("", .syntax),
    ("1.", .syntax), (".5", .syntax), ("1e3", .syntax), ("1,5", .syntax), (" 1", .syntax), ("-", .syntax),
])
func refusesWhatIsNotARate(_ text: String, _ problem: FixedDecimal.ParseProblem) {
    #expect(throws: problem) { try FixedDecimal.parse(text) }
}

@Test(arguments: [
    (4_500, 2, ".", "0.45"), (6_250, 2, ".", "0.625"), (10_000, 2, ".", "1.00"), (12_345, 0, ",", "1,2345"),
    (120_000, 0, ".", "12"), (1, 2, ".", "0.0001"),
] as [(Int64, Int, String, String)])
func formatsWithoutFloatingPoint(_ value: Int64, _ minimum: Int, _ separator: String, _ expected: String) {
    #expect(FixedDecimal(tenThousandths: value).formatted(minimumPlaces: minimum, decimalSeparator: separator) == expected)
}

/// Places outside 0…20 are clamped rather than trapping.
@Test(arguments: [(-3, "12345"), (0, "12345"), (25, "0.00000000000000012345")] as [(Int, String)])
func formattingNeverTrapsOnOddPlaces(_ places: Int, _ expected: String) {
    #expect(DecimalText.format(12_345, places: places, minimumPlaces: 0, decimalSeparator: ".") == expected)
}
