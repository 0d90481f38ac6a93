import Testing
@testable import CallMeter

private let breaker = CircuitBreaker(maxTrafficMovedPercent: 25, maxAgentsRemovedPercent: 20)

/// Agents of one set from `id: weight` pairs.
private func set(_ number: Int?, _ weights: KeyValuePairs<String, Int>) -> [CircuitBreaker.Agent] {
    weights.map { CircuitBreaker.Agent($0.key, set: number, weight: $0.value) }
}

private func moved(_ current: [CircuitBreaker.Agent], _ new: [CircuitBreaker.Agent], set number: Int? = 1) -> TrafficMove? {
    CircuitBreaker.measure(current: current, new: new).sets.first { $0.dispatchSet == number }
}

// Traffic moved = ½ Σ |new share − old share|, computed by hand for each case.
@Test(arguments: [
    // 50/50 → 75/25: ½ (0.25 + 0.25) = 25.0 %, exactly the limit: allowed.
    (set(1, ["a": 50, "b": 50]), set(1, ["a": 75, "b": 25]), 250, false),
    // 50/50 → 76/24: 26.0 %.
    (set(1, ["a": 50, "b": 50]), set(1, ["a": 76, "b": 24]), 260, true),
    // Every weight down by a fifth: the shares, and so the calls, do not move at all (the old
    // breaker refused this: four of four agents "changed").
    (set(1, ["a": 100, "b": 100, "c": 100, "d": 100]), set(1, ["a": 80, "b": 80, "c": 80, "d": 80]), 0, false),
    // Ordinary drift, a point or two on weights around 60: Σ |w'W − wW'| = 240 + 300 + 60 = 600
    // over 2 · 180 · 179 = 64,440: 0.93 %, printed rounded up.
    (set(1, ["a": 60, "b": 60, "c": 60]), set(1, ["a": 61, "b": 58, "c": 60]), 10, false),
    // Union of the agents: b leaves (0.5 → 0), c joins (0 → 0.5), a keeps 0.5: ½ (0 + 0.5 + 0.5).
    (set(1, ["a": 50, "b": 50]), set(1, ["a": 50, "c": 50]), 500, true),
    // 1/3, 2/3 → 2/3, 1/3: a third exactly, printed rounded up.
    (set(1, ["a": 1, "b": 2]), set(1, ["a": 2, "b": 1]), 334, true),
    // Pins send most calls to one agent: 25 % each → 62.5 / 12.5 / 12.5 / 12.5: ½ (0.375 + 3 · 0.125).
    (set(1, ["a": 100, "b": 100, "c": 100, "d": 100]), set(1, ["a": 100, "b": 20, "c": 20, "d": 20]), 375, true),
])
func trafficMovedIsTheTotalVariationDistance(
    current: [CircuitBreaker.Agent], new: [CircuitBreaker.Agent], tenths: Int, trips: Bool
) throws {
    let move = try #require(moved(current, new))
    #expect(move.movedTenthsOfPercent == tenths)
    #expect(move.movedMoreThan(percent: 25) == trips)
    #expect((breaker.check(current: current, new: new, currentVersion: 1, path: "/x")?.sets.isEmpty == false) == trips)
}

@Test func theExactFractionIsKept() throws {
    // 1/3, 2/3 → 2/3, 1/3: Σ |w'W − wW'| = |2·3 − 1·3| + |1·3 − 2·3| = 6 over 2 · 3 · 3 = 18.
    let move = try #require(moved(set(1, ["a": 1, "b": 2]), set(1, ["a": 2, "b": 1])))
    #expect(move.movedFraction.numerator == 6)
    #expect(move.movedFraction.denominator == 18)
    #expect(!move.movedMoreThan(percent: 34))
    #expect(move.movedMoreThan(percent: 33))
}

@Test func eachDispatchSetIsMeasuredOnItsOwn() throws {
    // Set 1: 60/40 → 40/60, 20 %. Set 2: 30/30/40 → 1/30/69, ½ (0.29 + 0 + 0.29) = 29 %.
    let current = set(1, ["a": 60, "b": 40]) + set(2, ["c": 30, "d": 30, "e": 40])
    let new = set(1, ["a": 40, "b": 60]) + set(2, ["c": 1, "d": 30, "e": 69])
    let change = CircuitBreaker.measure(current: current, new: new)
    #expect(change.sets.map(\.dispatchSet) == [1, 2])
    #expect(change.sets.map(\.movedTenthsOfPercent) == [200, 290])
    let trip = try #require(breaker.check(current: current, new: new, currentVersion: 3, path: "/d.list"))
    #expect(trip.sets.map(\.move.dispatchSet) == [2])
    #expect(trip.sets.map(\.reason) == [.trafficMoved])
    #expect(trip.removed == nil)
    // The same weights in one pool (a csv feed): 200 → 200 of weight, ½ (20 + 20 + 29 + 0 + 29) / 200
    // = 24.5 % moves: allowed.
    let pooled = CircuitBreaker.measure(current: current.map { .init($0.agentID, set: nil, weight: $0.weight) },
                                        new: new.map { .init($0.agentID, set: nil, weight: $0.weight) })
    #expect(pooled.sets.map(\.dispatchSet) == [nil])
    #expect(pooled.sets.map(\.movedTenthsOfPercent) == [245])
    #expect(breaker.check(current: current.map { .init($0.agentID, set: nil, weight: $0.weight) },
                          new: new.map { .init($0.agentID, set: nil, weight: $0.weight) }, currentVersion: 3, path: "/w.csv") == nil)
}

@Test func anAgentMovingToAnotherSetLeavesOneAndJoinsTheOther() throws {
    let current = set(1, ["a": 50, "b": 50, "c": 50, "d": 50]) + set(2, ["e": 50, "f": 50, "g": 50])
    let new = set(1, ["a": 50, "b": 50, "c": 50]) + set(2, ["d": 50, "e": 50, "f": 50, "g": 50])
    let change = CircuitBreaker.measure(current: current, new: new)
    // Set 1: 4 × 25 % → 3 × 33.3 %, d 25 % → 0: ½ (3 · 1/12 + 1/4) = 25 %. Set 2: 3 × 1/3 → 4 × 1/4: 25 %.
    #expect(change.sets.map(\.movedTenthsOfPercent) == [250, 250])
    #expect(change.removed.isEmpty)
    #expect(breaker.check(current: current, new: new, currentVersion: 1, path: "/x") == nil)
}

@Test func agentsLostAreCountedAgainstTodaysAgents() throws {
    let five = set(1, ["a": 100, "b": 100, "c": 100, "d": 100, "e": 100])
    // One of five left out: 20 %, the limit; the other four's shares go 20 → 25 %: 20 % moves.
    #expect(breaker.check(current: five, new: Array(five.dropLast()), currentVersion: 1, path: "/x") == nil)
    // Two of five: 40 %.
    let trip = try #require(breaker.check(current: five, new: Array(five.dropLast(2)), currentVersion: 1, path: "/x"))
    #expect(trip.removed == ["d", "e"])
    #expect(trip.agentsToday == 5)
    #expect(trip.sets.map(\.reason) == [.trafficMoved])
}

@Test func anEmptiedSetIsAlwaysRefused() throws {
    // Set 2 loses its only agent: 1 of 10 agents (10 %), and set 1 does not move.
    let others = set(1, ["a1": 50, "a2": 50, "a3": 50, "a4": 50, "a5": 50, "a6": 50, "a7": 50, "a8": 50, "a9": 50])
    let current = others + set(2, ["z": 80])
    let lenient = CircuitBreaker(maxTrafficMovedPercent: 100, maxAgentsRemovedPercent: 100)
    let trip = try #require(lenient.check(current: current, new: others, currentVersion: 4, path: "/d.list"))
    #expect(trip.sets.map(\.reason) == [.emptied])
    #expect(trip.sets.map(\.move.dispatchSet) == [2])
    #expect(trip.sets.first?.move.movedTenthsOfPercent == 1000)
    #expect(trip.removed == nil)
    #expect(trip.figures == [
        "  dispatcher set 2 would have no agent to take its calls (today 1): always refused",
        "    most moved (share of the set's calls, today → new): z 100.0% → 0.0%",
    ])
}

@Test func aSetLeftToOneAgentIsAlwaysRefused() throws {
    let others = set(1, ["a1": 50, "a2": 50, "a3": 50, "a4": 50, "a5": 50, "a6": 50, "a7": 50, "a8": 50, "a9": 50])
    let lenient = CircuitBreaker(maxTrafficMovedPercent: 100, maxAgentsRemovedPercent: 100)
    let trip = try #require(lenient.check(
        current: others + set(2, ["y": 60, "z": 40]), new: others + set(2, ["y": 60]), currentVersion: 4, path: "/d.list"))
    #expect(trip.sets.map(\.reason) == [.starved])
    #expect(trip.figures.first == "  dispatcher set 2 would send all of its calls to one agent, y (today 2 share them; 40.0% of the calls would move): always refused")
    // One agent today and one tomorrow is no starving, and a new set has no traffic to move.
    #expect(lenient.check(current: others + set(2, ["y": 60]), new: others + set(2, ["y": 80]) + set(3, ["w": 20]),
                          currentVersion: 4, path: "/d.list") == nil)
}

@Test func tripNamesTheFigureTheLimitTheSetAndTheFiveAgentsThatMoveMost() throws {
    let current = set(1, ["a": 100, "b": 100, "c": 100, "d": 100, "e": 100, "f": 100, "g": 100, "h": 100])
    // Pins: a and b take most of the calls.
    let new = set(1, ["a": 100, "b": 100, "c": 20, "d": 20, "e": 20, "f": 20, "g": 20, "h": 20])
    let trip = try #require(breaker.check(current: current, new: new, currentVersion: 7, path: "/feeds/x"))
    // 12.5 % each → a, b 100/320 = 31.25 %, the others 6.25 %: ½ (2 · 18.75 + 6 · 6.25) = 37.5 %.
    #expect(CommandLineHints.message(for: trip) == """
        circuit breaker: not published; the current feed (version 7, /feeds/x) is untouched
          dispatcher set 1: 37.5% of the calls would go to another agent than today; the limit is 25%
            most moved (share of the set's calls, today → new): a 12.5% → 31.3%, b 12.5% → 31.3%, c 12.5% → 6.3%, d 12.5% → 6.3%, e 12.5% → 6.3%
        Check the scores, the pins and the agent directory ('callmeter weights --dry-run'); publish anyway with --force.
        """)
}

@Test func tripListsTheAgentsLeftOut() throws {
    let current = set(nil, ["a": 50, "b": 50, "c": 50, "d": 50, "e": 50, "f": 50, "g": 50, "h": 50, "i": 50, "j": 50])
    let trip = try #require(breaker.check(current: current, new: Array(current.prefix(3)), currentVersion: 2, path: "/w.csv"))
    #expect(trip.figures == [
        "  the feed's agents: 70.0% of the calls would go to another agent than today; the limit is 25%",
        "    most moved (share of the set's calls, today → new): a 10.0% → 33.3%, b 10.0% → 33.3%, c 10.0% → 33.3%, d 10.0% → 0.0%, e 10.0% → 0.0%",
        "  7 of today's 10 agents (70.0%) would be left out of the feed; the limit is 20%: d, e, f, g, h and 2 more",
    ])
}

@Test func anEmptyCurrentFeedGuardsNothing() {
    #expect(breaker.check(current: [], new: set(1, ["a": 20]), currentVersion: 1, path: "/x") == nil)
}
