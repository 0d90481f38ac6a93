import Foundation
import Testing
@testable import CallMeter

private let utc = TimeZone(identifier: "UTC") ?? .gmt
private let week = ISOWeek("2026-W50") ?? ISOWeek(containing: CalendarDate(daysSinceEpoch: 0))
private let slots = LocalSlot.week(week, intervalMinutes: 30, in: utc)

/// A forecast by hand: `calls(hotline, slot)` arrivals with a 180 s handle time everywhere.
private func forecast(_ hotlines: [String], patience: [String: Double] = [:], calls: (String, LocalSlot) -> Double) -> CallForecast {
    CallForecast(
        week: week, historyWeeks: [week.adding(weeks: -1)], timeZone: utc, historyStart: 0, historyEnd: 0, hotlines: hotlines,
        slots: slots,
        perSlot: hotlines.map { h in slots.map { CallForecast.SlotForecast(calls: calls(h, $0), averageHandleSeconds: 180, historyConnected: 100) } },
        hotlineHandleSeconds: [:], patienceSeconds: patience, historyCalls: [:], historyDays: [:])
}

/// The instant of `time` (`08:00`) on the Monday of the week, plus `days`.
private func at(_ time: String, day: Int = 0) -> Int64 {
    let parts = time.split(separator: ":").compactMap { Int($0) }
    return week.monday.adding(days: day).start(in: utc) + Int64(parts[0] * 3600 + parts[1] * 60)
}

private func commit(_ agent: String, _ from: String, _ to: String, day: Int = 0, hotlines: [String] = []) -> CommittedInterval {
    CommittedInterval(agentID: agent, start: at(from, day: day), end: at(to, day: day), hotlines: hotlines)
}

private func row(_ report: CoverageReport, _ hotline: String, _ label: String) throws -> CoverageSlot {
    try #require(report.slots.first { $0.hotline == hotline && $0.slot.label == label })
}

private func plan(_ forecast: CallForecast, _ intervals: [CommittedInterval], skills: [String: [String]] = [:],
                  rules: StaffingRules = CoverageTestRules.rules(), removing: String? = nil) -> CoverageReport {
    CoveragePlanner.plan(forecast: forecast, intervals: intervals, skills: skills, rules: rules, removedAgent: removing)
}

/// 100 calls per half hour, AHT 180 s, 80 % in 20 s, occupancy ≤ 0.85: 14 agents (the values).
@Test func requirementAndExpectedServiceOfAFullSlot() throws {
    let f = forecast(["H1"]) { _, slot in slot.label == "2026-12-07 08:00" ? 100 : 0 }
    let agents = (1...14).map { commit("a\($0)", "08:00", "08:30") }
    let report = plan(f, agents)
    let r = try row(report, "H1", "2026-12-07 08:00")
    #expect(r.required == 14)
    #expect(r.committed == 14)
    #expect(r.gap == 0)
    #expect(abs(r.expected.serviceLevel - 0.88835) < 1e-5)
    #expect(abs(r.expected.averageSpeedOfAnswerSeconds - 7.836) < 1e-3)
    #expect(!r.isShort && !r.isUncovered)
    let hotline = try #require(report.hotlines.first)
    #expect(abs(hotline.serviceLevel - r.expected.serviceLevel) < 1e-12)
    #expect(hotline.calls == 100)
}

@Test func committedAgentsAreTimeWeightedAndShrunk() throws {
    let f = forecast(["H1"]) { _, _ in 10 }
    let intervals = [commit("a1", "08:00", "08:15"), commit("a2", "08:00", "09:00"), commit("a3", "08:10", "08:20")]
    let r = try row(plan(f, intervals), "H1", "2026-12-07 08:00")
    #expect(abs(r.committed - (0.5 + 1 + 1.0 / 3)) < 1e-12)
    #expect(r.agentsCommitted == 3)
    // Expected service with the committed agents floored: 1.83 agents answer as 1.
    #expect(r.expected.agents == 1)
    let shrunk = try row(plan(f, intervals, rules: CoverageTestRules.rules(shrinkage: 0.25)), "H1", "2026-12-07 08:00")
    #expect(abs(shrunk.committed - 0.75 * (0.5 + 1 + 1.0 / 3)) < 1e-12)
    #expect(try row(plan(f, intervals), "H1", "2026-12-07 09:00").committed == 0)
}

/// A (skills H1, H2) and B (H1 only): B fills H1 first, A goes where the need is left.
@Test func multiSkilledAgentsAreSplitByWhatIsStillNeeded() throws {
    let f = forecast(["H1", "H2", "H3"]) { h, _ in h == "H1" ? 10 : h == "H2" ? 10 : 0 }
    let intervals = [commit("A", "08:00", "08:30"), commit("B", "08:00", "08:30"), commit("C", "08:00", "08:30", hotlines: ["H1", "H2"])]
    let report = plan(f, intervals, skills: ["A": ["H1", "H2"], "B": ["H1"]])
    let h1 = try row(report, "H1", "2026-12-07 08:00"), h2 = try row(report, "H2", "2026-12-07 08:00")
    let h3 = try row(report, "H3", "2026-12-07 08:00")
    #expect(h1.required == h2.required)
    let required = Double(h1.required)
    // H1 still needs required − 1 after B, H2 all of it: A and C are split (r − 1) : r.
    let toH1 = (required - 1) / (2 * required - 1)
    #expect(abs(h1.committed - (1 + 2 * toH1)) < 1e-12)
    #expect(abs(h2.committed - 2 * (1 - toH1)) < 1e-12)
    // Never counted twice: three agents in all; H3 (no skill of theirs) gets nobody.
    #expect(abs(h1.committed + h2.committed + h3.committed - 3) < 1e-12)
    #expect(h1.agentsCommitted == 3 && h2.agentsCommitted == 2 && h3.agentsCommitted == 0)
}

/// (still needed, required) per hotline → the agent's shares.
private let splits: [([Double], [Double], [Double])] = [
    ([5, 3], [5, 4], [5.0 / 8, 3.0 / 8]),
    ([-1, 0], [2, 6], [0.25, 0.75]),
    ([0, 0, 0], [0, 0, 0], [1.0 / 3, 1.0 / 3, 1.0 / 3]),
]

@Test func splitWeights() {
    for (remaining, required, expected) in splits {
        let weights = CoveragePlanner.splitWeights(zip(remaining, required).map { (remaining: $0, required: $1) })
        #expect(zip(weights, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs(weights.reduce(0, +) - 1) < 1e-12)
    }
}

/// Calls on H2 at night with only H1 agents committed: uncovered, listed as one stretch.
@Test func uncoveredSlotsAreFoundAndMerged() throws {
    let f = forecast(["H1", "H2"]) { _, _ in 2 }
    var intervals: [CommittedInterval] = []
    for day in 0..<7 {
        intervals.append(commit("h1-\(day)", "00:00", "23:59", day: day, hotlines: ["H1"]))
        intervals.append(commit("h2-\(day)", "06:00", "22:00", day: day, hotlines: ["H2"]))
    }
    let report = plan(f, intervals)
    let stretches = report.uncoveredStretches
    #expect(stretches.filter { $0.hotline == "H1" }.isEmpty)
    // Monday 00:00–06:00, then every night 22:00–06:00, Sunday 22:00–24:00.
    let h2 = stretches.filter { $0.hotline == "H2" }
    #expect(h2.count == 8)
    #expect(h2.first?.from == "2026-12-07 00:00" && h2.first?.to == "2026-12-07 06:00")
    #expect(h2[1].from == "2026-12-07 22:00" && h2[1].to == "2026-12-08 06:00")
    #expect(h2.last?.to == "2026-12-14 00:00")
    let summary = try #require(report.hotlines.first { $0.hotline == "H2" })
    #expect(summary.uncoveredHours == 6 + 6 * 8 + 2)
    // H1's last half hour of each day is covered for 29 of 30 minutes: covered, but short.
    let h1Late = try row(report, "H1", "2026-12-07 23:30")
    #expect(!h1Late.isUncovered && h1Late.agentsCommitted == 1)
    #expect(report.worstSlots.count == 10)
    #expect(report.worstSlots.allSatisfy { $0.shortfall > 0 })
}

@Test func removingAnAgentLowersTheWeek() throws {
    let f = forecast(["H1"]) { _, slot in slot.label == "2026-12-07 08:00" ? 100 : 0 }
    let agents = (1...14).map { commit("a\($0)", "08:00", "08:30") }
    let before = plan(f, agents), after = plan(f, agents, removing: "a3")
    #expect(after.removedAgent == "a3")
    let b = try row(before, "H1", "2026-12-07 08:00"), a = try row(after, "H1", "2026-12-07 08:00")
    #expect(a.committed == 13 && a.isShort)
    #expect(after.hotlines[0].serviceLevel < before.hotlines[0].serviceLevel)
    #expect(b.expected.serviceLevel > a.expected.serviceLevel)
}

@Test func erlangAUsesTheEstimatedPatienceWhereThereIsOne() throws {
    let f = forecast(["H1", "H2"], patience: ["H1": 300]) { _, slot in slot.label == "2026-12-07 08:00" ? 100 : 0 }
    let report = plan(f, (1...14).map { commit("a\($0)", "08:00", "08:30", hotlines: ["H1"]) }, rules: CoverageTestRules.rules(model: .erlangA))
    #expect(report.hotlines[0].model == .erlangA(patienceSeconds: 300))
    #expect(report.hotlines[1].model == .erlangC)
    let r = try row(report, "H1", "2026-12-07 08:00")
    #expect(abs(r.expected.serviceLevel - 0.9168) < 1e-3)
    #expect(plan(f, []).hotlines[0].model == .erlangC)
}
