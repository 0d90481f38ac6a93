import Testing
@testable import CallMeter

private func directory(_ agents: [(String, String?, Int)]) -> [String: DirectoryAgent] {
    Dictionary(uniqueKeysWithValues: agents.enumerated().map { offset, agent in
        (agent.0, DirectoryAgent(rowID: Int64(offset + 1), agentID: agent.0, sipURI: agent.1, active: true, dispatchSet: agent.2, inDirectory: true))
    })
}

private func entry(_ id: String, _ weight: Int) -> FeedEntry {
    FeedEntry(agentID: id, weight: weight, scoreTenths: 800, band: "good", pinned: false)
}

@Test func setsArePercentsSummingTo100() throws {
    let agents = directory([("a1", "sip:a1@127.0.0.1:5071", 1), ("a2", "sip:a2@127.0.0.1:5072", 1),
                            ("b1", "sip:b1@127.0.0.1:6071", 2), ("b2", "sip:b2@127.0.0.1:6072", 2), ("b3", "sip:b3@127.0.0.1:6073", 2)])
    let (entries, leftOut) = try KamailioFeed.assign([entry("b3", 20), entry("a2", 100), entry("b1", 100), entry("a1", 60), entry("b2", 100)],
                                                     directory: agents)
    #expect(leftOut.isEmpty)
    #expect(entries.map(\.agentID) == ["a1", "a2", "b1", "b2", "b3"])
    #expect(entries.map(\.percent) == [37, 63, 46, 45, 9])
    #expect(entries.map(\.dispatchSet) == [1, 1, 2, 2, 2])

    let feed = Feed(version: 3, format: .kamailio, asOf: "2026-11-01", generatedAt: 1_793_595_600, validUntil: 1_793_725_200, entries: entries)
    #expect(String(decoding: KamailioFeed.render(feed), as: UTF8.self) == """
        # callmeter routing weights: Kamailio dispatcher list, algorithm 9 (weight=percent of the set)
        # version 3
        # generated_at 2026-11-02T05:00:00Z
        # valid_until 2026-11-03T17:00:00Z
        # as_of 2026-11-01
        # setid destination flags priority attrs
        1 sip:a1@127.0.0.1:5071 0 0 duid=a1;weight=37
        1 sip:a2@127.0.0.1:5072 0 0 duid=a2;weight=63
        2 sip:b1@127.0.0.1:6071 0 0 duid=b1;weight=46
        2 sip:b2@127.0.0.1:6072 0 0 duid=b2;weight=45
        2 sip:b3@127.0.0.1:6073 0 0 duid=b3;weight=9

        """)
}

@Test func agentsWithoutAUsableSIPURIAreLeftOutAndNamed() throws {
    let agents = directory([("a1", "sip:a1@127.0.0.1:5071", 1), ("a2", nil, 1), ("a3", "sip:a 3@host", 1), ("a;4", "sip:a4@host", 1)])
    let (entries, leftOut) = try KamailioFeed.assign([entry("a1", 50), entry("a2", 50), entry("a3", 50), entry("a;4", 50)], directory: agents)
    #expect(entries.map(\.agentID) == ["a1"])
    #expect(entries.map(\.percent) == [100])
    #expect(leftOut.map(\.agentID) == ["a2", "a3", "a;4"])
    #expect(leftOut.first?.reason == "no sip_uri")
}

@Test(arguments: [101, 150])
func aSetOfMoreThan100AgentsIsAnErrorNamingTheSetAndItsSize(_ count: Int) {
    let members = (0..<count).map { ("a\($0)", Optional("sip:a\($0)@127.0.0.1"), 7) }
    let agents = directory(members + [("z", "sip:z@127.0.0.1", 1)])
    let entries = members.map { entry($0.0, 50) } + [entry("z", 50)]
    #expect(throws: RoutingError.dispatcherSetTooLarge(set: 7, agents: count)) {
        try KamailioFeed.assign(entries, directory: agents)
    }
    #expect(RoutingError.dispatcherSetTooLarge(set: 7, agents: count).description.hasPrefix(
        "dispatcher set 7 has \(count) agents with a SIP URI; Kamailio's weight table holds at most 100 per set"))
}

@Test func exactly100AgentsInASetFit() throws {
    let members = (0..<100).map { ("a\(1000 + $0)", Optional("sip:a\($0)@127.0.0.1"), 1) }
    let (entries, _) = try KamailioFeed.assign(members.enumerated().map { entry($1.0, 20 + $0 % 81) }, directory: directory(members))
    #expect(entries.count == 100)
    #expect(entries.compactMap(\.percent).reduce(0, +) == 100)
    #expect(entries.allSatisfy { ($0.percent ?? 0) >= 1 })
}
