import Testing
@testable import CallMeter

/// The freeswitch-tiers feed: tiers from bands and weights, its fs_cli lines and XML byte for
/// byte, and the names it refuses. No FreeSWITCH package exists here: the syntax is that of
/// mod_callcenter's `callcenter_config` API (`tier set level|position QUEUE AGENT VALUE`).
private func directory(_ agents: [(String, Int)], queues: [String: [String]] = [:]) -> [String: DirectoryAgent] {
    Dictionary(uniqueKeysWithValues: agents.enumerated().map { offset, agent in
        (agent.0, DirectoryAgent(rowID: Int64(offset + 1), agentID: agent.0, sipURI: nil, active: true, dispatchSet: agent.1,
                                 inDirectory: true, queues: queues[agent.0] ?? []))
    })
}

private func entry(_ id: String, _ weight: Int, _ band: ScoreBand) -> FeedEntry {
    FeedEntry(agentID: id, weight: weight, scoreTenths: nil, band: band.rawValue, pinned: false)
}

private let five = [entry("a500", 20, .poor), entry("a100", 100, .excellent), entry("a200", 84, .good),
                    entry("a300", 55, .watch), entry("a400", 100, .insufficient)]

@Test func bandsBecomeLevelsAndWeightsPositionsWithinALevel() {
    let (entries, tiers, leftOut) = FreeSWITCHTiers.assign(five, directory: directory(five.map { ($0.agentID, 1) }),
                                                           rules: FreeSWITCHTierRules())
    #expect(leftOut.isEmpty)
    #expect(entries.count == 5)
    // Level 1: excellent, good and insufficient, by weight (a100 and a400 tie at 100: by name).
    #expect(tiers.map { "\($0.agent) \($0.level) \($0.position)" } == [
        "a100@default 1 1", "a400@default 1 2", "a200@default 1 3", "a300@default 2 1", "a500@default 3 1",
    ])
    #expect(Set(tiers.map(\.queue)) == ["support@default"])
}

@Test func theFeedAndItsXMLAreExactlyThis() {
    let rules = FreeSWITCHTierRules(queueTemplate: "set{dispatch_set}@default", levels: [.excellent: 0, .good: 1, .insufficient: 1, .watch: 5, .poor: 5])
    let agents = directory([("a100", 1), ("a200", 2), ("a300", 1), ("a400", 2), ("a500", 1)])
    let (entries, tiers, _) = FreeSWITCHTiers.assign(five, directory: agents, rules: rules)
    let feed = Feed(version: 4, format: .freeswitchTiers, asOf: "2026-11-01", generatedAt: 1_793_595_600,
                    validUntil: 1_793_725_200, entries: entries, tiers: tiers)
    #expect(String(decoding: FreeSWITCHTiers.render(feed), as: UTF8.self) == """
        # callmeter routing weights: FreeSWITCH mod_callcenter tiers (level from the band, position by weight)
        # version 4
        # generated_at 2026-11-02T05:00:00Z
        # valid_until 2026-11-03T17:00:00Z
        # as_of 2026-11-01
        # apply: grep -v '^#' FILE | while IFS= read -r line; do fs_cli -x "$line"; done
        callcenter_config tier set level set1@default a100@default 0
        callcenter_config tier set position set1@default a100@default 1
        callcenter_config tier set level set1@default a300@default 5
        callcenter_config tier set position set1@default a300@default 1
        callcenter_config tier set level set1@default a500@default 5
        callcenter_config tier set position set1@default a500@default 2
        callcenter_config tier set level set2@default a400@default 1
        callcenter_config tier set position set2@default a400@default 1
        callcenter_config tier set level set2@default a200@default 1
        callcenter_config tier set position set2@default a200@default 2

        """)
    #expect(String(decoding: FreeSWITCHTiers.xml(feed), as: UTF8.self) == """
        <include>
          <!-- callmeter routing weights: FreeSWITCH mod_callcenter tiers, version 4, generated_at 2026-11-02T05:00:00Z, \
        valid_until 2026-11-03T17:00:00Z, as_of 2026-11-01 -->
          <!-- Reloading this XML resets level and position of these tiers to the values below. -->
          <tier agent="a100@default" queue="set1@default" level="0" position="1"/>
          <tier agent="a300@default" queue="set1@default" level="5" position="1"/>
          <tier agent="a500@default" queue="set1@default" level="5" position="2"/>
          <tier agent="a400@default" queue="set2@default" level="1" position="1"/>
          <tier agent="a200@default" queue="set2@default" level="1" position="2"/>
        </include>

        """)
}

/// fs_cli passes the command to mod_callcenter, which splits it on spaces and reads `'` and `\`
/// as quoting; a shell loop reading the file stops a line at nothing but reads `#` lines as
/// comments here. Such names are left out, named, rather than escaped into something the
/// operator cannot read back.
@Test(arguments: ["a 1", "a'1", "a\\1", "a\"1", "a<1", "a&1", "a#1", "a\t1", "Zoë"])
func anAgentWhoseNameFSCLICannotCarryIsLeftOutAndNamed(_ id: String) {
    let entries = [entry("ok", 100, .good), entry(id, 100, .good)]
    let (kept, tiers, leftOut) = FreeSWITCHTiers.assign(entries, directory: directory([("ok", 1), (id, 1)]), rules: FreeSWITCHTierRules())
    #expect(kept.map(\.agentID) == ["ok"])
    #expect(tiers.map(\.agent) == ["ok@default"])
    #expect(leftOut.map(\.agentID) == [id])
    #expect(leftOut.first?.reason == "its mod_callcenter name \("\(id)@default".rulesQuoted()) has characters other than letters, digits and -._@+:~")
}

@Test func aQueueNameFSCLICannotCarryLeavesTheAgentOut() {
    let entries = [entry("a1", 100, .good), entry("a2", 90, .good)]
    let (kept, tiers, leftOut) = FreeSWITCHTiers.assign(
        entries, directory: directory([("a1", 1), ("a2", 2)], queues: ["a2": ["sales queue"]]),
        rules: FreeSWITCHTierRules(queueTemplate: "{queue}{dispatch_set}", defaultQueue: "q"))
    #expect(kept.map(\.agentID) == ["a1"])
    #expect(tiers.map(\.queue) == ["q1"])
    #expect(leftOut == [FreeSWITCHTiers.LeftOut(agentID: "a2", reason: "its queue \"sales queue2\" has characters other than letters, digits and -._@+:~")])
}

/// The directory's `queues` column, through the `queue` template ({queue}@default); an agent in
/// no queue is in `default_queue` (support).
@Test func anAgentInSeveralQueuesHasATierInEach() {
    let entries = [entry("a1", 100, .good), entry("a2", 90, .good), entry("a3", 95, .good)]
    let (_, tiers, _) = FreeSWITCHTiers.assign(
        entries, directory: directory([("a1", 1), ("a2", 1), ("a3", 1)], queues: ["a1": ["support"], "a3": ["sales", "support"]]),
        rules: FreeSWITCHTierRules())
    #expect(tiers.map { "\($0.queue) \($0.agent) \($0.position)" } == [
        "sales@default a3@default 1", "support@default a1@default 1", "support@default a3@default 2", "support@default a2@default 3",
    ])
}

@Test func xmlAttributesAreEscapedEvenThoughNamesCannotNeedIt() {
    // The names the feed lets through have nothing to escape; the writer escapes anyway, so a
    // later, looser name rule cannot produce broken XML.
    let feed = Feed(version: 1, format: .freeswitchTiers, asOf: "2026-11-01", generatedAt: 0, validUntil: 0, entries: [],
                    tiers: [FreeSWITCHTiers.Tier(queue: "q\"<&>'", agent: "a", agentID: "a", level: 1, position: 1)])
    #expect(String(decoding: FreeSWITCHTiers.xml(feed), as: UTF8.self).contains(
        #"<tier agent="a" queue="q&quot;&lt;&amp;&gt;&#39;" level="1" position="1"/>"#))
}
