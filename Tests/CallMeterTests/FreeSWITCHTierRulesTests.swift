import Foundation
import Testing
@testable import CallMeter

/// The optional "freeswitch" object and "freeswitch-tiers" output of routing.json.
private let base = """
    {"floor": 20, "ceiling": 100, "full_at": 80, "floor_at": 40, "insufficient_weight": 100, "max_step": 20,
     "valid_hours": 36, "keep": 7, "max_traffic_moved_percent": 25, "max_agents_removed_percent": 20,
     "format": "freeswitch-tiers", "outputs": {"csv": "a.csv", "json": "a.json", "kamailio": "a.list"}
    """

private func rules(_ extra: String) throws(RulesError) -> RoutingRules {
    try RoutingRules.parse(base + extra + "}")
}

@Test func aFileWithoutTheFreeSWITCHKeysGetsTheDocumentedDefaults() throws {
    let parsed = try rules("")
    #expect(parsed.format == .freeswitchTiers)
    #expect(parsed.outputs[.freeswitchTiers] == "feeds/callcenter-tiers")
    #expect(parsed.freeswitch == FreeSWITCHTierRules())
    // A file that does not mention the new format weighs as it did: its digest leaves it out.
    let older = try RoutingRules.parse(base.replacingOccurrences(of: "freeswitch-tiers", with: "kamailio") + "}")
    let explicit = try RoutingRules.parse(base.replacingOccurrences(of: "freeswitch-tiers", with: "kamailio")
        .replacingOccurrences(of: "\"a.list\"}", with: "\"a.list\", \"freeswitch-tiers\": \"feeds/callcenter-tiers\"}")
        + #", "freeswitch": {"queue": "{queue}@default", "default_queue": "support"}}"#)
    #expect(older.sha256 == explicit.sha256)
    let moved = try RoutingRules.parse(base.replacingOccurrences(of: "\"a.list\"}", with: "\"a.list\", \"freeswitch-tiers\": \"t\"}") + "}")
    #expect(moved.outputs[.freeswitchTiers] == "t")
    #expect(moved.sha256 != parsed.sha256)
}

@Test func theFreeSWITCHObjectSetsNamesAndLevels() throws {
    let parsed = try rules(#", "freeswitch": {"agent": "agent-{agent_id}", "queue": "q{dispatch_set}@cc.example.com", "#
        + #""levels": {"poor": 9, "insufficient": 2}}"#)
    #expect(parsed.freeswitch.agentName("a100") == "agent-a100")
    #expect(parsed.freeswitch.queueName(nil, dispatchSet: 3) == "q3@cc.example.com")
    let named = try rules(#", "freeswitch": {"queue": "{queue}-{dispatch_set}@cc", "default_queue": "general-line"}"#)
    #expect(named.freeswitch.queueName("sales", dispatchSet: 2) == "sales-2@cc")
    #expect(named.freeswitch.queueName(nil, dispatchSet: 1) == "general-line-1@cc")
    #expect(try rules("").freeswitch.queueName(nil, dispatchSet: 1) == "support@default")
    #expect(parsed.freeswitch.levels == [.excellent: 1, .good: 1, .insufficient: 2, .watch: 2, .poor: 9])
    #expect(parsed.sha256 != (try rules("")).sha256)
}

@Test(arguments: [
    (#""freeswitch": {"agent": "support@default"}"#, "freeswitch.agent",
     #"must contain {agent_id} (each agent needs a name of its own), found "support@default""#),
    (#""freeswitch": {"agent": "{agent_id} at default"}"#, "freeswitch.agent",
     #"expected a mod_callcenter name made of letters, digits and -._@+:~ around {agent_id}, found "{agent_id} at default""#),
    (#""freeswitch": {"queue": "sales'queue"}"#, "freeswitch.queue",
     #"expected a mod_callcenter name made of letters, digits and -._@+:~ around {queue} and {dispatch_set}, found "sales'queue""#),
    (#""freeswitch": {"queue": ""}"#, "freeswitch.queue",
     #"expected a mod_callcenter name made of letters, digits and -._@+:~ around {queue} and {dispatch_set}, found """#),
    (#""freeswitch": {"default_queue": "help desk"}"#, "freeswitch.default_queue",
     #"expected a queue name made of letters, digits and -._@+:~, found "help desk""#),
    (#""freeswitch": {"levels": {"poor": 101}}"#, "freeswitch.levels.poor", "must be between 0 and 100, found 101"),
    (#""freeswitch": {"levels": {"bad": 3}}"#, "freeswitch.levels.bad",
     "unknown key \"bad\"; allowed keys: excellent, good, watch, poor, insufficient"),
    (#""freeswitch": {"level": {}}"#, "freeswitch.level", "unknown key \"level\"; allowed keys: agent, queue, default_queue, levels"),
    (#""freeswitch": "support@default""#, "freeswitch", "expected an object, found a string (\"support@default\")"),
])
func badFreeSWITCHSettingsNameThePathAndKey(_ extra: String, _ keyPath: String, _ reason: String) {
    let error = #expect(throws: RulesError.self) { try rules(", " + extra) }
    #expect(error?.keyPath == keyPath)
    #expect(error?.reason == reason)
    #expect(error?.description.hasPrefix("routing.json:3:") == true)
}
