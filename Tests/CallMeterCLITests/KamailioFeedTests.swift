import CallMeter
import CallMeterCLI
import Foundation
import Testing

/// The real consumer: Kamailio's dispatcher loads the published kamailio feed, and 1,000 calls
/// through it land on the agents exactly by the feed's percents (algorithm 9 fills a 100-slot
/// table, so every 100 calls follow the percents exactly), before and after a republish and
/// `dispatcher.reload`. Everything on 127.0.0.1; bounded in calls and seconds; processes
/// stopped by PID.
@Test(.enabled(if: KamailioTools.available,
               "needs kamailio, kamcmd and sipp on PATH and Kamailio's dispatcher module (apt-get install -y kamailio sip-tester)"),
      .timeLimit(.minutes(10)))
func kamailioDispatchesCallsExactlyByThePublishedPercents() throws {
    let tools = try #require(KamailioTools.found)
    let ports = Loopback.freeUDPPorts(7)
    try #require(ports.count == 7, "no free UDP ports on 127.0.0.1")
    let proxyPort = ports[0], callerPort = ports[1], agentPorts = Array(ports[2...])
    let agentIDs = ["a1", "a2", "a3", "a4", "a5"]
    let uris = agentIDs.enumerated().map { "sip:\($1)@127.0.0.1:\(agentPorts[$0])" }

    let fixture = try WeightsCLIFixture(agentsCSV: "agent_id,name,sip_uri,active,dispatch_set\n"
        + zip(agentIDs, uris).map { "\($0),Agent \($0),\($1),true,1\n" }.joined())
    let work = fixture.directory
    let feed = work.appendingPathComponent("feed/dispatcher.list")
    try Data(sippAgentScenario.utf8).write(to: work.appendingPathComponent("agent.xml"))
    try Data(sippCallerScenario.utf8).write(to: work.appendingPathComponent("caller.xml"))

    // Round 1: weights from a scoring run (never published: 100, 80, 80, 80, 100).
    fixture.runs = [scoringRun(1, "2026-10-31", [("a1", 853, "excellent"), ("a2", 612, "watch"), ("a3", 304, "poor"),
                                                 ("a4", 700, "good"), ("a5", nil, "insufficient")])]
    #expect(fixture.run(["weights", "publish", "--format", "kamailio", "--out", feed.path]).status == 0)
    let round1 = try percents(feed)
    #expect(round1 == ["a1": 23, "a2": 18, "a3": 18, "a4": 18, "a5": 23])

    let configuration = work.appendingPathComponent("kamailio.cfg")
    try Data(kamailioConfiguration(port: proxyPort, runDirectory: work.path, listFile: feed.path, modules: tools.modules).utf8)
        .write(to: configuration)
    let kamailio = try Child(tools.kamailio, ["-f", configuration.path, "-DD", "-E", "-Y", work.path],
                             name: "kamailio", log: work.appendingPathComponent("kamailio.log"))
    defer { kamailio.stop() }
    let control = "unix:" + work.appendingPathComponent("kamailio_ctl").path
    func kamcmd(_ command: String) throws -> String {
        let child = try Child(tools.kamcmd, ["-s", control, command], name: "kamcmd",
                              log: work.appendingPathComponent("kamcmd-\(UUID().uuidString).log"))
        if !child.wait(seconds: 10) { child.stop() }
        return child.output
    }
    // Kamailio is up when its control socket answers (at most 15 s).
    var listed: [String: Int] = [:]
    for _ in 0..<75 where listed.isEmpty {
        guard kamailio.isRunning else { break }
        listed = dispatcherWeights(try kamcmd("dispatcher.list"))
        if listed.isEmpty { usleep(200_000) }
    }
    try #require(kamailio.isRunning, "kamailio stopped:\n\(kamailio.output.suffix(2000))")
    #expect(listed == Dictionary(uniqueKeysWithValues: zip(uris, agentIDs.map { round1[$0] ?? -1 })))

    let received1 = try placeCalls(round: 1, tools: tools, work: work, proxyPort: proxyPort, callerPort: callerPort, agentPorts: agentPorts)
    #expect(received1 == Dictionary(uniqueKeysWithValues: agentIDs.map { ($0, (round1[$0] ?? 0) * 10) }))

    // Round 2: pins move every agent: 100, 80, 80, 80, 100 of 440 → 20, 40, 60, 70, 100 of 290
    // moves ½ (15.8 + 4.4 + 2.5 + 6.0 + 11.8) = 20.2 % of the calls, under the circuit breaker's 25 %.
    for (agent, weight) in zip(agentIDs, [20, 40, 60, 70, 100]) {
        #expect(fixture.run(["weights", "pin", agent, String(weight), "--reason", "feed test"]).status == 0)
    }
    #expect(fixture.run(["weights", "publish", "--format", "kamailio", "--out", feed.path]).status == 0)
    let round2 = try percents(feed)
    // 20, 40, 60, 70, 100 of 290: 6.9, 13.8, 20.7, 24.1, 34.5 → 7, 14, 21, 24, 34.
    #expect(round2 == ["a1": 7, "a2": 14, "a3": 21, "a4": 24, "a5": 34])

    // A reload within reload_delta (5 s) of the last one answers "Ongoing reload": try again, at
    // most 10 times a second apart.
    var reloaded = ""
    for _ in 0..<10 {
        reloaded = try kamcmd("dispatcher.reload")
        if reloaded.contains("successfully reloaded") { break }
        sleep(1)
    }
    #expect(reloaded.contains("successfully reloaded"), "dispatcher.reload answered: \(reloaded)")
    #expect(dispatcherWeights(try kamcmd("dispatcher.list")) == Dictionary(uniqueKeysWithValues: zip(uris, agentIDs.map { round2[$0] ?? -1 })))

    let received2 = try placeCalls(round: 2, tools: tools, work: work, proxyPort: proxyPort, callerPort: callerPort, agentPorts: agentPorts)
    #expect(received2 == Dictionary(uniqueKeysWithValues: agentIDs.map { ($0, (round2[$0] ?? 0) * 10) }))

    kamailio.stop()
    #expect(!kamailio.isRunning)
}

/// `agent → percent` from the published list.
private func percents(_ feed: URL) throws -> [String: Int] {
    let text = try String(contentsOf: feed, encoding: .utf8)
    var result: [String: Int] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let attributes = line.split(separator: " ").last ?? ""
        let pairs = attributes.split(separator: ";").map { $0.split(separator: "=", maxSplits: 1) }
        guard let id = pairs.first(where: { $0.first == "duid" })?.last,
              let weight = pairs.first(where: { $0.first == "weight" })?.last.flatMap({ Int($0) }) else { continue }
        result[String(id)] = weight
    }
    return result
}

/// One sipp UAS per agent, 1,000 calls from one sipp UAC through the proxy; returns the calls
/// each agent received.
private func placeCalls(
    round: Int, tools: (kamailio: String, kamcmd: String, sipp: String, modules: String), work: URL,
    proxyPort: UInt16, callerPort: UInt16, agentPorts: [UInt16]
) throws -> [String: Int] {
    var agents: [(id: String, child: Child, calls: URL)] = []
    defer { for agent in agents { agent.child.stop(first: SIGUSR1) } }
    for (index, port) in agentPorts.enumerated() {
        let calls = work.appendingPathComponent("agent\(index + 1)-round\(round)-calls.log")
        let child = try Child(tools.sipp, ["-sf", work.appendingPathComponent("agent.xml").path, "-i", "127.0.0.1", "-p", String(port),
                                           "-timeout", "120s", "-nostdin", "-trace_logs", "-log_file", calls.path],
                              name: "sipp agent \(index + 1)", log: work.appendingPathComponent("agent\(index + 1)-round\(round).log"))
        agents.append(("a\(index + 1)", child, calls))
    }
    try #require(Loopback.waitUntilTaken(agentPorts, seconds: 10), "the sipp agents did not start")

    let caller = try Child(tools.sipp, ["-sf", work.appendingPathComponent("caller.xml").path, "127.0.0.1:\(proxyPort)",
                                        "-i", "127.0.0.1", "-p", String(callerPort), "-m", "1000", "-r", "200", "-l", "200",
                                        "-timeout", "90s", "-nostdin"],
                           name: "sipp caller", log: work.appendingPathComponent("caller-round\(round).log"))
    if !caller.wait(seconds: 100) { caller.stop() }
    #expect(caller.exitStatus == 0, "sipp caller, round \(round): \(caller.output.suffix(1500))")

    // Calls are counted by Call-ID, not by sipp's call statistics: on a busy machine the proxy
    // may retransmit an INVITE after the agent's sipp has finished that call, and sipp then counts
    // it as one more (never completed) call.
    for agent in agents { agent.child.stop(first: SIGUSR1) }
    return Dictionary(uniqueKeysWithValues: agents.map { ($0.id, receivedCalls($0.calls) ?? -1) })
}
