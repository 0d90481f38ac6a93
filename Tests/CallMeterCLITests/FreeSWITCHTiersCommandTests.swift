import CallMeter
import CallMeterCLI
import Foundation
import Testing

/// `callmeter weights publish --format freeswitch-tiers` and `weights rollback` through the CLI,
/// with the shipped Rules/routing.json (queue support@default, agents {agent_id}@default).
private let agents = """
    agent_id,name,sip_uri,active,dispatch_set
    a100,Anna Keller,,true,1
    a200,Zoë Müller,,true,1
    a300,Marco Rossi,,true,2
    a 400,"Dupont, Claire",,true,1
    a500,Jonas Weber,,false,1

    """

private let october31 = scoringRun(7, "2026-10-31", [
    ("a100", 853, "excellent"), ("a200", 612, "watch"), ("a300", 304, "poor"), ("a500", 700, "good"),
])

private func tierLines(_ text: String?) -> [Substring]? {
    text?.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("  <!--") }
}

@Test func publishWritesTheFSCLILinesAndTheXMLAndLeavesOutNamesFSCLICannotCarry() throws {
    let fixture = try WeightsCLIFixture(agentsCSV: agents)
    fixture.runs = [october31]
    let result = fixture.run(["weights", "publish", "--format", "freeswitch-tiers"])
    #expect(result.status == 0, "\(result.err)")
    #expect(scrub(result.out, fixture) == """
        Published version 1 (freeswitch-tiers, scoring run of 2026-10-31) to DIR/feeds/callcenter-tiers: 3 agents as 3 tiers in 1 queue, valid until 2026-11-03T17:00:00Z.
        The same tiers as XML: DIR/feeds/callcenter-tiers.xml
        Copies kept beside it for rollback: v1

        """)
    #expect(result.err == """
        Warning: 1 inactive agent left out: a500
        Warning: 1 agent left out of the freeswitch-tiers feed: a 400 (its mod_callcenter name "a 400@default" has characters other than letters, digits and -._@+:~)

        """)
    // Excellent → level 1, watch → 2, poor → 3 (Rules/routing.json "freeswitch"."levels").
    #expect(fixture.text("feeds/callcenter-tiers") == """
        # callmeter routing weights: FreeSWITCH mod_callcenter tiers (level from the band, position by weight)
        # version 1
        # generated_at 2026-11-02T05:00:00Z
        # valid_until 2026-11-03T17:00:00Z
        # as_of 2026-10-31
        # apply: grep -v '^#' FILE | while IFS= read -r line; do fs_cli -x "$line"; done
        callcenter_config tier set level support@default a100@default 1
        callcenter_config tier set position support@default a100@default 1
        callcenter_config tier set level support@default a200@default 2
        callcenter_config tier set position support@default a200@default 1
        callcenter_config tier set level support@default a300@default 3
        callcenter_config tier set position support@default a300@default 1

        """)
    #expect(fixture.text("feeds/callcenter-tiers.xml") == """
        <include>
          <!-- callmeter routing weights: FreeSWITCH mod_callcenter tiers, version 1, generated_at 2026-11-02T05:00:00Z, \
        valid_until 2026-11-03T17:00:00Z, as_of 2026-10-31 -->
          <!-- Reloading this XML resets level and position of these tiers to the values below. -->
          <tier agent="a100@default" queue="support@default" level="1" position="1"/>
          <tier agent="a200@default" queue="support@default" level="2" position="1"/>
          <tier agent="a300@default" queue="support@default" level="3" position="1"/>
        </include>

        """)
    #expect(fixture.text("feeds/callcenter-tiers.v1") == fixture.text("feeds/callcenter-tiers"))
    #expect(fixture.text("feeds/callcenter-tiers.v1.xml") == fixture.text("feeds/callcenter-tiers.xml"))
    #expect(fixture.run(["weights", "history", "a200"]).out.contains("freeswitch-tiers"))
}

@Test func theBreakerGuardsTheTiersAndRollbackRepublishesThem() throws {
    let fixture = try WeightsCLIFixture(agentsCSV: agents)
    fixture.runs = [october31]
    #expect(fixture.run(["weights", "publish", "--format", "freeswitch-tiers"]).status == 0)
    let before = fixture.text("feeds/callcenter-tiers")

    // Pins send most calls to a100 (100, 80, 80 → 100, 20, 20): the feed's agents are one pool.
    fixture.now += 86_400
    for agent in ["a200", "a300"] {
        #expect(fixture.run(["weights", "pin", agent, "20", "--reason", "coaching"]).status == 0)
    }
    let refused = fixture.run(["weights", "publish", "--format", "freeswitch-tiers"])
    #expect(refused.status == 75)
    #expect(scrub(refused.err, fixture).hasPrefix(
        "Error: circuit breaker: not published; the current feed (version 1, DIR/feeds/callcenter-tiers) is untouched\n"))
    #expect(fixture.text("feeds/callcenter-tiers") == before)

    let forced = fixture.run(["weights", "publish", "--format", "freeswitch-tiers", "--force"])
    #expect(forced.status == 0)
    #expect(fixture.text("feeds/callcenter-tiers")?.contains("# version 2\n") == true)

    let back = fixture.run(["weights", "rollback", "--format", "freeswitch-tiers"])
    #expect(back.status == 0, "\(back.err)")
    #expect(scrub(back.out, fixture).hasPrefix("""
        Rolled back: republished the agents of version 1 as version 3 (freeswitch-tiers, scoring run of 2026-10-31) \
        to DIR/feeds/callcenter-tiers: 3 agents as 3 tiers in 1 queue
        """))
    #expect(tierLines(fixture.text("feeds/callcenter-tiers")) == tierLines(before))
    #expect(fixture.text("feeds/callcenter-tiers.xml")?.contains("version 3,") == true)
    #expect(fixture.text("feeds/callcenter-tiers.v3.xml") == fixture.text("feeds/callcenter-tiers.xml"))
}
