import CallMeter
@testable import CallMeterDaemon
import Foundation
import Testing

// Business continuity in the daemon: a night that cannot make new weights publishes the last
// good feed again with a new valid_until (at most max_extensions nights in a row, shipped 3), so
// the ACD never falls onto an expired feed because of CallMeter; the fallback feed is renewed for
// as long as routing is in fallback. Every night runs on the fake clock: 02:30 in Zurich is
// 01:30Z in November.

/// The real nightly job, unless the test makes the night fail.
final class ScriptedJob: NightlyJob {
    var failure: (any Error)?
    private let real = ScoreAndPublishJob(environment: ["USER": "nightly"])

    func run(_ request: NightlyRequest) throws -> NightlySummary {
        if let failure { throw failure }
        return try real.run(request)
    }
}

/// A daemon on the fixtures (csv feed, shipped rules otherwise) whose first night, 2026-11-01,
/// publishes feed v1 from the scores as of 2026-10-31.
struct RenewalRig {
    let rig: DaemonRig
    let job = ScriptedJob()

    init(_ label: String) throws {
        rig = try DaemonRig(label, at: "2026-11-01T01:30:00Z", rules: { try $0.copyRules() }, job: job)
        for (kind, file) in [(IngestReport.Kind.agents, "agents.csv"), (.cdr, "cdr.csv"), (.ratings, "ratings.csv")] {
            _ = try Ingestion(store: rig.store).ingest(file: Repository.root.appendingPathComponent("Fixtures/\(file)").path, kind: kind)
        }
        try rig.daemon.startUp()
        rig.daemon.tick()
    }

    var feedPath: String { rig.scratch.file("feeds/weights.csv") }

    /// The night of 2026-11-DAY at 02:30 local, then a retry 30 s later (a failed night is retried
    /// with backoff: the retry must not renew again).
    func night(_ day: Int) {
        rig.clock.set("2026-11-\(day < 10 ? "0" : "")\(day)T01:30:00Z")
        rig.daemon.tick()
        rig.clock.advance(seconds: 30)
        rig.daemon.tick()
    }

    func current() throws -> PublishedFeed {
        let rules = try RoutingRules.load(directory: URL(fileURLWithPath: rig.scratch.file("rules"), isDirectory: true))
        let weights = Weights(store: rig.store, rules: rules, timeZone: TimeZone(identifier: "UTC") ?? .current, user: "test", now: { 0 })
        return try #require(try weights.currentFeed(path: feedPath))
    }

    /// The agent lines of the csv feed (the header and the agents; the version is in the sidecar).
    func feedLines() -> [Substring] {
        (rig.scratch.read("feeds/weights.csv") ?? "").split(separator: "\r\n")
    }

    var statusLines: [String] {
        DaemonStatus(store: rig.store, inbox: nil, nowMilliseconds: rig.clock.now).lines
    }
}

/// Why a night could not make new weights.
enum BadNight: String, CaseIterable, Sendable {
    /// No answered call in the scoring window (the real job on a date after the fixtures).
    case noScoringData
    /// A rule file the job cannot use.
    case brokenRules
    /// The circuit breaker refuses the new feed (the real job after a quarter of the agents left).
    case breakerRefusal
}

@Test(arguments: BadNight.allCases)
func aNightWithoutNewWeightsRenewsTheLastGoodFeed(_ bad: BadNight) throws {
    let rig = try RenewalRig("renew-\(bad.rawValue)")
    let good = try rig.current()
    #expect(good.version == 1 && good.origin == nil)
    let agents = rig.feedLines()
    let day: Int
    switch bad {
    case .noScoringData:
        day = 30  // the window ending 2026-11-29 holds no call of the fixtures
    case .brokenRules:
        day = 2
        rig.job.failure = RulesError(
            file: "scoring.json", position: nil, keyPath: "components", reason: "broken for the test", sourceLine: nil)
    case .breakerRefusal:
        day = 2
        let directory = try String(contentsOf: Repository.root.appendingPathComponent("Fixtures/agents.csv"), encoding: .utf8)
        let edited = directory.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("a100,") ? line.replacingOccurrences(of: ",true", with: ",false") : String(line)
        }.joined(separator: "\n")
        try rig.rig.scratch.write("a100-inactive.csv", edited, direct: true)
        _ = try Ingestion(store: rig.rig.store).ingest(file: rig.rig.scratch.file("a100-inactive.csv"), kind: .agents)
    }
    rig.night(day)

    let renewed = try rig.current()
    #expect(renewed.version == 2)
    #expect(renewed.origin == .renewal && renewed.rollbackOf == 1 && renewed.renewal == 1 && renewed.renewalLimit == 3)
    // Valid for valid_hours (36) from the night, not from the good feed.
    #expect(renewed.validUntil == FakeClock.parse("2026-11-\(day < 10 ? "0" : "")\(day)T01:30:00Z") / 1000 + 36 * 3600)
    #expect(rig.feedLines() == agents)
    let logged = try #require(rig.rig.lines.all.first { $0.contains("event=feed-renewed") })
    #expect(logged.contains("renewal_of=1") && logged.contains("renewal=\"1 of 3\""))
    switch bad {
    case .noScoringData: #expect(logged.contains("no answered calls in the scoring window"))
    case .brokenRules: #expect(logged.contains("broken for the test"))
    case .breakerRefusal: #expect(logged.contains("circuit breaker"))
    }
    // The night's outcome says so (its retry, the same night, renews nothing more).
    #expect(rig.rig.lines.all.filter { $0.contains("renewed v1 as v2 (renewal 1 of 3)") }.count == 1)
    #expect(rig.rig.lines.all.filter { $0.contains("event=feed-renewed") }.count == 1)
    #expect(rig.statusLines.contains { $0.hasPrefix("Routing:  feed v2 (csv) at \(rig.feedPath): renewal 1 of 3 of v1") })
}

@Test func afterMaxExtensionsTheFeedIsLeftToExpireAndStatusSaysCriticalUntilAGoodNight() throws {
    let rig = try RenewalRig("renew-limit")
    rig.job.failure = FakeJob.Failure()
    for day in 2...4 { rig.night(day) }
    #expect(try rig.current().version == 4)
    #expect(try rig.current().renewal == 3)

    // The fourth night in a row: no renewal; the feed of night 4 expires 36 h after it.
    rig.night(5)
    #expect(try rig.current().version == 4)
    let refused = try #require(rig.rig.lines.all.first { $0.contains("event=feed-not-renewed") })
    #expect(refused.contains("level=error") && refused.contains("CRITICAL"))
    let critical = try #require(rig.statusLines.first { $0.hasPrefix("Routing:  CRITICAL") })
    #expect(critical.contains("3 nights in a row; feed v4 (csv)"))
    #expect(critical.contains("expires at 2026-11-05T13:30:00Z"))
    #expect(critical.contains("'callmeter weights publish'") && critical.contains("'callmeter weights fallback --reason TEXT'"))
    rig.rig.clock.set("2026-11-05T14:00:00Z")
    #expect(rig.statusLines.contains { $0.contains("EXPIRED at 2026-11-05T13:30:00Z") })

    // A good night publishes the scores and starts the count again.
    rig.job.failure = nil
    rig.night(6)
    let fresh = try rig.current()
    #expect(fresh.version == 5 && fresh.origin == nil)
    #expect(!rig.statusLines.contains { $0.hasPrefix("Routing:") })
    rig.job.failure = FakeJob.Failure()
    rig.night(7)
    #expect(try rig.current().renewal == 1)
    #expect(try rig.current().rollbackOf == 5)
}

@Test func inFallbackTheNightKeepsTheFallbackFeedValidAndPublishesNoScores() throws {
    let rig = try RenewalRig("renew-fallback")
    let rules = try RuleSet.load(directory: URL(fileURLWithPath: rig.rig.scratch.file("rules"), isDirectory: true))
    let weights = Weights(store: rig.rig.store, rules: rules.routing, timeZone: rules.center.timeZone, user: "qa-lead",
                          now: { rig.rig.clock.now / 1000 })
    rig.rig.clock.set("2026-11-01T09:00:00Z")
    let fallback = try weights.fallback(reason: "ratings feed broken since Friday", databasePath: rig.rig.store.path)
    #expect(fallback.published.map(\.feed.version) == [2])
    #expect(rig.feedLines().dropFirst().allSatisfy { $0.contains(",100,,fallback") })

    // More nights than max_extensions: the fallback is renewed every night, never CRITICAL.
    for day in 2...6 { rig.night(day) }
    let current = try rig.current()
    #expect(current.version == 7 && current.origin == .renewal && current.rollbackOf == 2 && current.renewal == 5)
    #expect(current.renewalLimit == nil)
    #expect(rig.feedLines().dropFirst().allSatisfy { $0.contains(",100,,fallback") })
    let status = rig.statusLines
    #expect(status.contains("Routing:  FALLBACK: routing is on the backup routing since 2026-11-01T09:00:00Z, by qa-lead: "
                            + "ratings feed broken since Friday. The nightly job renews it and publishes no scores until "
                            + "'callmeter weights resume'."))
    #expect(!status.contains { $0.contains("CRITICAL") })
    let run = try #require(try DaemonRecords(store: rig.rig.store).lastNightlyRun())
    #expect(run.outcome == .ok && run.detail?.contains("routing is in fallback") == true)

    // The morning page says so at the top.
    let page = try #require(rig.rig.scratch.read("reports/latest.html"))
    #expect(page.contains("<strong>Routing is in FALLBACK</strong>"))
    #expect(page.contains("by qa-lead: ratings feed broken since Friday"))
}
