import CallMeter
import CallMeterCLI
import Foundation
import Testing

private let agents = """
    agent_id,name,sip_uri,active,dispatch_set
    a100,Anna Keller,sip:a100@127.0.0.1:5071,true,1
    a200,Zoë Müller,sip:a200@127.0.0.1:5072,true,1
    a300,Marco Rossi,sip:a300@127.0.0.1:5073,true,1
    a400,"Dupont, Claire",,true,1
    a500,Jonas Weber,sip:a500@127.0.0.1:5075,false,1

    """

private let october31 = scoringRun(7, "2026-10-31", [
    ("a100", 853, "excellent"), ("a200", 612, "watch"), ("a300", 304, "poor"), ("a500", 700, "good"),
])

@Test func weightsShowsTheComputationAndStoresItOnce() throws {
    let fixture = try WeightsCLIFixture(agentsCSV: agents)
    fixture.runs = [october31]
    let table = """
        agent  score  band          previous  target  weight  reason
        a100    85.3  excellent            -     100     100  never published
        a200    61.2  watch                -      62      80  step-limited, never published
        a300    30.4  poor                 -      20      80  step-limited, never published
        a400       -  insufficient         -     100     100  insufficient (not scored), never published
        a500    70.0  good                 -      80      80  never published, inactive: not in the feed

        """
    let dry = fixture.run(["weights", "--dry-run"])
    #expect(dry.status == 0)
    #expect(dry.out == "Weights for the scoring run of 2026-10-31 (run 7), computed 2026-11-02T05:00:00Z (dry run: not stored).\n" + table)
    #expect(fixture.run(["weights", "--as-of", "2026-10-31"]).out.hasSuffix("(stored now).\n" + table))
    fixture.now += 3600
    let again = fixture.run(["weights", "--dry-run"])
    #expect(again.out == """
        Weights for the scoring run of 2026-10-31 (run 7), computed 2026-11-02T05:00:00Z (stored earlier).
        This scoring run was weighed before: publishing it uses these stored weights.

        """ + table)
}

@Test func publishWritesEveryFormatWithWarnings() throws {
    let fixture = try WeightsCLIFixture(agentsCSV: agents)
    fixture.runs = [october31]
    let kamailio = fixture.run(["weights", "publish"])
    #expect(kamailio.status == 0)
    #expect(scrub(kamailio.out, fixture) == """
        Published version 1 (kamailio, scoring run of 2026-10-31) to DIR/feeds/dispatcher.list: 3 agents in 1 dispatcher set, valid until 2026-11-03T17:00:00Z.
        Copies kept beside it for rollback: v1

        """)
    #expect(kamailio.err == """
        Warning: 1 inactive agent left out: a500
        Warning: 1 agent left out of the kamailio feed: a400 (no sip_uri)

        """)
    #expect(fixture.text("feeds/dispatcher.list") == """
        # callmeter routing weights: Kamailio dispatcher list, algorithm 9 (weight=percent of the set)
        # version 1
        # generated_at 2026-11-02T05:00:00Z
        # valid_until 2026-11-03T17:00:00Z
        # as_of 2026-10-31
        # setid destination flags priority attrs
        1 sip:a100@127.0.0.1:5071 0 0 duid=a100;weight=38
        1 sip:a200@127.0.0.1:5072 0 0 duid=a200;weight=31
        1 sip:a300@127.0.0.1:5073 0 0 duid=a300;weight=31

        """)
    #expect(fixture.text("feeds/dispatcher.list.v1") == fixture.text("feeds/dispatcher.list"))

    let csv = fixture.run(["weights", "publish", "--format", "csv", "--out", "out/w.csv"])
    #expect(csv.status == 0)
    #expect(scrub(csv.out, fixture).hasPrefix("Published version 2 (csv, scoring run of 2026-10-31) to DIR/out/w.csv: 4 agents"))
    #expect(fixture.text("out/w.csv") == "agent_id,weight,score,band\r\na100,100,85.3,excellent\r\na200,80,61.2,watch\r\na300,80,30.4,poor\r\na400,100,,insufficient\r\n")
    #expect(fixture.text("out/w.csv.meta.json")?.contains("\"version\": 2,") == true)

    let json = fixture.run(["weights", "publish", "--format=json"])
    #expect(json.status == 0)
    #expect(fixture.text("feeds/weights.json")?.contains("\"version\": 3,") == true)
}

@Test func circuitBreakerExits75AndLeavesTheFeedUntilForced() throws {
    let fixture = try WeightsCLIFixture(agentsCSV: agents)
    fixture.runs = [october31]
    #expect(fixture.run(["weights", "publish", "--as-of", "2026-10-31"]).status == 0)
    let before = fixture.text("feeds/dispatcher.list")

    // Pins send most calls to a100: 100, 80, 80 of 260 → 100, 20, 20 of 140.
    fixture.now += 86_400
    for agent in ["a200", "a300"] {
        #expect(fixture.run(["weights", "pin", agent, "20", "--reason", "coaching"]).status == 0)
    }
    let refused = fixture.run(["weights", "publish"])
    #expect(refused.status == 75)
    #expect(refused.out.isEmpty)
    // Σ |w'W − wW'| = 12,000 + 6,000 + 6,000 over 2 · 260 · 140: 33.0 %.
    #expect(scrub(refused.err, fixture) == """
        Error: circuit breaker: not published; the current feed (version 1, DIR/feeds/dispatcher.list) is untouched
          dispatcher set 1: 33.0% of the calls would go to another agent than today; the limit is 25%
            most moved (share of the set's calls, today → new): a100 38.5% → 71.4%, a200 30.8% → 14.3%, a300 30.8% → 14.3%
        Check the scores, the pins and the agent directory ('callmeter weights --dry-run'); publish anyway with --force.

        """)
    #expect(fixture.text("feeds/dispatcher.list") == before)

    let forced = fixture.run(["weights", "publish", "--force"])
    #expect(forced.status == 0)
    #expect(forced.out.hasPrefix("Published version 2 (kamailio, scoring run of 2026-10-31)"))
    #expect(scrub(forced.err, fixture) == """
        Warning: 1 inactive agent left out: a500
        Warning: 1 agent left out of the kamailio feed: a400 (no sip_uri)
        Warning: version 2 published with --force by USER at 2026-11-03T05:00:00Z (recorded as forced) although the circuit breaker would have refused:
          dispatcher set 1: 33.0% of the calls would go to another agent than today; the limit is 25%
            most moved (share of the set's calls, today → new): a100 38.5% → 71.4%, a200 30.8% → 14.3%, a300 30.8% → 14.3%

        """)
    #expect(fixture.text("feeds/dispatcher.list") != before)
    #expect(fixture.run(["weights", "history", "a200"]).out.contains("  v2       2026-11-03T05:00:00Z  kamailio      20      14%  pinned, forced\n"))

    let back = fixture.run(["weights", "rollback"])
    #expect(back.status == 0)
    #expect(back.out.hasPrefix("Rolled back: republished the agents of version 1 as version 3 (kamailio, scoring run of 2026-10-31)"))
    let lines = { (text: String?) in text?.split(separator: "\n").filter { !$0.hasPrefix("#") } }
    #expect(lines(fixture.text("feeds/dispatcher.list")) == lines(before))
}

@Test func pinUnpinAndHistory() throws {
    let fixture = try WeightsCLIFixture(agentsCSV: agents)
    fixture.runs = [october31]
    let pin = fixture.run(["weights", "pin", "a300", "60", "--reason", "new queue", "--until", "2026-11-30"])
    #expect(pin.status == 0)
    #expect(scrub(pin.out, fixture) == "Pinned a300 at weight 60 through 2026-11-30 (by USER, reason: new queue). It applies from the next publish.\n")
    #expect(fixture.run(["weights", "--dry-run"]).out.contains("a300    30.4  poor                 -      20      60  pinned, step-limited, never published\n"))
    #expect(fixture.run(["weights", "publish"]).status == 0)
    fixture.now += 60
    #expect(fixture.run(["weights", "unpin", "a300"]).status == 0)
    let history = fixture.run(["weights", "history", "a300"])
    #expect(history.status == 0)
    #expect(scrub(history.out, fixture) == """
        Agent a300

        Computed weights (once per scoring run):
          as_of       score  band  previous  target  weight
          2026-10-31   30.4  poor         -      20      80

        Published:
          version  generated_at          format    weight  percent  note
          v1       2026-11-02T05:00:00Z  kamailio      60      25%  pinned

        Pins:
          2026-11-02T05:00:00Z by USER: weight 60 through 2026-11-30, reason: new queue (removed 2026-11-02T05:01:00Z by USER)

        """)
    let again = fixture.run(["weights", "unpin", "a300"])
    #expect(again.status == 1)
    #expect(again.err == "Error: agent \"a300\" has no pin in force\n")
}

@Test(arguments: [
    (["weights", "pin", "a300", "60"], "Error: weights pin needs --reason TEXT: say why"),
    (["weights", "pin", "a300", "sixty", "--reason", "x"], "Error: WEIGHT must be a whole number, not 'sixty'"),
    (["weights", "--as-of", "2026-13-01"], "Error: --as-of takes a date like 2026-11-02, not '2026-13-01'"),
    (["weights", "publish", "--format", "xml"], "Error: unknown format 'xml': use csv, json, kamailio, kamailio-rweight, freeswitch-tiers, asterisk-queues or asterisk-realtime"),
    (["weights", "publish", "--dry-run"], "Error: weights publish does not take --dry-run"),
    (["weights", "unpin"], "Error: weights unpin takes one AGENT"),
    (["weights", "frobnicate"], "Error: unknown weights command 'frobnicate': use publish, rollback, pin, unpin, history, fallback or resume"),
    (["weights", "fallback", "now", "--reason", "x"], "Error: unexpected argument 'now'"),
    (["weights", "resume", "--format", "csv"], "Error: weights resume does not take --format"),
])
func usageErrorsExit64(_ arguments: [String], _ message: String) throws {
    let fixture = try WeightsCLIFixture(agentsCSV: agents)
    let result = fixture.run(arguments)
    #expect(result.status == 64)
    #expect(result.err == message + "\nSee 'callmeter help weights'.\n")
}

@Test(arguments: [
    (["weights", "pin", "a300", "5", "--reason", "x"], "Error: a pinned weight must be between floor 20 and ceiling 100 (Rules/routing.json), not 5"),
    (["weights", "pin", "zz", "50", "--reason", "x"], "Error: no agent \"zz\" in the agent directory"),
    (["weights", "--as-of", "2026-01-01"], "Error: no scoring run for 2026-01-01: run 'callmeter score --as-of 2026-01-01' first"),
    (["weights", "rollback"], "Error: nothing has been published to DIR/feeds/dispatcher.list yet"),
])
func failuresExit1(_ arguments: [String], _ message: String) throws {
    let fixture = try WeightsCLIFixture(agentsCSV: agents)
    fixture.runs = [october31]
    let result = fixture.run(arguments)
    #expect(result.status == 1)
    #expect(scrub(result.err, fixture) == message + "\n")
}

@Test func helpListsTheWeightsCommand() {
    let captured = CapturedConsole()
    #expect(CLI.run(["help"], console: captured.console, environment: [:]) == 0)
    let line = captured.out.split(separator: "\n").first { $0.hasPrefix("  weights ") }
    #expect(line?.hasSuffix(" Routing weights from the scores; pin them; publish and roll back the ACD feed.") == true)
    let help = CapturedConsole()
    #expect(CLI.run(["weights", "--help"], console: help.console, environment: [:]) == 0)
    #expect(help.out.hasPrefix("USAGE: callmeter weights [--as-of DATE] [--dry-run]\n"))
}

@Test func demoPublishesTheFeedInEveryFormat() throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-demo-weights-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let root = WeightsCLIFixture.packageRoot
    let captured = CapturedConsole()
    let status = CLI.run(
        ["--rules", root.appendingPathComponent("Rules").path, "demo", "--dir", scratch.path,
         "--fixtures", root.appendingPathComponent("Fixtures").path],
        console: captured.console, environment: [:], workingDirectory: scratch.deletingLastPathComponent(),
        clock: { Date(timeIntervalSince1970: 1_793_595_600) }, scoringRuns: FixedScoringResults([october31]))
    #expect(status == 0)
    #expect(captured.out.contains("Published version 1 (csv, scoring run of 2026-10-31) to \(scratch.path)/feeds/weights.csv: 4 agents"))
    #expect(captured.out.contains("Published version 2 (json, scoring run of 2026-10-31) to \(scratch.path)/feeds/weights.json: 4 agents"))
    #expect(captured.out.contains("Published version 3 (kamailio, scoring run of 2026-10-31) to \(scratch.path)/feeds/dispatcher.list: 4 agents in 1 dispatcher set"))
    #expect(captured.out.contains("Published version 4 (kamailio-rweight, scoring run of 2026-10-31) to \(scratch.path)/feeds/dispatcher-rweight.list: 4 agents in 1 dispatcher set"))
    #expect(captured.out.contains("Published version 5 (freeswitch-tiers, scoring run of 2026-10-31) to \(scratch.path)/feeds/callcenter-tiers: "
                                  + "4 agents as 6 tiers in 2 queues"))
    #expect(captured.out.contains("Published version 6 (asterisk-queues, scoring run of 2026-10-31) to \(scratch.path)/feeds/queues_callmeter.conf: 4 agents in 2 queues"))
    #expect(captured.out.contains("Published version 7 (asterisk-realtime, scoring run of 2026-10-31) to \(scratch.path)/feeds/queue_members.csv: 4 agents in 2 queues"))
    for file in ["weights.csv", "weights.csv.meta.json", "weights.json", "dispatcher.list", "dispatcher-rweight.list", "callcenter-tiers",
                 "callcenter-tiers.xml", "queues_callmeter.conf", "queues_callmeter.conf.meta.json", "queue_members.csv",
                 "queue_members.csv.meta.json"] {
        #expect(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("feeds/\(file)").path))
    }
    // Every format, whichever there are, is published and listed with its file and reload command.
    let rules = try RoutingRules.load(directory: root.appendingPathComponent("Rules"))
    let summary = try #require(captured.out.components(separatedBy: "Feeds (format, file, what makes the ACD read it):\n").last)
    for (version, format) in FeedFormat.allCases.enumerated() {
        let path = FeedLocation.defaultPath(for: format, rules: rules, folder: scratch)
        #expect(captured.out.contains("Published version \(version + 1) (\(format.rawValue), scoring run of 2026-10-31) to \(path): "))
        #expect(FileManager.default.fileExists(atPath: path), "\(format)")
        let row = summary.split(separator: "\n").first { $0.hasPrefix("  \(format.rawValue) ") }
        #expect(row?.contains(path) == true, "\(format)")
        #expect(row?.hasSuffix(format.reloadCommand(path: path)) == true, "\(format)")
    }
}
