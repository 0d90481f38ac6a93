import Testing
@testable import CallMeter

// The reference case of issue 17 (pyworkforce's and R ErlangC's tests): 100 calls per 30 minutes,
// 180 s handle time (A = 10 Erlangs), 80 % answered within 20 s.
private let target8020 = ServiceTarget(answerWithinSeconds: 20, percent: 80)

private func reference(agents: Int, model: QueueModel = .erlangC) -> QueuePerformance {
    Queueing.performance(
        calls: 100, intervalSeconds: 1_800, averageHandleSeconds: 180, agents: agents,
        target: target8020, model: model)
}

private func required(maxOccupancy: Double, model: QueueModel = .erlangC) -> QueuePerformance {
    Queueing.requiredAgents(
        calls: 100, intervalSeconds: 1_800, averageHandleSeconds: 180, target: target8020,
        maxOccupancy: maxOccupancy, model: model)
}

@Test func erlangCReferenceRequirement() {
    let result = required(maxOccupancy: 0.85)
    #expect(result.agents == 14)
    #expect(abs(result.offeredLoad - 10) < 1e-12)
    #expect(abs(result.serviceLevel - 0.88835) < 1e-5)
    #expect(abs(result.probabilityOfWaiting - 0.17413) < 1e-5)
    #expect(abs(result.averageSpeedOfAnswerSeconds - 7.836) < 1e-3)
    #expect(abs(result.occupancy - 0.7143) < 1e-4)
    #expect(result.abandonedShare == nil)
}

@Test func erlangCMaxOccupancyRaisesTheRequirement() {
    let result = required(maxOccupancy: 0.70)
    #expect(result.agents == 15)
    #expect(result.occupancy <= 0.70)
}

@Test func erlangAReference() {
    let result = reference(agents: 14, model: .erlangA(patienceSeconds: 300))
    #expect(abs(result.probabilityOfWaiting - 0.1453) < 1e-4)
    #expect(abs((result.abandonedShare ?? -1) - 0.01398) < 1e-5)
    #expect(abs(result.serviceLevel - 0.9168) < 1e-3)
    #expect(result.averageSpeedOfAnswerSeconds > 0)
    #expect(result.averageSpeedOfAnswerSeconds < reference(agents: 14).averageSpeedOfAnswerSeconds)
}

@Test(arguments: [15, 20, 25])
func erlangAWithHugePatienceIsErlangC(agents: Int) {
    let a = reference(agents: agents, model: .erlangA(patienceSeconds: 1e6))
    let c = reference(agents: agents)
    #expect(abs(a.serviceLevel - c.serviceLevel) < 1e-4)
    #expect(abs(a.probabilityOfWaiting - c.probabilityOfWaiting) < 1e-4)
    #expect(abs(a.averageSpeedOfAnswerSeconds - c.averageSpeedOfAnswerSeconds) < 1e-2)
    #expect(abs(a.occupancy - c.occupancy) < 1e-4)
    #expect((a.abandonedShare ?? 1) < 1e-4)
}

@Test func erlangBByTheRecursion() {
    // B(1, A) = A / (1 + A); B(2, 1) = 1/5; B(10, 10) = 0.21458 (tables).
    #expect(abs(Queueing.erlangB(agents: 1, load: 3) - 0.75) < 1e-15)
    #expect(abs(Queueing.erlangB(agents: 2, load: 1) - 0.2) < 1e-15)
    #expect(abs(Queueing.erlangB(agents: 10, load: 10) - 0.21458) < 1e-5)
    #expect(Queueing.erlangB(agents: 0, load: 3) == 1)
}

@Test(arguments: [QueueModel.erlangC, .erlangA(patienceSeconds: 120), .erlangA(patienceSeconds: 1e6)])
func largeCenterStaysFiniteAndSane(model: QueueModel) {
    // 1,800 Erlangs: 36,000 calls per 30 min at 90 s.
    let result = Queueing.performance(
        calls: 36_000, intervalSeconds: 1_800, averageHandleSeconds: 90, agents: 2_000,
        target: target8020, model: model)
    #expect(abs(result.offeredLoad - 1_800) < 1e-9)
    #expect(result.serviceLevel.isFinite && result.serviceLevel > 0.99 && result.serviceLevel <= 1)
    #expect(result.probabilityOfWaiting >= 0 && result.probabilityOfWaiting < 0.01)
    #expect(result.averageSpeedOfAnswerSeconds.isFinite && result.averageSpeedOfAnswerSeconds >= 0)
    #expect(abs(result.occupancy - 0.9) < 1e-3)
    let needed = Queueing.requiredAgents(
        calls: 36_000, intervalSeconds: 1_800, averageHandleSeconds: 90, target: target8020,
        maxOccupancy: 1, model: model)
    // Impatient callers relieve the queue: with 120 s of patience fewer agents than A reach 80/20
    // (1,571, with 12.7 % hanging up); Erlang C needs more than A.
    #expect(needed.agents > 1_500 && needed.agents < 1_900)
    #expect(needed.serviceLevel >= 0.8)
    if model == .erlangC { #expect(needed.agents > 1_800) }
}

@Test func erlangCWithTooFewAgentsNeverEmptiesTheQueue() {
    for agents in [0, 5, 10] {
        let result = reference(agents: agents)
        #expect(result.probabilityOfWaiting == 1)
        #expect(result.serviceLevel == 0)
        #expect(result.averageSpeedOfAnswerSeconds == .infinity)
    }
}

@Test func erlangAIsStableBelowTheLoad() {
    let result = reference(agents: 8, model: .erlangA(patienceSeconds: 300))
    #expect(result.serviceLevel > 0 && result.serviceLevel < 0.8)
    #expect((result.abandonedShare ?? 0) > 0.2)
    #expect(result.occupancy < 1 && result.occupancy > 0.9)
    #expect(result.averageSpeedOfAnswerSeconds.isFinite)
}

@Test(arguments: [QueueModel.erlangC, .erlangA(patienceSeconds: 60)])
func noCallsNeedNoAgents(model: QueueModel) {
    let result = Queueing.requiredAgents(
        calls: 0, intervalSeconds: 1_800, averageHandleSeconds: 180, target: target8020,
        maxOccupancy: 0.85, model: model)
    #expect(result.agents == 0)
    #expect(result.serviceLevel == 1)
    #expect(result.occupancy == 0)
}

// Properties over loads (calls per 30 minutes at 240 s).
private let loads: [Double] = [3, 40, 150, 700, 4_000]

@Test(arguments: loads)
func serviceLevelGrowsWithAgents(calls: Double) {
    for model in [QueueModel.erlangC, .erlangA(patienceSeconds: 90)] {
        let base = Queueing.requiredAgents(
            calls: calls, intervalSeconds: 1_800, averageHandleSeconds: 240, target: target8020,
            maxOccupancy: 1, model: model).agents
        var previous = -1.0
        for agents in max(1, base - 5)...(base + 10) {
            let level = Queueing.performance(
                calls: calls, intervalSeconds: 1_800, averageHandleSeconds: 240, agents: agents,
                target: target8020, model: model).serviceLevel
            #expect(level >= previous)
            previous = level
        }
    }
}

@Test(arguments: loads)
func erlangAApproachesErlangCAsPatienceGrows(calls: Double) {
    let agents = Queueing.requiredAgents(
        calls: calls, intervalSeconds: 1_800, averageHandleSeconds: 240, target: target8020,
        maxOccupancy: 1, model: .erlangC).agents
    let erlangC = Queueing.performance(
        calls: calls, intervalSeconds: 1_800, averageHandleSeconds: 240, agents: agents,
        target: target8020, model: .erlangC)
    var previousGap = Double.infinity
    for patience in [30.0, 300, 3_000, 30_000, 3e6] {
        let erlangA = Queueing.performance(
            calls: calls, intervalSeconds: 1_800, averageHandleSeconds: 240, agents: agents,
            target: target8020, model: .erlangA(patienceSeconds: patience))
        let gap = abs(erlangA.probabilityOfWaiting - erlangC.probabilityOfWaiting)
        #expect(gap <= previousGap + 1e-12)
        previousGap = gap
    }
    #expect(previousGap < 1e-3)
}

@Test(arguments: loads)
func occupancyIsLoadOverAgents(calls: Double) {
    let load = calls / 1_800 * 240
    for agents in [Int(load) + 1, Int(load) + 7, Int(load * 2) + 3] {
        let result = Queueing.performance(
            calls: calls, intervalSeconds: 1_800, averageHandleSeconds: 240, agents: agents,
            target: target8020, model: .erlangC)
        #expect(abs(result.occupancy - load / Double(agents)) < 1e-12)
        let patient = Queueing.performance(
            calls: calls, intervalSeconds: 1_800, averageHandleSeconds: 240, agents: agents,
            target: target8020, model: .erlangA(patienceSeconds: 200))
        let carried = load * (1 - (patient.abandonedShare ?? 0))
        #expect(abs(patient.occupancy - carried / Double(agents)) < 1e-12)
    }
}

@Test(arguments: loads)
func requiredAgentsIsTheSmallestThatMeetsTheTarget(calls: Double) {
    for (model, cap) in [(QueueModel.erlangC, 0.85), (.erlangC, 1), (.erlangA(patienceSeconds: 150), 0.9)] {
        let target = ServiceTarget(answerWithinSeconds: 30, percent: 90)
        let needed = Queueing.requiredAgents(
            calls: calls, intervalSeconds: 1_800, averageHandleSeconds: 240, target: target,
            maxOccupancy: cap, model: model)
        #expect(needed.serviceLevel >= 0.9 && needed.occupancy <= cap)
        let fewer = Queueing.performance(
            calls: calls, intervalSeconds: 1_800, averageHandleSeconds: 240, agents: needed.agents - 1,
            target: target, model: model)
        #expect(fewer.serviceLevel < 0.9 || fewer.occupancy > cap)
    }
}
