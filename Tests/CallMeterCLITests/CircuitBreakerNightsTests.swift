import CallMeter
import CallMeterCLI
import Foundation
import Testing

// The circuit breaker against ordinary operation: generated data, the shipped rules, the CLI
// night after night. On main before the redesign, seed 7 was refused on 10 of the last 30
// nights (forcing each refused night through) and on 29 of them without forcing: every nightly
// nudge of a point or two counted as an agent "changed".

/// Who ran the CLI in these tests, as the stored feed records it.
private let user = OSUser.current(environment: ["USER": "ignored"])

@Test(.timeLimit(.minutes(10)), arguments: [7, 11])
func sixtyOrdinaryNightsAllPublishWithTheShippedRules(seed: Int) throws {
    let center = try GeneratedCenter(agents: 40, days: 60, callsPerDay: 400, seed: seed)
    var refused: [String] = []
    for night in 0..<60 {
        let result = try center.night(night)
        if result.status != 0 { refused.append("\(GeneratedCenter.day(night)): exit \(result.status): \(result.err)") }
        #expect(!result.err.contains("circuit breaker"))
    }
    #expect(refused.isEmpty, "refused nights:\n\(refused.joined(separator: "\n"))")
    #expect(center.feedText()?.contains("# version 60\n") == true)
    #expect(try Set(center.percents().keys) == center.activeAgents())
}

@Test func aNightWhenHalfTheAgentsAreSetInactiveIsRefusedUntilForced() throws {
    let center = try GeneratedCenter(agents: 40, days: 8, callsPerDay: 400, seed: 7)
    for night in 0..<6 { #expect(try center.night(night).status == 0) }
    let before = center.feedText()

    // A bad directory export: agents 1021–1040 come back inactive.
    let half = Set((1021...1040).map { "agent\($0)" })
    try center.reingestDirectory { editAgents($0, half, active: false) }
    let refused = try center.night(6)
    #expect(refused.status == 75)
    #expect(refused.out.isEmpty)
    let lines = refused.err.split(separator: "\n").map(String.init)
    #expect(lines.first == "Error: circuit breaker: not published; the current feed (version 6, \(center.feedPath)) is untouched")
    // The traffic of the twenty left out goes to the others: about half of the calls move.
    let traffic = try #require(lines.first { $0.hasPrefix("  dispatcher set 1: ") })
    #expect(traffic.hasSuffix("% of the calls would go to another agent than today; the limit is 25%"))
    let moved = try #require(Double(traffic.dropFirst("  dispatcher set 1: ".count).prefix { $0 != "%" }))
    #expect(moved > 40 && moved < 60)
    let named = try #require(lines.first { $0.hasPrefix("    most moved (share of the set's calls, today → new): ") })
    // Five agents, each `old → new`, after the header's `today → new`.
    #expect(named.components(separatedBy: " → ").count == 7)
    #expect(lines.contains("  20 of today's 40 agents (50.0%) would be left out of the feed; the limit is 20%: "
                           + "agent1021, agent1022, agent1023, agent1024, agent1025 and 15 more"))
    #expect(lines.last == "Check the scores, the pins and the agent directory ('callmeter weights --dry-run'); publish anyway with --force.")
    #expect(center.feedText() == before)

    // --force publishes, says what it overrode, and the stored feed keeps the trail.
    let forced = center.run(["weights", "publish", "--as-of", GeneratedCenter.day(6), "--force"])
    #expect(forced.status == 0)
    #expect(forced.out.hasPrefix("Published version 7 (kamailio, scoring run of 2026-10-07)"))
    let warning = forced.err.split(separator: "\n").map(String.init)
    #expect(warning.first(where: { $0.hasPrefix("Warning: version 7") }) ==
            "Warning: version 7 published with --force by \(user) at 2026-10-08T05:00:00Z (recorded as forced) "
            + "although the circuit breaker would have refused:")
    #expect(warning.contains(traffic))
    #expect(warning.contains { $0.hasPrefix("  20 of today's 40 agents (50.0%) would be left out") })
    #expect(try center.percents().count == 20)
    let history = center.run(["weights", "history", "agent1001"])
    let published = history.out.split(separator: "\n").filter { $0.hasPrefix("  v7 ") }
    #expect(published.count == 1)
    #expect(published.first?.hasSuffix("forced") == true)
}

@Test func pinsThatSendMostCallsToAFewAgentsAreRefused() throws {
    let center = try GeneratedCenter(agents: 40, days: 8, callsPerDay: 400, seed: 11)
    for night in 0..<6 { #expect(try center.night(night).status == 0) }
    let before = center.feedText()
    // The four agents with the smallest share today get the ceiling, everybody else the floor:
    // the four go from at most 10 % of the calls to 400 / 1120 = 35.7 %.
    let today = try center.percents()
    let few = today.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }.prefix(4).map(\.key)
    for agent in today.keys.sorted() {
        let weight = few.contains(agent) ? "100" : "20"
        #expect(center.run(["weights", "pin", agent, weight, "--reason", "campaign"]).status == 0)
    }
    let refused = try center.night(6)
    #expect(refused.status == 75)
    let lines = refused.err.split(separator: "\n").map(String.init)
    let traffic = try #require(lines.first { $0.hasPrefix("  dispatcher set 1: ") })
    #expect(traffic.hasSuffix("the limit is 25%"))
    // The four gain most: they lead the agents named.
    let named = try #require(lines.first { $0.hasPrefix("    most moved") })
    for agent in few { #expect(named.contains("\(agent) ")) }
    #expect(!lines.contains { $0.contains("left out") })
    #expect(center.feedText() == before)
}

@Test func aFeedThatEmptiesADispatcherSetIsRefused() throws {
    // Agents 1037–1040 take the calls of dispatcher set 2.
    let second = Set((1037...1040).map { "agent\($0)" })
    let center = try GeneratedCenter(agents: 40, days: 8, callsPerDay: 400, seed: 7) { editAgents($0, second, set: 2) }
    for night in 0..<6 { #expect(try center.night(night).status == 0) }
    let before = center.feedText()
    #expect(before?.contains("\n2 sip:agent1040@") == true)

    // All four leave: 4 of 40 agents (10 %, allowed) and set 1 does not change, but set 2 would
    // take no call at all.
    try center.reingestDirectory { editAgents($0, second, active: false) }
    let refused = try center.night(6)
    #expect(refused.status == 75)
    let lines = refused.err.split(separator: "\n").map(String.init)
    #expect(lines.contains("  dispatcher set 2 would have no agent to take its calls (today 4): always refused"))
    #expect(!lines.contains { $0.hasPrefix("  dispatcher set 1") || $0.contains("left out") })
    #expect(center.feedText() == before)

    // One of them back: set 2 would be left to one agent, also refused.
    try center.reingestDirectory { editAgents($0, Set(["agent1040"]), active: true) }
    let starved = center.run(["weights", "publish", "--as-of", GeneratedCenter.day(6)])
    #expect(starved.status == 75)
    #expect(starved.err.contains("  dispatcher set 2 would send all of its calls to one agent, agent1040 (today 4 share them; "))
}
