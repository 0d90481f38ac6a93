import Foundation
import Testing
@testable import CallMeter

private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private let valid = """
    {"floor": 20, "ceiling": 100, "full_at": 80, "floor_at": 40, "insufficient_weight": 100, "max_step": 20,
     "valid_hours": 36, "keep": 7, "max_traffic_moved_percent": 25, "max_agents_removed_percent": 20,
     "format": "kamailio", "outputs": {"csv": "a.csv", "json": "a.json", "kamailio": "a.list"}}
    """

private func replacing(_ key: String, with value: String) -> String {
    let pattern = "\"\(key)\": "
    guard let start = valid.range(of: pattern) else { return valid }
    let rest = valid[start.upperBound...]
    let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) ?? rest.endIndex
    return valid.replacingCharacters(in: start.upperBound..<end, with: value)
}

@Test func shippedRoutingFileHasTheDocumentedDefaults() throws {
    let rules = try RoutingRules.load(directory: packageRoot.appendingPathComponent("Rules"))
    #expect(rules.floor == 20)
    #expect(rules.ceiling == 100)
    #expect(rules.fullAt == 80)
    #expect(rules.floorAt == 40)
    #expect(rules.insufficientWeight == 100)
    #expect(rules.maxStep == 20)
    #expect(rules.validHours == 36)
    #expect(rules.keep == 7)
    #expect(rules.maxTrafficMovedPercent == 25)
    #expect(rules.maxAgentsRemovedPercent == 20)
    #expect(rules.format == .kamailio)
    #expect(rules.outputs == [.csv: "feeds/weights.csv", .json: "feeds/weights.json", .kamailio: "feeds/dispatcher.list",
                              .kamailioRelative: "feeds/dispatcher-rweight.list", .freeswitchTiers: "feeds/callcenter-tiers",
                              .asteriskQueues: "feeds/queues_callmeter.conf", .asteriskRealtime: "feeds/queue_members.csv"])
    #expect(rules.asterisk == AsteriskQueueRules())
    #expect(rules.outputs == RoutingRules.defaultOutputs)
    // The shipped "freeswitch" object spells out the defaults a file without it gets.
    #expect(rules.freeswitch == FreeSWITCHTierRules())
    #expect(rules.freeswitch.agentTemplate == "{agent_id}@default")
    #expect(rules.freeswitch.queueTemplate == "{queue}@default")
    #expect(rules.freeswitch.defaultQueue == "support")
    #expect(rules.freeswitch.levels == [.excellent: 1, .good: 1, .insufficient: 1, .watch: 2, .poor: 3])
    #expect(rules.afterPublish == nil)
    #expect(rules.afterPublishTimeoutSeconds == 30)
}

/// Keys added after the first routing.json are optional: a file without them still loads, with
/// the documented defaults (kamailio-rweight's path, no after_publish, 30 s).
@Test func aRoutingFileWithoutTheNewerKeysTakesTheirDefaults() throws {
    let rules = try RoutingRules.parse(valid)
    #expect(rules.outputs[.kamailioRelative] == "feeds/dispatcher-rweight.list")
    #expect(rules.afterPublish == nil)
    #expect(rules.afterPublishTimeoutSeconds == 30)
    let hooked = try RoutingRules.parse(valid.replacingOccurrences(
        of: "\"keep\": 7", with: "\"keep\": 7, \"after_publish\": [\"kamcmd\", \"dispatcher.reload\"], \"after_publish_timeout_seconds\": 5"))
    #expect(hooked.afterPublish == ["kamcmd", "dispatcher.reload"])
    #expect(hooked.afterPublishTimeoutSeconds == 5)
}

@Test func everyKeyOfTheShippedFileHasAComment() throws {
    let text = try String(contentsOf: packageRoot.appendingPathComponent("Rules/routing.json"), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for (index, line) in lines.enumerated() where line.trimmingCharacters(in: .whitespaces).hasPrefix("\"") {
        let above = index > 0 ? lines[index - 1].trimmingCharacters(in: .whitespaces) : ""
        #expect(above.hasPrefix("//"), "line \(index + 1) has no comment above it: \(line)")
    }
}

@Test(arguments: [
    ("ceiling", "20", "ceiling", "must be above floor (20), found 20"),
    ("floor", "0", "floor", "must be between 1 and 1000, found 0"),
    ("floor_at", "80", "floor_at", "must be below full_at (80), found 80"),
    ("full_at", "101", "full_at", "must be between 0 and 100, found 101"),
    ("insufficient_weight", "10", "insufficient_weight", "must be between 20 and 100, found 10"),
    ("max_step", "0", "max_step", "must be between 1 and 1000, found 0"),
    ("keep", "0", "keep", "must be between 1 and 1000, found 0"),
    ("max_traffic_moved_percent", "101", "max_traffic_moved_percent", "must be between 0 and 100, found 101"),
    ("max_agents_removed_percent", "-1", "max_agents_removed_percent", "must be between 0 and 100, found -1"),
    ("format", "\"xml\"", "format", "unknown format \"xml\"; use one of \(FeedFormat.quotedNames)"),
    ("max_step", "2.5", "max_step", "expected an integer, found a number (2.5)"),
])
func invalidRoutingRulesNameTheKey(_ key: String, _ value: String, _ keyPath: String, _ reason: String) {
    let error = #expect(throws: RulesError.self) { try RoutingRules.parse(replacing(key, with: value)) }
    #expect(error?.keyPath == keyPath)
    #expect(error?.reason == reason)
    #expect(error?.line == 1 || error?.line == 2 || error?.line == 3)
}

@Test func unknownAndMissingKeysAreErrors() {
    let unknown = #expect(throws: RulesError.self) {
        try RoutingRules.parse(valid.replacingOccurrences(of: "\"keep\": 7", with: "\"keep\": 7, \"kepe\": 3"))
    }
    #expect(unknown?.keyPath == "kepe")
    #expect(unknown?.reason.hasPrefix("unknown key \"kepe\"") == true)

    let missing = #expect(throws: RulesError.self) {
        try RoutingRules.parse(valid.replacingOccurrences(of: "\"json\": \"a.json\", ", with: ""))
    }
    #expect(missing?.keyPath == "outputs.json")
    #expect(missing?.reason == "missing required key \"json\"")
}

/// A routing.json written for the breaker that counted changed agents: each old key is refused
/// at its place, saying what replaced it.
@Test(arguments: ["max_capacity_drop_percent", "max_agents_changed_percent"])
func theOldBreakerKeysAreRefusedNamingTheirReplacements(_ key: String) throws {
    let old = """
        {"floor": 20, "ceiling": 100, "full_at": 80, "floor_at": 40, "insufficient_weight": 100, "max_step": 20,
         "valid_hours": 36, "keep": 7,
         "max_capacity_drop_percent": 30, "max_agents_changed_percent": 50,
         "format": "kamailio", "outputs": {"csv": "a.csv", "json": "a.json", "kamailio": "a.list"}}
        """
    // Only one of them, to see each message.
    let other = key == "max_capacity_drop_percent" ? "\"max_agents_changed_percent\": 50" : "\"max_capacity_drop_percent\": 30"
    let text = old.replacingOccurrences(of: other + ", ", with: "").replacingOccurrences(of: ", " + other, with: "")
    let error = try #require(#expect(throws: RulesError.self) { try RoutingRules.parse(text) })
    #expect(error.keyPath == key)
    #expect(error.line == 3)
    #expect(error.column == 2 + key.utf8.count + 4)
    #expect(error.reason.hasPrefix("this key is no longer read: "))
    #expect(error.reason.contains("(\"max_traffic_moved_percent\", shipped 25)"))
    #expect(error.reason.contains("(\"max_agents_removed_percent\", shipped 20)"))
    #expect(error.reason.hasSuffix("; remove it and set those two (README, \"Publishing and the circuit breaker\")"))
    #expect(error.description.hasPrefix("routing.json:3:\(key.utf8.count + 6): "))
    // The new keys alongside do not make the old one acceptable.
    let both = text.replacingOccurrences(of: "\"keep\": 7,", with: "\"keep\": 7, \"max_traffic_moved_percent\": 25, \"max_agents_removed_percent\": 20,")
    #expect(throws: RulesError.self) { try RoutingRules.parse(both) }
}
