import Foundation
import Testing
@testable import CallMeter

// routing.json's business-continuity keys: `max_extensions` and the backup routing `fallback`.
// Both optional, with documented defaults; errors name the key and its place.

private let base = """
    {"floor": 20, "ceiling": 100, "full_at": 80, "floor_at": 40, "insufficient_weight": 100, "max_step": 20,
     "valid_hours": 36, "keep": 7, "max_traffic_moved_percent": 25, "max_agents_removed_percent": 20,
     "format": "kamailio", "outputs": {"csv": "a.csv", "json": "a.json", "kamailio": "a.list"}
    """

private func rules(_ extra: String) throws -> RoutingRules {
    try RoutingRules.parse(base + (extra.isEmpty ? "" : ",\n" + extra) + "}")
}

@Test func withoutTheKeysThreeRenewalsAndEveryAgentAtTheCeiling() throws {
    let plain = try rules("")
    #expect(plain.maxExtensions == 3)
    #expect(plain.fallback == FallbackRouting())
    let shipped = try RoutingRules.load(directory: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Rules"))
    #expect(shipped.maxExtensions == 3)
    #expect(shipped.fallback.weight == 100 && shipped.fallback.agents.isEmpty && shipped.fallback.sets.isEmpty)
}

@Test func fallbackPinsAreReadPerAgentAndPerSet() throws {
    let read = try rules(#""max_extensions": 5, "fallback": {"weight": 40, "agents": {"a100": 90, "a200": 20}, "sets": {"2": 60}}"#)
    #expect(read.maxExtensions == 5)
    #expect(read.fallback.weight == 40)
    #expect(read.fallback.agents.map(\.key) == ["a100", "a200"] && read.fallback.agents.map(\.weight) == [90, 20])
    #expect(read.fallback.sets.map(\.key) == ["2"] && read.fallback.sets.map(\.weight) == [60])
    // The error kept for an agent the directory turns out not to have points at the pin.
    let unknown = try #require(read.fallback.agents.first).unknown
    #expect(unknown.keyPath == "fallback.agents.a100" && unknown.line == 4)
}

@Test(arguments: [
    (#""max_extensions": -1"#, "max_extensions", "must be between 0 and 365, found -1"),
    (#""fallback": {"weight": 101}"#, "fallback.weight", "must be between 20 and 100, found 101"),
    (#""fallback": {"agents": {"a100": 10}}"#, "fallback.agents.a100", "must be between 20 and 100, found 10"),
    (#""fallback": {"sets": {"one": 50}}"#, "fallback.sets.one",
     "a dispatcher set is a whole number as in the directory's dispatch_set, not \"one\""),
    (#""fallback": {"sets": {"01": 50}}"#, "fallback.sets.01",
     "a dispatcher set is a whole number as in the directory's dispatch_set, not \"01\""),
    (#""fallback": {"wieght": 50}"#, "fallback.wieght", nil),
])
func badContinuityKeysNameTheKey(_ text: String, _ keyPath: String, _ reason: String?) {
    let error = #expect(throws: RulesError.self) { try rules(text) }
    #expect(error?.keyPath == keyPath)
    if let reason { #expect(error?.reason == reason) } else { #expect(error?.reason.hasPrefix("unknown key") == true) }
    #expect(error?.line == 4)
}
