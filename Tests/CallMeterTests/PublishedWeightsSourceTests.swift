import Foundation
import Testing
@testable import CallMeter

private func storeWithAgents() throws -> (PayrollFixture, Store) {
    let fixture = try PayrollFixture(agents: [("a1", "Agent One"), ("a2", "Agent Two"), ("a3", "Agent Three")])
    return (fixture, fixture.store)
}

@Test func noFeedPublishedMeansNoWeights() throws {
    let (fixture, store) = try storeWithAgents()
    _ = fixture
    // The routing migration made the tables the report reads.
    #expect(try Weights.published(in: store).publishedWeights(throughScoringRunOf: .day("2026-10-31")) == nil)
    #expect(try Weights.published(in: store).lastFeedGeneratedAt() == nil)
}

@Test(arguments: [
    // (report date, feed version shown): feed 3 is of the run of 2026-10-31, feeds 1 and 2 of 2026-10-30.
    ("2026-10-31", Int64(3)), ("2026-11-05", 3), ("2026-10-30", 2), ("2026-10-29", nil),
])
func latestFeedOfARunOnOrBeforeTheDate(date: String, version: Int64?) throws {
    let (fixture, store) = try storeWithAgents()
    _ = fixture
    let c = store.connection
    func key(_ id: String) throws -> Int64 { try #require(try store.agentKey(id)) }
    try c.execute("""
        INSERT INTO weight_runs VALUES (1, 10, '2026-10-30', 'x', 'r', 0), (2, 11, '2026-10-31', 'y', 'r', 0);
        INSERT INTO weight_feeds (version, weight_run, format, path, generated_at, valid_until, published_by, forced, rollback_of, sha256) VALUES
          (1, 1, 'csv', '/f.csv', 1790000000, 1790129600, 'qa', 0, NULL, 's1'),
          (2, 1, 'kamailio', '/f.list', 1790000100, 1790129700, 'qa', 0, NULL, 's2'),
          (3, 2, 'json', '/f.json', 1790086400, 1790216000, 'qa', 0, NULL, 's3');
        """)
    let insertRunAgent = try c.prepare("INSERT INTO weight_run_agents VALUES (?, ?, NULL, 'good', 1, ?, 80, ?)")
    let insertFeedAgent = try c.prepare("INSERT INTO weight_feed_agents VALUES (?, ?, ?, NULL, 'good', ?, NULL, NULL, NULL)")
    try insertRunAgent.run([.int(1), .int(try key("a1")), .null, .int(100)])
    try insertRunAgent.run([.int(1), .int(try key("a2")), .null, .int(100)])
    try insertRunAgent.run([.int(2), .int(try key("a1")), .int(100), .int(80)])
    try insertRunAgent.run([.int(2), .int(try key("a2")), .int(100), .int(90)])
    for feed: Int64 in [1, 2] {
        try insertFeedAgent.run([.int(feed), .int(try key("a1")), .int(100), .int(0)])
        try insertFeedAgent.run([.int(feed), .int(try key("a2")), .int(100), .int(0)])
    }
    try insertFeedAgent.run([.int(3), .int(try key("a1")), .int(80), .int(0)])
    try insertFeedAgent.run([.int(3), .int(try key("a2")), .int(55), .int(1)])  // pinned below its computed 90

    #expect(try Weights.published(in: store).lastFeedGeneratedAt() == 1_790_086_400)
    let weights = try Weights.published(in: store).publishedWeights(throughScoringRunOf: .day(date))
    #expect(weights?.version == version)
    guard let weights else { return }
    if version == 3 {
        #expect(weights.format == "json")
        #expect(weights.generatedAt == 1_790_086_400)
        #expect(weights.validUntil == 1_790_216_000)
        #expect(weights.scoringAsOf == .day("2026-10-31"))
        #expect(weights.agents["a1"] == PublishedWeights.Agent(weight: 80, previous: 100, pinned: false))
        #expect(weights.agents["a2"] == PublishedWeights.Agent(weight: 55, previous: 100, pinned: true))
        #expect(weights.agents["a2"]?.change == -45)
        #expect(weights.agents["a3"] == nil)
    } else {
        #expect(weights.agents["a1"] == PublishedWeights.Agent(weight: 100, previous: nil, pinned: false))
        #expect(weights.agents["a1"]?.change == nil)
    }
}

@Test func weightsHandOutTheFeedTheyPublished() throws {
    let fixture = try RoutingFixture(count: 2)
    let weights = fixture.weights([snapshot(1, "2026-10-31", [("a01", 850), ("a02", 500)])])
    let published: any PublishedWeightsSource = weights
    #expect(try published.lastFeedGeneratedAt() == nil)
    let result = try weights.publish(asOf: .day("2026-10-31"), format: .csv, path: fixture.path("weights.csv"), force: false)
    #expect(try published.lastFeedGeneratedAt() == result.feed.generatedAt)
    let feed = try #require(try published.publishedWeights(throughScoringRunOf: .day("2026-10-31")))
    #expect(feed.version == result.feed.version)
    #expect(feed.format == "csv")
    #expect(feed.agents == [
        "a01": PublishedWeights.Agent(weight: 100, previous: nil, pinned: false),
        "a02": PublishedWeights.Agent(weight: 80, previous: nil, pinned: false),
    ])
    #expect(try published.publishedWeights(throughScoringRunOf: .day("2026-10-30")) == nil)
}
