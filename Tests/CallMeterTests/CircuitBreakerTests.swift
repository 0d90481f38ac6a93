import Testing
@testable import CallMeter

private let breaker = CircuitBreaker(maxCapacityDropPercent: 30, maxAgentsChangedPercent: 50)
private let current = ["a": 100, "b": 100, "c": 100, "d": 100]

@Test(arguments: [
    // (new weights, trips on capacity, trips on changed agents)
    // Sum 400 → 280: exactly 30 % down, allowed; 3 of 4 changed (75 %).
    (["a": 70, "b": 70, "c": 70, "d": 70], false, true),
    // 400 → 279: just over 30 %.
    (["a": 70, "b": 70, "c": 70, "d": 69], true, true),
    // Two of four changed (50 %): allowed; sum 400 → 360.
    (["a": 80, "b": 80, "c": 100, "d": 100], false, false),
    // Nothing changed.
    (current, false, false),
    // Everybody gone: 100 % less capacity, 4 of 4 changed.
    ([:], true, true),
    // One agent more, one gone: 2 of 5 changed (40 %), sum unchanged.
    (["a": 100, "b": 100, "c": 100, "e": 100], false, false),
    // More capacity is never a drop; 3 of 4 changed.
    (["a": 100, "b": 200, "c": 200, "d": 200], false, true),
])
func circuitBreaker(_ new: [String: Int], _ capacityTrips: Bool, _ changeTrips: Bool) {
    let trip = breaker.check(current: current, new: new, currentVersion: 7, path: "/feeds/x")
    #expect((trip != nil) == (capacityTrips || changeTrips))
    #expect((trip?.capacityDropPercent != nil) == capacityTrips)
    #expect((trip?.changedPercent != nil) == changeTrips)
}

@Test func tripSaysWhatAndHowToOverride() throws {
    let trip = try #require(breaker.check(current: current, new: ["a": 100], currentVersion: 7, path: "/feeds/x"))
    #expect(trip.description == """
        circuit breaker: not published; the current feed (version 7, /feeds/x) is untouched
          the sum of weights would drop by 75% (from 400 to 100); the limit is 30%
          3 of 4 agents (75%) would get another weight, appear or disappear; the limit is 50%
        Check the scores and the agent directory ('callmeter weights --dry-run'); publish anyway with --force.
        """)
}

@Test func anEmptyCurrentFeedGuardsNothing() {
    #expect(breaker.check(current: [:], new: ["a": 20], currentVersion: 1, path: "/x") == nil)
}
