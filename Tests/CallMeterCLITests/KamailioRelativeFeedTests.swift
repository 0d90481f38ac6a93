import CallMeter
import CallMeterCLI
import Foundation
import Testing

/// The kamailio-rweight feed through the CLI: one line per agent with `rweight=`, each set's
/// rweights summing to 100, byte for byte; the default path of Rules/routing.json; a rollback
/// writes the earlier list again in the same format.
@Test func publishingTheRelativeWeightFeedWritesRweightsSummingTo100PerSet() throws {
    let fixture = try WeightsCLIFixture(agentsCSV: """
        agent_id,name,sip_uri,active,dispatch_set
        a1,Agent 1,sip:a1@10.0.0.1,true,1
        a2,Agent 2,sip:a2@10.0.0.2,true,1
        a3,Agent 3,sip:a3@10.0.0.3,true,1
        b1,Agent B1,sip:b1@10.0.1.1,true,2
        b2,Agent B2,sip:b2@10.0.1.2,true,2
        c1,Agent C1,,true,2

        """)
    fixture.runs = [scoringRun(1, "2026-10-31", [("a1", 853, "excellent"), ("a2", 612, "watch"), ("a3", 304, "poor"),
                                                 ("b1", 700, "good"), ("b2", nil, "insufficient"), ("c1", 900, "excellent")])]
    let published = fixture.run(["weights", "publish", "--format", "kamailio-rweight"])
    #expect(published.status == 0, "\(published.err)")
    #expect(published.out.contains("Published version 1 (kamailio-rweight, scoring run of 2026-10-31) to ")
          && published.out.contains("/feeds/dispatcher-rweight.list: 5 agents in 2 dispatcher sets"))
    #expect(published.err.contains("c1 (no sip_uri)"))
    // Weights 100, 80, 80 of 260 → 38.5, 30.8, 30.8 → 38, 31, 31; 80, 100 of 180 → 44.4, 55.6 → 44, 56.
    #expect(fixture.text("feeds/dispatcher-rweight.list") == """
        # callmeter routing weights: Kamailio dispatcher list, algorithm 11 (rweight, relative weights)
        # version 1
        # generated_at 2026-11-02T05:00:00Z
        # valid_until 2026-11-03T17:00:00Z
        # as_of 2026-10-31
        # The rweights of each set sum to 100: with every destination active, each one's rweight is its
        # percent of the set's calls. While some are inactive Kamailio gives each active one
        # floor(rweight * 100 / sum of the active rweights) of its 100 slots and the slots left over
        # to the set's first active line below.
        # setid destination flags priority attrs
        1 sip:a1@10.0.0.1 0 0 duid=a1;rweight=38
        1 sip:a2@10.0.0.2 0 0 duid=a2;rweight=31
        1 sip:a3@10.0.0.3 0 0 duid=a3;rweight=31
        2 sip:b1@10.0.1.1 0 0 duid=b1;rweight=44
        2 sip:b2@10.0.1.2 0 0 duid=b2;rweight=56

        """)
    let first = try #require(fixture.text("feeds/dispatcher-rweight.list"))

    // A pin moves a2; a rollback writes version 1's lines again as version 3.
    #expect(fixture.run(["weights", "pin", "a2", "60", "--reason", "coaching"]).status == 0)
    #expect(fixture.run(["weights", "publish", "--format", "kamailio-rweight"]).status == 0)
    #expect(fixture.text("feeds/dispatcher-rweight.list")?.contains("duid=a2;rweight=25") == true)
    let rolledBack = fixture.run(["weights", "rollback", "--format", "kamailio-rweight"])
    #expect(rolledBack.status == 0, "\(rolledBack.err)")
    let third = try #require(fixture.text("feeds/dispatcher-rweight.list"))
    #expect(third.replacingOccurrences(of: "# version 3", with: "# version 1") == first)
}

/// Kamailio's slot table for algorithm 11, as modelled from dispatch.c (5.6): truncated shares of
/// the active rweights, filled from the file's last line up, the remainder to the first active
/// line that got a slot.
@Test(arguments: [
    // Every line active, rweights summing to 100: each gets exactly its rweight.
    ([(23, true), (18, true), (18, true), (18, true), (23, true)], [23, 18, 18, 18, 23]),
    // One inactive: 23, 18, 18, 18 of 77 → 29, 23, 23, 23 and 2 left over to the first line.
    ([(23, true), (18, true), (18, true), (18, true), (23, false)], [31, 23, 23, 23, 0]),
    // The first line inactive: the remainder goes to the first active line, whatever its rweight.
    ([(23, false), (18, true), (18, true), (18, true), (23, true)], [0, 25, 23, 23, 29]),
    // Rweights not summing to 100: 5, 3, 2 of 10 → 50, 30, 20.
    ([(5, true), (3, true), (2, true)], [50, 30, 20]),
    // 101 destinations at 1: every share truncates to 0 and all 100 slots go to the first line.
    (Array(repeating: (1, true), count: 101), [100] + Array(repeating: 0, count: 100)),
    // Out of range counts as 0 (Kamailio ignores it); one destination takes every call.
    ([(0, true), (150, true), (10, true)], [0, 0, 100]),
    ([(40, true)], [100]),
    ([(40, false), (60, false)], [0, 0]),
] as [([(Int, Bool)], [Int])])
func kamailioFillsItsRelativeWeightSlotsFromTheActiveDestinations(destinations: [(Int, Bool)], expected: [Int]) {
    #expect(KamailioRelativeFeed.slots(destinations.map { (rweight: $0.0, active: $0.1) }) == expected)
}
