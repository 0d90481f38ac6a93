import Foundation
import Testing
@testable import CallMeter

private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

@Test func shippedAsteriskRulesAreTheDefaults() throws {
    let rules = try #require(try AsteriskRules.load(directory: packageRoot.appendingPathComponent("Rules")))
    #expect(rules == AsteriskRules())
    #expect(rules.names.agentPattern == AsteriskRules.defaultAgentPattern)
}

@Test func missingFileMeansDefaults() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-no-rules-\(UUID().uuidString)")
    #expect(try AsteriskRules.load(directory: directory) == nil)
}

@Test func readsMapsAndTrunks() throws {
    let rules = try AsteriskRules.parse("""
    {
      // comments are allowed
      "agent_pattern": "^SIP/(.+)-[0-9a-f]+$",
      "agents": { "agent1001": "a100", "Agent/7": "a700" },
      "trunks": [ "carrier" ],
      "hotlines": { "800": "+41800100100" }
    }
    """)
    #expect(rules.names.agentPattern == "^SIP/(.+)-[0-9a-f]+$")
    #expect(rules.names.agents == ["agent1001": "a100", "Agent/7": "a700"])
    #expect(rules.trunks == ["carrier"])
    #expect(rules.names.hotlines == ["800": "+41800100100"])
}

@Test(arguments: [
    (#"{"agent_pattern": "^SIP/(.+"}"#, "agent_pattern", "not a valid regular expression (ICU syntax)"),
    (#"{"agent_pattern": "^SIP/.+$"}"#, "agent_pattern",
     "needs a capture group, e.g. \"^SIP/(.+)-[0-9a-f]+$\": the group is the agent"),
    (#"{"agent_pattern": 5}"#, "agent_pattern", "expected a string, found a number (5)"),
    (#"{"agents": {"1001": ""}}"#, "agents.1001", "must be 1 to 64 bytes long"),
    (#"{"agents": {"1001": 7}}"#, "agents.1001", "expected a string, found a number (7)"),
    (#"{"trunks": "carrier"}"#, "trunks", "expected an array, found a string (\"carrier\")"),
    (#"{"trunks": [""]}"#, "trunks[0]", "a trunk's peer name must not be empty"),
    (#"{"hotline": {}}"#, "hotline", "unknown key \"hotline\"; allowed keys: agent_pattern, agents, hotlines, trunks, system_apps, local_channels, phone_number_digits, layouts"),
])
func badAsteriskRules(_ text: String, _ keyPath: String, _ reason: String) {
    let error = #expect(throws: RulesError.self) { try AsteriskRules.parse(text) }
    #expect(error?.keyPath == keyPath)
    #expect(error?.reason == reason)
}

/// The default pattern: the peer name of `TECH/NAME-counter`, the extension of a Local channel,
/// the number of an Agent channel; a name it does not match is taken whole.
@Test(arguments: [
    ("SIP/agent1001-0000002a", "agent1001"),
    ("SIP/agent-1001-0000002a", "agent-1001"),
    ("PJSIP/1115-09240063", "1115"),
    ("SIP/localhost:5020-00000001", "localhost:5020"),
    ("IAX2/peer-1234", "peer"),
    ("DAHDI/1-1", "1"),
    ("SIP/100", "100"),
    ("Local/1001@agents-0000001a;1", "1001"),
    ("Local/1127@callback-agent", "1127"),
    ("Local/1109@stasis-dial-00000035;2", "1109"),
    ("Agent/1141", "1141"),
    ("Alice Martin", "Alice Martin"),
])
func agentFromChannel(_ channel: String, _ peer: String) throws {
    var names = try AsteriskNames(rules: AsteriskRules())
    #expect(names.peer(channel) == peer)
    #expect(names.peer(channel, cached: true) == peer)
}

@Test func namesFollowTheRules() throws {
    let names = try AsteriskNames(rules: AsteriskRules(
        agents: ["agent1001": "a100", "0791234567": "a200"], trunks: ["carrier"], hotlines: ["800": "+41800100100", "0800100100": "main"]))
    let pseudonymizer = CallerPseudonymizer(key: Array(repeating: 7, count: 32))
    #expect(names.agentID(peer: "agent1001") == "a100")
    #expect(names.agentID(peer: "agent1002") == "agent1002")
    #expect(names.isTrunk(peer: "carrier"))
    #expect(!names.isTrunk(peer: "agent1001"))
    #expect(names.hotline("800", pseudonymizer: pseudonymizer) == "+41800100100")
    #expect(names.hotline("801", pseudonymizer: pseudonymizer) == "801")
    // A phone number the rules name is used; one they do not is no agent, and only a pseudonym as a hotline.
    #expect(names.agentID(peer: "0791234567") == "a200")
    #expect(names.agentID(peer: "0797654321") == nil)
    #expect(names.hotline("0800100100", pseudonymizer: pseudonymizer) == "main")
    let hidden = names.hotline("+41 79 765 43 21", pseudonymizer: pseudonymizer)
    #expect(hidden.count == 17 && hidden.hasPrefix("#"))
    #expect(hidden == names.hotline("0041797654321", pseudonymizer: pseudonymizer))
}

@Test(arguments: [("0791234567", true), ("+41 79 123 45 67", true), ("(212) 555-0123", true), ("1234567", true),
                  ("123456", false), ("6001", false), ("s", false), ("agent1001", false), ("12+34567890", false), ("", false)])
func phoneNumbers(_ text: String, _ isPhone: Bool) {
    #expect(AsteriskNames.isPhoneNumber(text) == isPhone)
}
