import Foundation
import Testing
@testable import CallMeter

// The optional `asterisk` object of routing.json: queue strategies and band tiers.

private func rules(asterisk: String?, outputs: String = #"{"csv": "a.csv", "json": "a.json", "kamailio": "a.list"}"#) throws -> RoutingRules {
    try RoutingRules.parse("""
        {"floor": 20, "ceiling": 100, "full_at": 80, "floor_at": 40, "insufficient_weight": 100, "max_step": 20,
         "valid_hours": 36, "keep": 7, "max_traffic_moved_percent": 25, "max_agents_removed_percent": 20,
         "format": "asterisk-queues", "outputs": \(outputs)\(asterisk.map { ", \"asterisk\": \($0)" } ?? "")}
        """)
}

@Test func withoutTheObjectTheDefaultsApply() throws {
    let loaded = try rules(asterisk: nil)
    #expect(loaded.format == .asteriskQueues)
    #expect(loaded.asterisk.defaultStrategy == .wrandom)
    #expect(loaded.asterisk.strategy(of: "support") == .wrandom)
    #expect(loaded.asterisk.bandPenalties == [.excellent: 0, .good: 0, .insufficient: 0, .watch: 1, .poor: 2])
    #expect(loaded.asterisk.maxWrandomPenalty == 20)
    // The new formats' outputs are optional, with documented defaults.
    #expect(loaded.outputs[.asteriskQueues] == "feeds/queues_callmeter.conf")
    #expect(loaded.outputs[.asteriskRealtime] == "feeds/queue_members.csv")
}

@Test func strategiesPerQueueAndTiersAreRead() throws {
    let loaded = try rules(asterisk: """
        {"default_strategy": "leastrecent", "queues": {"sales": {"strategy": "ringall"}, "support": {"strategy": "wrandom"}},
         "band_penalties": {"watch": 3, "poor": 7}, "max_wrandom_penalty": 9}
        """, outputs: #"{"csv": "a.csv", "json": "a.json", "kamailio": "a.list", "asterisk-queues": "q.conf"}"#)
    #expect(loaded.asterisk.strategy(of: "sales") == .ringall)
    #expect(loaded.asterisk.strategy(of: "support") == .wrandom)
    #expect(loaded.asterisk.strategy(of: "billing") == .leastrecent)
    #expect(loaded.asterisk.bandPenalties[.watch] == 3 && loaded.asterisk.bandPenalties[.poor] == 7)
    #expect(loaded.asterisk.bandPenalties[.good] == 0)
    #expect(loaded.asterisk.maxWrandomPenalty == 9)
    #expect(loaded.outputs[.asteriskQueues] == "q.conf")
    #expect(loaded.sha256 != (try rules(asterisk: nil)).sha256)
}

@Test(arguments: [
    (#"{"default_strategy": "roundrobin"}"#, "asterisk.default_strategy", "app_queue reads the old \"roundrobin\" as \"rrmemory\""),
    (#"{"queues": {"sales": {"strategy": "fastest"}}}"#, "asterisk.queues.sales.strategy", "unknown strategy \"fastest\"; use one of \"ringall\""),
    (#"{"queues": {"general": {"strategy": "ringall"}}}"#, "asterisk.queues.general", "is not a queue name"),
    (#"{"queues": {"sales": {"strategy": "ringall", "weight": 2}}}"#, "asterisk.queues.sales.weight", "unknown key \"weight\""),
    (#"{"queues": {"sales": {}}}"#, "asterisk.queues.sales.strategy", "missing required key \"strategy\""),
    (#"{"band_penalties": {"poor": -1}}"#, "asterisk.band_penalties.poor", "must be between 0 and 1000, found -1"),
    (#"{"band_penalties": {"bad": 4}}"#, "asterisk.band_penalties.bad", "unknown key \"bad\""),
    (#"{"max_wrandom_penalty": 0}"#, "asterisk.max_wrandom_penalty", "must be between 1 and 100, found 0"),
    (#"{"strategy": "wrandom"}"#, "asterisk.strategy", "unknown key \"strategy\""),
])
func badAsteriskSettingsNameTheKey(_ object: String, _ keyPath: String, _ reason: String) {
    let error = #expect(throws: RulesError.self) { try rules(asterisk: object) }
    #expect(error?.keyPath == keyPath)
    #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "")")
}
