import CallMeter
import CallMeterCLI
import Foundation
import Testing

/// The real consumer of the kamailio-rweight feed: Kamailio's dispatcher (algorithm 11) loads the
/// published list and 2,000 calls through it land on the agents by rweight ÷ Σ rweight (a
/// chi-square goodness-of-fit test at p ≥ 0.01, and the exact shares of Kamailio's slot table as
/// `KamailioRelativeFeed.slots` models it); then one agent is set inactive with
/// `kamcmd dispatcher.set_state i 1 URI` and 2,000 more calls are spread over the other four,
/// by their rweights renormalised over the active ones. Everything on 127.0.0.1; bounded in calls
/// and seconds; processes stopped by PID.
@Test(KamailioTools.required, .timeLimit(.minutes(10)))
func kamailioSpreadsCallsByRelativeWeightsOverTheActiveAgents() throws {
    let scene = try KamailioScene()

    // Weights 100, 80, 80, 80, 100 of 440 → rweights 23, 18, 18, 18, 23 (largest remainder, sum 100).
    let (feed, rweights) = try scene.publish("kamailio-rweight", to: "feed/dispatcher-rweight.list", attribute: "rweight")
    #expect(rweights == ["a1": 23, "a2": 18, "a3": 18, "a4": 18, "a5": 23])

    let proxy = try scene.startProxy(listFile: feed, algorithm: 11)
    let listed = try proxy.kamcmd("dispatcher.list")
    #expect(dispatcherValues(listed, field: "RWEIGHT") == Dictionary(uniqueKeysWithValues: zip(scene.uris, scene.agentIDs.map { String(rweights[$0] ?? -1) })))

    // Round 1, every agent active.
    let calls = 2000
    let received1 = try scene.placeCalls(calls, round: 1)
    let all = scene.agentIDs.map { (rweight: rweights[$0] ?? 0, active: true) }
    try expectFits(received1, agentIDs: scene.agentIDs, shares: scene.agentIDs.map { Double(rweights[$0] ?? 0) / 100 }, calls: calls, "all active, rweight ÷ Σ")
    try expectFits(received1, agentIDs: scene.agentIDs, shares: KamailioRelativeFeed.slots(all).map { Double($0) / 100 }, calls: calls,
                   "all active, Kamailio's slots")

    // Round 2: a5's phone goes offline.
    let state = try proxy.kamcmd("dispatcher.set_state", "i", "1", scene.uris[4])
    #expect(!state.contains("error"), "dispatcher.set_state answered: \(state)")
    let flags = dispatcherValues(try proxy.kamcmd("dispatcher.list"), field: "FLAGS")
    #expect(flags[scene.uris[4]]?.hasPrefix("I") == true, "a5's flags after set_state: \(flags[scene.uris[4]] ?? "none")")
    #expect(flags[scene.uris[0]]?.hasPrefix("A") == true)
    let received2 = try scene.placeCalls(calls, round: 2)
    #expect(received2["a5"] == 0)
    let active = Array(scene.agentIDs.prefix(4))
    let activeSum = active.reduce(0) { $0 + (rweights[$1] ?? 0) }
    try expectFits(received2, agentIDs: active, shares: active.map { Double(rweights[$0] ?? 0) / Double(activeSum) }, calls: calls,
                   "a5 inactive, rweight ÷ Σ active")
    // 23, 18, 18, 18 of 77: 29, 23, 23, 23 slots and the 2 left over to a1, the first line.
    let slots = KamailioRelativeFeed.slots(all.enumerated().map { ($1.rweight, $0 != 4) })
    #expect(slots == [31, 23, 23, 23, 0])
    try expectFits(received2, agentIDs: active, shares: slots.prefix(4).map { Double($0) / 100 }, calls: calls, "a5 inactive, Kamailio's slots")

    proxy.child.stop()
    #expect(!proxy.child.isRunning)
}

/// Pearson's chi-square goodness of fit of the calls each agent received against `shares` of
/// `calls`: passes at p ≥ 0.01 (the statistic is at most the 99th percentile of chi-square with
/// agents − 1 degrees of freedom). Every call must have reached one of the agents.
private func expectFits(_ received: [String: Int], agentIDs: [String], shares: [Double], calls: Int, _ what: String) throws {
    // The 0.99 quantiles of chi-square with 1…6 degrees of freedom.
    let critical = [6.635, 9.210, 11.345, 13.277, 15.086, 16.812]
    let degrees = agentIDs.count - 1
    try #require((1...critical.count).contains(degrees))
    let counts = agentIDs.map { received[$0] ?? 0 }
    #expect(counts.reduce(0, +) == calls, "\(what): \(received) do not add up to \(calls) calls")
    let statistic = zip(counts, shares).reduce(0.0) { sum, pair in
        let expected = pair.1 * Double(calls)
        return sum + (Double(pair.0) - expected) * (Double(pair.0) - expected) / expected
    }
    #expect(statistic <= critical[degrees - 1],
            "\(what): chi-square \(statistic) > \(critical[degrees - 1]) (df \(degrees), p < 0.01): received \(counts), shares \(shares)")
}
