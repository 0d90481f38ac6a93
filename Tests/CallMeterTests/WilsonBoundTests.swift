import Testing
@testable import CallMeter

@Test(arguments: [
    // (successes, total, lower bound): reference values computed independently (Python, math.sqrt) at z = 1.96.
    (2, 3, 0.207655), (0, 3, 0.0), (3, 3, 0.438494), (5, 5, 0.565509), (50, 100, 0.403830),
    (90, 100, 0.825633), (1, 1, 0.206543), (8, 10, 0.490157),
])
func wilsonLowerBounds(successes: Int, total: Int, expected: Double) throws {
    let bound = try #require(wilsonLowerBound(successes: successes, total: total))
    #expect(abs(bound - expected) < 5e-7)
}

@Test func wilsonNeedsRatings() {
    #expect(wilsonLowerBound(successes: 0, total: 0) == nil)
    #expect(wilsonLowerBound(successes: 4, total: 3) == nil)
}

@Test func fewerRatingsGiveALowerBoundForTheSameShare() throws {
    let few = try #require(wilsonLowerBound(successes: 4, total: 5))
    let many = try #require(wilsonLowerBound(successes: 400, total: 500))
    #expect(few < many)
    #expect(many < 0.8)
}
