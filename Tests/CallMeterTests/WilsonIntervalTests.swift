import Testing
@testable import CallMeter

@Test(arguments: [
    // (successes, total, lower ‰, upper ‰, share ‰); bounds computed independently (Python, math.sqrt) at z = 1.96.
    (2, 3, 208, 939, 667), (0, 3, 0, 562, 0), (3, 3, 438, 1000, 1000), (5, 5, 566, 1000, 1000),
    (50, 100, 404, 596, 500), (12, 13, 667, 986, 923), (6, 13, 232, 709, 462),
])
func wilsonIntervals(successes: Int, total: Int, lower: Int, upper: Int, share: Int) throws {
    let interval = try #require(WilsonInterval(successes: successes, total: total))
    #expect(interval.lowerTenths == lower)
    #expect(interval.upperTenths == upper)
    #expect(interval.shareTenths == share)
    #expect(interval.lowerTenths == roundedTenths(wilsonLowerBound(successes: successes, total: total) ?? -1))
    #expect(interval.lowerTenths <= interval.shareTenths && interval.shareTenths <= interval.upperTenths)
}

@Test(arguments: [(0, 0), (4, 3), (-1, 3)])
func noIntervalWithoutConsistentCounts(successes: Int, total: Int) {
    #expect(WilsonInterval(successes: successes, total: total) == nil)
}
