/// How the calls of a run spread over days and over the local hours of a day.
///
/// Counts are apportioned exactly (the run has exactly `days × callsPerDay` calls); randomness only
/// places each call within its hour.
enum LoadProfile {
    /// Relative load per weekday, Sunday first: Monday busiest, weekends light.
    static let weekdayWeights = [25, 115, 105, 100, 100, 95, 40]

    /// Relative load per local hour on Monday to Friday: peaks at 10:00 and 15:00, quiet nights.
    /// 93 % of the weight lies between 08:00 and 20:00.
    static let workdayHourWeights = [
        2, 1, 1, 1, 1, 2, 6, 20,  // 00–07
        55, 85, 95, 88, 60, 65, 85, 90,  // 08–15
        80, 60, 40, 25, 12, 7, 4, 3,  // 16–23
    ]

    /// Relative load per local hour on Saturday and Sunday: a later, flatter day.
    static let weekendHourWeights = [
        2, 1, 1, 1, 1, 1, 3, 8,  // 00–07
        25, 50, 70, 75, 65, 60, 60, 55,  // 08–15
        45, 35, 25, 15, 10, 6, 4, 3,  // 16–23
    ]

    static func hourWeights(weekday: Int) -> [Int] {
        weekday == 0 || weekday == 6 ? weekendHourWeights : workdayHourWeights
    }

    /// The share of `total` that falls to the part whose weights end at `cumulativeBefore + weight`,
    /// by cumulative flooring: shares are never negative and always add up to `total`.
    /// All arguments are non-negative; `weightSum` is positive.
    static func share(of total: Int, cumulativeBefore: Int, weight: Int, weightSum: Int) -> Int {
        floorScaled(total, cumulativeBefore + weight, weightSum) - floorScaled(total, cumulativeBefore, weightSum)
    }

    /// ⌊total × numerator ÷ denominator⌋ without intermediate overflow (numerator ≤ denominator).
    private static func floorScaled(_ total: Int, _ numerator: Int, _ denominator: Int) -> Int {
        let product = UInt64(total).multipliedFullWidth(by: UInt64(numerator))
        return Int(UInt64(denominator).dividingFullWidth(product).quotient)
    }
}
