import Foundation
import Testing
@testable import CallMeter

// Scores in tenths. With the default rules (floor 20 at 40.0, ceiling 100 at 80.0):
// 85.0 → 100, 50.0 → 20 + 80 · 10/40 = 40, 30.0 → 20.
private let run1 = snapshot(1, "2026-10-31", [("a01", 850), ("a02", 500), ("a03", nil)])
private let run2 = snapshot(2, "2026-11-01", [("a01", 850), ("a02", 500), ("a03", nil)])
private let run3 = snapshot(3, "2026-11-02", [("a01", 850), ("a02", 500), ("a03", nil)])

private func weightsByAgent(_ entries: [FeedEntry]) -> [String: Int] {
    Dictionary(uniqueKeysWithValues: entries.map { ($0.agentID, $0.weight) })
}

@Test func weightsStartAtTheCeilingAndStepFromThePreviousPublishedRun() throws {
    let fixture = try RoutingFixture(count: 3)
    let weights = fixture.weights([run1, run2, run3])
    let path = fixture.path("dispatcher.list")

    let first = try weights.report(asOf: .day("2026-10-31"), dryRun: false)
    #expect(first.lines.map(\.agent.previous) == [nil, nil, nil])
    #expect(first.lines.map(\.agent.target) == [100, 40, 100])
    #expect(first.lines.map(\.weight) == [100, 80, 100])
    #expect(first.lines[1].reasons == ["step-limited", "never published"])
    #expect(first.lines[2].reasons == ["insufficient", "never published"])
    try weights.publish(asOf: .day("2026-10-31"), format: .kamailio, path: path, force: false)

    let second = try weights.publish(asOf: .day("2026-11-01"), format: .kamailio, path: path, force: false)
    #expect(weightsByAgent(second.entries) == ["a01": 100, "a02": 60, "a03": 100])
    let third = try weights.publish(asOf: nil, format: .kamailio, path: path, force: false)
    #expect(third.asOf == "2026-11-02")
    #expect(weightsByAgent(third.entries) == ["a01": 100, "a02": 40, "a03": 100])
    #expect(try weights.report(asOf: .day("2026-11-02"), dryRun: true).lines[1].agent.previous == 60)
}

@Test func aRunIsWeighedOnceAndEveryFormatPublishesTheSameWeights() throws {
    let fixture = try RoutingFixture(count: 3)
    let weights = fixture.weights([run1, run2])
    let dry = try weights.report(asOf: .day("2026-10-31"), dryRun: true)
    #expect(dry.run.id == nil)
    let kamailio = try weights.publish(asOf: .day("2026-10-31"), format: .kamailio, path: fixture.path("d.list"), force: false)
    try weights.publish(asOf: .day("2026-11-01"), format: .kamailio, path: fixture.path("d.list"), force: false)

    // Other rules now: the run of 2026-10-31 keeps the weights it was computed with.
    fixture.now += 86_400
    let changed = fixture.weights([run1, run2], rules: RoutingRules(floor: 30, maxStep: 5))
    let csv = try changed.publish(asOf: .day("2026-10-31"), format: .csv, path: fixture.path("w.csv"), force: false)
    let json = try changed.publish(asOf: .day("2026-10-31"), format: .json, path: fixture.path("w.json"), force: false)
    #expect(weightsByAgent(csv.entries) == weightsByAgent(kamailio.entries))
    #expect(weightsByAgent(json.entries) == weightsByAgent(kamailio.entries))
    #expect(csv.feed.weightRunID == kamailio.feed.weightRunID)
    let report = try changed.report(asOf: .day("2026-10-31"), dryRun: false)
    #expect(report.wasStored)
    #expect(report.rulesDiffer)
    #expect(report.lines.map(\.weight) == dry.lines.map(\.weight))
    #expect(try fixture.store.connection.scalarInt("SELECT count(*) FROM weight_runs") == 2)
}

@Test func aReplacedScoringRunIsWeighedAgain() throws {
    let fixture = try RoutingFixture(count: 3)
    let before = try fixture.weights([run1]).report(asOf: nil, dryRun: false)
    let rescored = snapshot(1, "2026-10-31", [("a01", 850), ("a02", 300), ("a03", nil)])
    let after = try fixture.weights([rescored]).report(asOf: nil, dryRun: false)
    #expect(before.run.id != after.run.id)
    #expect(after.lines[1].agent.target == 20)
}

@Test func agentsOfTheDirectoryWithoutAScoreGetTheInsufficientWeight() throws {
    let fixture = try RoutingFixture(count: 4)
    let report = try fixture.weights([run1], rules: RoutingRules(insufficientWeight: 70)).report(asOf: nil, dryRun: true)
    #expect(report.lines.map(\.agent.agentID) == ["a01", "a02", "a03", "a04"])
    #expect(report.lines[3].agent.scored == false)
    #expect(report.lines[3].agent.target == 70)
    #expect(report.lines[3].reasons.contains("insufficient (not scored)"))
}

@Test func missingScoringRunSaysSo() throws {
    let fixture = try RoutingFixture(count: 1)
    #expect(throws: RoutingError.noScoringRun(asOf: nil)) { try fixture.weights([]).report(asOf: nil, dryRun: true) }
    #expect(throws: RoutingError.noScoringRun(asOf: "2026-01-01")) {
        try fixture.weights([run1]).publish(asOf: .day("2026-01-01"), format: .csv, path: fixture.path("x.csv"), force: false)
    }
}

@Test func pinsApplyThroughTheirLastLocalDateAndRecordWho() throws {
    let fixture = try RoutingFixture(count: 3)
    let weights = fixture.weights([run1])
    let path = fixture.path("w.json")
    let pin = try weights.pin(agentID: "a02", weight: 55, reason: "  coaching week  ", until: .day("2026-11-05"))
    #expect(pin.pinnedBy == "qa-lead")
    #expect(pin.reason == "coaching week")
    #expect(pin.pinnedAt == fixture.now)

    var result = try weights.publish(asOf: nil, format: .json, path: path, force: false)
    #expect(weightsByAgent(result.entries)["a02"] == 55)
    #expect(result.entries[1].pinned)
    #expect(try weights.report(asOf: nil, dryRun: true).lines[1].reasons.first == "pinned")

    // 2026-11-05T22:30Z is 23:30 in Zurich: still the 5th.
    fixture.now = 1_793_917_800
    result = try weights.publish(asOf: nil, format: .json, path: path, force: false)
    #expect(weightsByAgent(result.entries)["a02"] == 55)
    // One hour later it is the 6th in Zurich: the pin has expired.
    fixture.now += 3600
    result = try weights.publish(asOf: nil, format: .json, path: path, force: false)
    #expect(weightsByAgent(result.entries)["a02"] == 80)
    #expect(!result.entries[1].pinned)
    #expect(throws: RoutingError.notPinned("a02")) { try weights.unpin(agentID: "a02") }
}

@Test func unpinAndReplacingAPin() throws {
    let fixture = try RoutingFixture(count: 2)
    let weights = fixture.weights([run1])
    try weights.pin(agentID: "a01", weight: 30, reason: "first", until: nil)
    try weights.pin(agentID: "a01", weight: 40, reason: "second", until: nil)
    #expect(try weights.report(asOf: nil, dryRun: true).lines[0].weight == 40)
    fixture.user = "supervisor"
    let removed = try fixture.weights([run1]).unpin(agentID: "a01")
    #expect(removed.weight == 40)
    #expect(try weights.report(asOf: nil, dryRun: true).lines[0].weight == 100)
    let history = try weights.history(agentID: "a01")
    #expect(history.pins.map(\.reason) == ["first", "second"])
    #expect(history.pins.map(\.removedBy) == ["qa-lead", "supervisor"])
}

@Test func badPinsAreRefused() throws {
    let fixture = try RoutingFixture(count: 1)
    let weights = fixture.weights([run1])
    #expect(throws: RoutingError.pinOutOfRange(weight: 19, floor: 20, ceiling: 100)) {
        try weights.pin(agentID: "a01", weight: 19, reason: "x", until: nil)
    }
    #expect(throws: RoutingError.pinOutOfRange(weight: 101, floor: 20, ceiling: 100)) {
        try weights.pin(agentID: "a01", weight: 101, reason: "x", until: nil)
    }
    #expect(throws: RoutingError.unknownAgent("zz")) { try weights.pin(agentID: "zz", weight: 50, reason: "x", until: nil) }
    #expect(throws: RoutingError.pinUntilPassed(until: "2026-11-01", today: "2026-11-02")) {
        try weights.pin(agentID: "a01", weight: 50, reason: "x", until: .day("2026-11-01"))
    }
    #expect(CalendarDate("2026-02-30") == nil)  // how `--until` is read: a day that does not exist is no date
    #expect(throws: RoutingError.self) { try weights.pin(agentID: "a01", weight: 50, reason: " ", until: nil) }
    #expect(throws: RoutingError.self) { try weights.pin(agentID: "a01", weight: 50, reason: "two\nlines", until: nil) }
    #expect(try fixture.store.connection.scalarInt("SELECT count(*) FROM weight_pins") == 0)
}

@Test func inactiveAgentsAndAgentsWithoutSIPURIAreLeftOut() throws {
    let fixture = try RoutingFixture(agents: [
        .init(id: "a01", sipURI: "sip:a01@127.0.0.1:5101"), .init(id: "a02", sipURI: nil),
        .init(id: "a03", sipURI: "sip:a03@127.0.0.1:5103", active: false),
    ])
    let weights = fixture.weights([run1])
    let kamailio = try weights.publish(asOf: nil, format: .kamailio, path: fixture.path("d.list"), force: false)
    #expect(kamailio.entries.map(\.agentID) == ["a01"])
    #expect(kamailio.inactive == ["a03"])
    #expect(kamailio.leftOut.map(\.agentID) == ["a02"])
    let csv = try weights.publish(asOf: nil, format: .csv, path: fixture.path("w.csv"), force: false)
    #expect(csv.entries.map(\.agentID) == ["a01", "a02"])
    #expect(csv.leftOut.isEmpty)
}

@Test func aFeedWithoutAgentsIsRefusedUnlessForced() throws {
    let fixture = try RoutingFixture(agents: [.init(id: "a01", sipURI: nil), .init(id: "a02", sipURI: nil)])
    let weights = fixture.weights([snapshot(1, "2026-10-31", [("a01", 800)])])
    let path = fixture.path("d.list")
    #expect(throws: RoutingError.emptyFeed(format: .kamailio)) {
        try weights.publish(asOf: nil, format: .kamailio, path: path, force: false)
    }
    #expect(!FileManager.default.fileExists(atPath: path))
    let forced = try weights.publish(asOf: nil, format: .kamailio, path: path, force: true)
    #expect(forced.entries.isEmpty)
    #expect(forced.leftOut.map(\.agentID) == ["a01", "a02"])
}

@Test func aKamailioSetOfMoreThan100AgentsWritesNothing() throws {
    let fixture = try RoutingFixture(count: 101)
    let weights = fixture.weights([snapshot(1, "2026-10-31", [])])
    let path = fixture.path("d.list")
    #expect(throws: RoutingError.dispatcherSetTooLarge(set: 1, agents: 101)) {
        try weights.publish(asOf: nil, format: .kamailio, path: path, force: false)
    }
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(try fixture.store.connection.scalarInt("SELECT count(*) FROM weight_feeds") == 0)
}

@Test func aNightWhenEveryScoreFallsMovesNoTrafficAndPublishes() throws {
    let fixture = try RoutingFixture(count: 4)
    let good = snapshot(1, "2026-10-31", [("a01", 900), ("a02", 900), ("a03", 900), ("a04", 900)])
    // Every score collapses: step-limited to −20 each, every agent changes, but the shares (and
    // the calls each agent gets) stay 25 %: nothing moves, so nothing to refuse.
    let bad = snapshot(2, "2026-11-01", [("a01", 100), ("a02", 100), ("a03", 100), ("a04", 100)])
    let weights = fixture.weights([good, bad])
    let path = fixture.path("d.list")
    try weights.publish(asOf: .day("2026-10-31"), format: .kamailio, path: path, force: false)
    let published = try weights.publish(asOf: .day("2026-11-01"), format: .kamailio, path: path, force: false)
    #expect(weightsByAgent(published.entries) == ["a01": 80, "a02": 80, "a03": 80, "a04": 80])
    #expect(published.overriddenTrip == nil)
    #expect(!published.feed.forced)
}

@Test func circuitBreakerRefusesPinsThatMoveTheTrafficLeavesTheFeedAndForceOverrides() throws {
    let fixture = try RoutingFixture(count: 4)
    let run = snapshot(1, "2026-10-31", [("a01", 900), ("a02", 900), ("a03", 900), ("a04", 900)])
    let weights = fixture.weights([run])
    let path = fixture.path("d.list")
    try weights.publish(asOf: nil, format: .kamailio, path: path, force: false)
    let before = try #require(fixture.bytes(path))

    // 25 % each → a01 100/160 = 62.5 %, the others 12.5 %: 37.5 % of the calls move.
    for agent in ["a02", "a03", "a04"] { try weights.pin(agentID: agent, weight: 20, reason: "coaching", until: nil) }
    let trip = #expect(throws: CircuitBreaker.Trip.self) {
        try weights.publish(asOf: nil, format: .kamailio, path: path, force: false)
    }
    #expect(trip?.sets.map(\.reason) == [.trafficMoved])
    #expect(trip?.sets.first?.move.dispatchSet == 1)
    #expect(trip?.sets.first?.move.movedTenthsOfPercent == 375)
    #expect(trip?.sets.first?.move.agents.first?.agentID == "a01")
    #expect(trip?.removed == nil)
    #expect(fixture.bytes(path) == before)
    #expect(try fixture.store.connection.scalarInt("SELECT count(*) FROM weight_feeds") == 1)

    fixture.user = "night-shift-lead"
    fixture.now += 600
    let forced = try fixture.weights([run]).publish(asOf: nil, format: .kamailio, path: path, force: true)
    #expect(forced.overriddenTrip == trip)
    #expect(weightsByAgent(forced.entries) == ["a01": 100, "a02": 20, "a03": 20, "a04": 20])
    #expect(fixture.bytes(path) != before)
    // The trail: the stored feed says forced, by whom and when.
    let stored = try #require(try weights.currentFeed(path: path))
    #expect(stored.forced)
    #expect(stored.publishedBy == "night-shift-lead")
    #expect(stored.generatedAt == fixture.now)
}

@Test func circuitBreakerCatchesALostDirectory() throws {
    let fixture = try RoutingFixture(count: 10)
    let run = snapshot(1, "2026-10-31", (1...10).map { (RoutingFixture.id($0), 900) })
    let weights = fixture.weights([run])
    let path = fixture.path("w.csv")
    try weights.publish(asOf: nil, format: .csv, path: path, force: false)
    // A bad directory import marks half of the agents inactive.
    try fixture.addAgents((6...10).map { .init(id: RoutingFixture.id($0), sipURI: nil, active: false) })
    let trip = #expect(throws: CircuitBreaker.Trip.self) { try weights.publish(asOf: nil, format: .csv, path: path, force: false) }
    #expect(trip?.removed == ["a06", "a07", "a08", "a09", "a10"])
    #expect(trip?.agentsToday == 10)
    // 10 % each → 20 % for the five left: ½ (5 · 10 + 5 · 10) = 50 % of the calls move.
    #expect(trip?.sets.map(\.move.movedTenthsOfPercent) == [500])
    #expect(trip?.sets.map(\.move.dispatchSet) == [nil])
    // A small change passes: four of them back, one of ten left out (10 %, 10 % of the calls).
    try fixture.addAgents((6...9).map { .init(id: RoutingFixture.id($0), sipURI: nil) })
    #expect(try weights.publish(asOf: nil, format: .csv, path: path, force: false).entries.count == 9)
}

@Test func aKamailioFeedThatEmptiesADispatcherSetIsRefused() throws {
    var agents = (1...9).map { RoutingFixture.Agent(id: RoutingFixture.id($0), sipURI: "sip:\(RoutingFixture.id($0))@127.0.0.1:\(5100 + $0)") }
    agents.append(.init(id: "a10", sipURI: "sip:a10@127.0.0.1:5110", set: 2))
    let fixture = try RoutingFixture(agents: agents)
    let weights = fixture.weights([snapshot(1, "2026-10-31", (1...10).map { (RoutingFixture.id($0), 900) })])
    let path = fixture.path("d.list")
    try weights.publish(asOf: nil, format: .kamailio, path: path, force: false)
    // Set 2's only agent loses its SIP URI: one agent of ten (10 %), but set 2 would take no call.
    try fixture.addAgents([.init(id: "a10", sipURI: nil, set: 2)])
    let trip = #expect(throws: CircuitBreaker.Trip.self) { try weights.publish(asOf: nil, format: .kamailio, path: path, force: false) }
    #expect(trip?.sets.map(\.reason) == [.emptied])
    #expect(trip?.sets.map(\.move.dispatchSet) == [2])
    #expect(trip?.removed == nil)
}

@Test func versionsOnlyGrowAndRollbackRepublishesThePreviousFeed() throws {
    let fixture = try RoutingFixture(count: 3)
    let weights = fixture.weights([run1, run2, run3])
    let path = fixture.path("d.list")
    let v1 = try weights.publish(asOf: .day("2026-10-31"), format: .kamailio, path: path, force: false)
    let other = try weights.publish(asOf: .day("2026-10-31"), format: .csv, path: fixture.path("w.csv"), force: false)
    let v3 = try weights.publish(asOf: .day("2026-11-01"), format: .kamailio, path: path, force: false)
    #expect([v1.feed.version, other.feed.version, v3.feed.version] == [1, 2, 3])

    fixture.now += 600
    let back = try weights.rollback(path: path)
    #expect(back.feed.version == 4)
    #expect(back.feed.rollbackOf == 1)
    #expect(back.entries == v1.entries)
    #expect(back.feed.generatedAt == fixture.now)
    let text = String(decoding: fixture.bytes(path) ?? [], as: UTF8.self)
    let kept = String(decoding: fixture.bytes(path + ".v1") ?? [], as: UTF8.self)
    #expect(text.contains("# version 4\n"))
    #expect(text.split(separator: "\n").filter { !$0.hasPrefix("#") } == kept.split(separator: "\n").filter { !$0.hasPrefix("#") })

    // Nothing before version 1 at this path.
    #expect(throws: RoutingError.nothingToRollBack(path: path, current: 1)) { try weights.rollback(path: path) }
    #expect(throws: RoutingError.nothingPublished(path: fixture.path("none.list"))) { try weights.rollback(path: fixture.path("none.list")) }

    // The next scoring run steps from what the ACD has now: the rolled-back weights.
    #expect(try weights.report(asOf: .day("2026-11-02"), dryRun: true).lines[1].agent.previous == 80)
}

@Test func onlyTheLastKeepCopiesStayBesideTheFeed() throws {
    let fixture = try RoutingFixture(count: 3)
    let weights = fixture.weights([run1], rules: RoutingRules(keep: 3))
    let path = fixture.path("w.csv")
    for _ in 1...6 { try weights.publish(asOf: nil, format: .csv, path: path, force: false) }
    try Data("not ours".utf8).write(to: URL(fileURLWithPath: path + ".v2.bak"))
    let result = try weights.publish(asOf: nil, format: .csv, path: path, force: false)
    #expect(result.keptVersions == [7, 6, 5])
    let names = try FileManager.default.contentsOfDirectory(atPath: fixture.path("")).sorted()
    #expect(names == ["w.csv", "w.csv.meta.json", "w.csv.v2.bak", "w.csv.v5", "w.csv.v5.meta.json", "w.csv.v6",
                      "w.csv.v6.meta.json", "w.csv.v7", "w.csv.v7.meta.json"])
}

@Test func csvAndJSONFeedsAreExactlyThis() throws {
    let fixture = try RoutingFixture(count: 3)
    let weights = fixture.weights([run1])
    try weights.pin(agentID: "a03", weight: 50, reason: "probation", until: nil)
    let csvPath = fixture.path("w.csv")
    try weights.publish(asOf: nil, format: .csv, path: csvPath, force: false)
    let csv = try #require(fixture.bytes(csvPath))
    #expect(String(decoding: csv, as: UTF8.self) == "agent_id,weight,score,band\r\na01,100,85.0,excellent\r\na02,80,50.0,poor\r\na03,50,,insufficient\r\n")
    #expect(String(decoding: fixture.bytes(csvPath + ".meta.json") ?? [], as: UTF8.self) == """
        {
          "version": 1,
          "generated_at": "2026-11-02T05:00:00Z",
          "valid_until": "2026-11-03T17:00:00Z",
          "as_of": "2026-10-31",
          "format": "csv",
          "agents": 3,
          "sha256": "\(Crypto.hex(Crypto.sha256(csv)))"
        }

        """)
    let jsonPath = fixture.path("w.json")
    try weights.publish(asOf: nil, format: .json, path: jsonPath, force: false)
    let json = try #require(fixture.bytes(jsonPath))
    #expect(String(decoding: json, as: UTF8.self) == """
        {
          "version": 2,
          "generated_at": "2026-11-02T05:00:00Z",
          "valid_until": "2026-11-03T17:00:00Z",
          "as_of": "2026-10-31",
          "agents": [
            { "agent_id": "a01", "weight": 100, "score": 85.0, "band": "excellent" },
            { "agent_id": "a02", "weight": 80, "score": 50.0, "band": "poor" },
            { "agent_id": "a03", "weight": 50, "score": null, "band": "insufficient" }
          ]
        }

        """)
    let parsed = try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any]
    #expect((parsed?["agents"] as? [Any])?.count == 3)
}

@Test(arguments: FeedFormat.allCases)
func sameInputsGiveByteIdenticalFeeds(_ format: FeedFormat) throws {
    var feeds: [[UInt8]] = []
    for _ in 0..<2 {
        let fixture = try RoutingFixture(count: 5)
        let weights = fixture.weights([snapshot(4, "2026-10-31", [("a01", 612), ("a02", 777), ("a03", 401), ("a04", nil), ("a05", 999)])])
        try weights.pin(agentID: "a04", weight: 33, reason: "new hire", until: nil)
        let result = try weights.publish(asOf: nil, format: format, path: fixture.path("feed"), force: false)
        var bytes = fixture.bytes(result.feed.path) ?? []
        if let sidecar = result.sidecarPath { bytes += fixture.bytes(sidecar) ?? [] }
        feeds.append(bytes)
    }
    #expect(!feeds[0].isEmpty)
    #expect(feeds[0] == feeds[1])
}

@Test func historyListsComputationsPublicationsAndPins() throws {
    let fixture = try RoutingFixture(count: 3)
    let weights = fixture.weights([run1, run2])
    try weights.publish(asOf: .day("2026-10-31"), format: .kamailio, path: fixture.path("d.list"), force: false)
    try weights.pin(agentID: "a02", weight: 90, reason: "big account", until: .day("2026-12-31"))
    try weights.publish(asOf: .day("2026-11-01"), format: .kamailio, path: fixture.path("d.list"), force: false)
    let history = try weights.history(agentID: "a02")
    #expect(history.computations.map(\.asOf) == ["2026-10-31", "2026-11-01"])
    #expect(history.computations.map(\.agent.weight) == [80, 60])
    #expect(history.publications.map(\.weight) == [80, 90])
    #expect(history.publications.map(\.pinned) == [false, true])
    #expect(history.publications.map(\.percent) == [28, 31])
    #expect(history.pins.map(\.weight) == [90])
    #expect(throws: RoutingError.unknownAgent("nobody")) { try weights.history(agentID: "nobody") }
}
