import CallMeter
import CallMeterCLI
import Foundation
import Testing

// `weights fallback` and `weights resume`: the backup routing published at once past the circuit
// breaker, in every format that has a feed, recorded with who and why; back to the scores through
// the breaker. Two dispatcher sets, every agent with a SIP URI.

private let agents = """
    agent_id,name,sip_uri,active,dispatch_set
    a100,Anna Keller,sip:a100@127.0.0.1:5071,true,1
    a200,Zoë Müller,sip:a200@127.0.0.1:5072,true,1
    a300,Marco Rossi,sip:a300@127.0.0.1:5073,true,2
    a400,Claire Dupont,sip:a400@127.0.0.1:5074,true,2
    a500,Jonas Weber,sip:a500@127.0.0.1:5075,false,2

    """

private let october31 = scoringRun(7, "2026-10-31", [
    ("a100", 853, "excellent"), ("a200", 612, "watch"), ("a300", 304, "poor"), ("a400", 700, "good"),
])

/// Who ran the CLI in these tests, as the store records it.
private let user = OSUser.current(environment: ["USER": "ignored"])

/// A fixture whose scores are published in kamailio (the rules' format) and csv, with its own copy
/// of the rules, `edit` applied to routing.json.
private func publishedFixture(_ edit: (String) -> String = { $0 }) throws -> WeightsCLIFixture {
    let fixture = try WeightsCLIFixture(agentsCSV: agents)
    let rules = fixture.directory.appendingPathComponent("rules")
    try FileManager.default.copyItem(at: fixture.rules, to: rules)
    let routing = rules.appendingPathComponent("routing.json")
    try Data(edit(try String(contentsOf: routing, encoding: .utf8)).utf8).write(to: routing)
    fixture.rules = rules
    fixture.runs = [october31]
    #expect(fixture.run(["weights", "publish"]).status == 0)
    #expect(fixture.run(["weights", "publish", "--format", "csv"]).status == 0)
    return fixture
}

/// `agent_id → weight` of the csv feed.
private func csvWeights(_ fixture: WeightsCLIFixture) -> [String: String] {
    let lines = (fixture.text("feeds/weights.csv") ?? "").split(separator: "\r\n").dropFirst()
    return Dictionary(lines.map { line in
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        return (String(fields[0]), String(fields[1]))
    }, uniquingKeysWith: { first, _ in first })
}

@Test func fallbackPublishesEveryActiveAgentAtOneWeightInEveryFormatWithAFeed() throws {
    let fixture = try publishedFixture()
    #expect(fixture.text("feeds/weights.json") == nil)
    fixture.now += 3600
    let result = fixture.run(["weights", "fallback", "--reason", "ratings import broken since Friday"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.hasPrefix("Routing is in FALLBACK: recorded 2026-11-02T06:00:00Z by \(user), reason: ratings import broken since Friday.\n"))
    #expect(result.out.contains("Published version 3 (csv, scoring run of 2026-10-31)"))
    #expect(result.out.contains("Published version 4 (kamailio, scoring run of 2026-10-31)"))
    // csv and kamailio had feeds; json had none and gets none.
    #expect(fixture.text("feeds/weights.json") == nil)
    #expect(csvWeights(fixture) == ["a100": "100", "a200": "100", "a300": "100", "a400": "100"])
    #expect(fixture.text("feeds/weights.csv")?.contains("a100,100,,fallback\r\n") == true)
    let list = try #require(fixture.text("feeds/dispatcher.list"))
    for (agent, set) in [("a100", 1), ("a200", 1), ("a300", 2), ("a400", 2)] {
        #expect(list.contains("\(set) sip:\(agent)@127.0.0.1:50") && list.contains("duid=\(agent);weight=50"))
    }

    // The trail: who, when, why; and the feeds marked in the agents' history.
    let history = fixture.run(["weights", "history"])
    #expect(history.status == 0)
    #expect(history.out.contains("2026-11-02T06:00:00Z  fallback  \(user)  ratings import broken since Friday  v3 "))
    #expect(history.out.contains("fallback: ratings import broken since Friday"))
    #expect(fixture.run(["weights", "history", "a100"]).out.contains("fallback: ratings import broken since Friday"))

    let status = fixture.run(["status"])
    #expect(status.out.contains("Routing:  FALLBACK: routing is on the backup routing since 2026-11-02T06:00:00Z, by \(user): "
                                + "ratings import broken since Friday."))
}

@Test func fallbackTakesThePinsOfRoutingJSONPerAgentAndPerSet() throws {
    let fixture = try publishedFixture {
        $0.replacingOccurrences(of: "\"weight\": 100", with: "\"weight\": 40, \"agents\": { \"a300\": 90 }, \"sets\": { \"1\": 60 }")
    }
    let result = fixture.run(["weights", "fallback", "--reason", "scores suspect"])
    #expect(result.status == 0, "\(result.err)")
    // a300's own pin wins over its set; set 1 at 60; a400 (set 2) at the weight.
    #expect(csvWeights(fixture) == ["a100": "60", "a200": "60", "a300": "90", "a400": "40"])
}

@Test(arguments: [
    (#""agents": { "zz9": 50 }"#, "fallback.agents.zz9: no agent \"zz9\" in the agent directory: fix the id or remove the pin"),
    (#""sets": { "7": 50 }"#, "fallback.sets.7: no active agent in dispatcher set 7 of the agent directory"),
])
func fallbackPinsNamingNoAgentOrSetAreRefusedAtTheirPlace(pin: String, message: String) throws {
    let fixture = try publishedFixture { $0.replacingOccurrences(of: "\"weight\": 100", with: "\"weight\": 100, " + pin) }
    let before = fixture.text("feeds/weights.csv")
    let result = fixture.run(["weights", "fallback", "--reason", "test"])
    #expect(result.status == 1)
    #expect(result.err.hasPrefix("Error: " + fixture.rules.appendingPathComponent("routing.json").path + ":"))
    #expect(result.err.contains(message))
    #expect(fixture.text("feeds/weights.csv") == before)
    #expect(!fixture.run(["status"]).out.contains("FALLBACK"))
}

@Test func aFallbackWeightOutsideFloorAndCeilingIsARulesError() throws {
    let fixture = try publishedFixture()
    let routing = fixture.rules.appendingPathComponent("routing.json")
    let text = try String(contentsOf: routing, encoding: .utf8)
    try Data(text.replacingOccurrences(of: "\"weight\": 100", with: "\"weight\": 5").utf8).write(to: routing)
    let result = fixture.run(["weights", "fallback", "--reason", "test"])
    #expect(result.status == 1)
    #expect(result.err.contains("routing.json:"))
    #expect(result.err.contains("fallback.weight: must be between 20 and 100, found 5"))
}

@Test func resumeGoesThroughTheCircuitBreakerRefusedThenForced() throws {
    // A tight breaker: going back from equal weights to the scores moves more than 5 %.
    let fixture = try publishedFixture { $0.replacingOccurrences(of: "\"max_traffic_moved_percent\": 25", with: "\"max_traffic_moved_percent\": 5") }
    #expect(fixture.run(["weights", "resume"]).err == "Error: routing is not in fallback: nothing to resume ('callmeter weights publish' publishes the scores)\n")
    #expect(fixture.run(["weights", "fallback", "--reason", "test"]).status == 0)
    let fallbackFeed = fixture.text("feeds/weights.csv")

    let refused = fixture.run(["weights", "resume", "--reason", "ratings fixed"])
    #expect(refused.status == 75)
    #expect(refused.err.hasPrefix("Error: circuit breaker: not published; the current feed (version "))
    #expect(refused.err.contains("publish anyway with --force"))
    #expect(fixture.text("feeds/weights.csv") == fallbackFeed)
    #expect(fixture.run(["status"]).out.contains("FALLBACK"))

    let forced = fixture.run(["weights", "resume", "--reason", "ratings fixed", "--force"])
    #expect(forced.status == 0, "\(forced.err)")
    #expect(forced.out.hasPrefix("Routing follows the scores again: recorded 2026-11-02T05:00:00Z by \(user), reason: ratings fixed."))
    #expect(forced.err.contains("(recorded as forced) although the circuit breaker would have refused"))
    #expect(csvWeights(fixture)["a100"] == "100" && csvWeights(fixture)["a300"] == "80")
    #expect(!fixture.run(["status"]).out.contains("FALLBACK"))
    // One line per change, columns aligned: the words of each line, spaces collapsed.
    let history = fixture.run(["weights", "history"]).out.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    #expect(history.contains { $0.hasPrefix("2026-11-02T05:00:00Z fallback \(user) test v3 ") })
    #expect(history.contains { $0.hasPrefix("2026-11-02T05:00:00Z resume (forced) \(user) ratings fixed v5 ") })
}

@Test func resumeWithinTheBreakerNeedsNoForce() throws {
    let fixture = try publishedFixture()
    #expect(fixture.run(["weights", "fallback", "--reason", "test"]).status == 0)
    let resumed = fixture.run(["weights", "resume"])
    #expect(resumed.status == 0, "\(resumed.err)")
    #expect(resumed.out.contains("reason: no reason given."))
    #expect(!resumed.err.contains("forced"))
}

@Test func fallbackNeedsAReason() throws {
    let fixture = try WeightsCLIFixture(agentsCSV: agents)
    let result = fixture.run(["weights", "fallback"])
    #expect(result.status == 64)
    #expect(result.err.hasPrefix("Error: weights fallback needs --reason TEXT: say why\n"))
    // Before any weights were computed there is no computation for the feed to belong to.
    #expect(fixture.run(["weights", "fallback", "--reason", "x"]).err.contains("no routing weights have been computed yet"))
}

@Test func theQAReportShowsTheFallbackAsABannerAtTheTop() throws {
    let fixture = try publishedFixture()
    #expect(fixture.run(["weights", "fallback", "--reason", "ratings <late>"]).status == 0)
    let report = fixture.run(["report", "--html", "report.html"])
    #expect(report.status == 0, "\(report.err)")
    let page = try #require(fixture.text("report.html"))
    let banner = try #require(page.range(of: "<strong>Routing is in FALLBACK</strong>"))
    #expect(page.range(of: "<h1>")?.lowerBound ?? page.endIndex < banner.lowerBound)
    #expect(page.contains("by \(user): ratings &lt;late&gt;."))
}

/// The formats that rank by band judge nobody in a fallback: the FreeSWITCH tiers all get the level
/// of `insufficient` (1 by default), not the level of an unknown band (regression: they got the
/// worst level, 3).
@Test func aFallbackFreeSWITCHFeedGivesEveryAgentTheLevelOfInsufficient() throws {
    let fixture = try publishedFixture()
    #expect(fixture.run(["weights", "publish", "--format", "freeswitch-tiers"]).status == 0)
    let scored = fixture.text("feeds/callcenter-tiers") ?? ""
    #expect(scored.contains("tier set level support@default a300@default 3"))
    fixture.now += 3600
    #expect(fixture.run(["weights", "fallback", "--reason", "scores in doubt"]).status == 0)
    let levels = (fixture.text("feeds/callcenter-tiers") ?? "").split(separator: "\n").filter { $0.hasPrefix("callcenter_config tier set level ") }
    #expect(levels.count == 4)
    #expect(levels.allSatisfy { $0.hasSuffix(" 1") }, "\(levels)")
}
