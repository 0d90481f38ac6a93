import CallMeter
import CallMeterCLI
import Foundation
import Testing

/// The real consumer: Kamailio's dispatcher loads the published kamailio feed, and 1,000 calls
/// through it land on the agents exactly by the feed's percents (algorithm 9 fills a 100-slot
/// table, so every 100 calls follow the percents exactly), before and after a republish and
/// `dispatcher.reload`. Everything on 127.0.0.1; bounded in calls and seconds; processes
/// stopped by PID.
@Test(KamailioTools.required, .timeLimit(.minutes(10)))
func kamailioDispatchesCallsExactlyByThePublishedPercents() throws {
    let scene = try KamailioScene()
    let (fixture, agentIDs, uris) = (scene.fixture, scene.agentIDs, scene.uris)

    // Round 1: weights from a scoring run (never published: 100, 80, 80, 80, 100).
    let (feed, round1) = try scene.publish("kamailio", to: "feed/dispatcher.list", attribute: "weight")
    #expect(round1 == ["a1": 23, "a2": 18, "a3": 18, "a4": 18, "a5": 23])

    let proxy = try scene.startProxy(listFile: feed, algorithm: 9)
    #expect(dispatcherWeights(try proxy.kamcmd("dispatcher.list")) == Dictionary(uniqueKeysWithValues: zip(uris, agentIDs.map { round1[$0] ?? -1 })))

    let received1 = try scene.placeCalls(1000, round: 1)
    #expect(received1 == Dictionary(uniqueKeysWithValues: agentIDs.map { ($0, (round1[$0] ?? 0) * 10) }))

    // Round 2: pins move every agent: 100, 80, 80, 80, 100 of 440 → 20, 40, 60, 70, 100 of 290
    // moves ½ (15.8 + 4.4 + 2.5 + 6.0 + 11.8) = 20.2 % of the calls, under the circuit breaker's 25 %.
    for (agent, weight) in zip(agentIDs, [20, 40, 60, 70, 100]) {
        #expect(fixture.run(["weights", "pin", agent, String(weight), "--reason", "feed test"]).status == 0)
    }
    #expect(fixture.run(["weights", "publish", "--format", "kamailio", "--out", feed.path]).status == 0)
    let round2 = try listedValues(feed, attribute: "weight")
    // 20, 40, 60, 70, 100 of 290: 6.9, 13.8, 20.7, 24.1, 34.5 → 7, 14, 21, 24, 34.
    #expect(round2 == ["a1": 7, "a2": 14, "a3": 21, "a4": 24, "a5": 34])

    let reloaded = try proxy.reload()
    #expect(reloaded.contains("successfully reloaded"), "dispatcher.reload answered: \(reloaded)")
    #expect(dispatcherWeights(try proxy.kamcmd("dispatcher.list")) == Dictionary(uniqueKeysWithValues: zip(uris, agentIDs.map { round2[$0] ?? -1 })))

    let received2 = try scene.placeCalls(1000, round: 2)
    #expect(received2 == Dictionary(uniqueKeysWithValues: agentIDs.map { ($0, (round2[$0] ?? 0) * 10) }))

    proxy.child.stop()
    #expect(!proxy.child.isRunning)
}
