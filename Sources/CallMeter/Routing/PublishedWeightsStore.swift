/// What the other parts read of the published feeds (`PublishedWeightsSource`), from Routing's
/// tables: `weight_feeds` (every feed written, `version` only grows), the as-of date of its
/// `weight_runs` row, the weight of each agent in `weight_feed_agents` (pins applied) and the
/// weight published before that run in `weight_run_agents.previous`.
extension RoutingDatabase: PublishedWeightsSource {
    func publishedWeights(throughScoringRunOf date: CalendarDate) throws -> PublishedWeights? {
        let feed = try connection.firstRow("""
            SELECT f.version, f.format, f.generated_at, f.valid_until, f.weight_run, r.as_of
            FROM weight_feeds f JOIN weight_runs r ON r.id = f.weight_run
            WHERE r.as_of <= :date ORDER BY f.version DESC LIMIT 1
            """, [":date": .text(date.description)]) { row in
                (version: try row.int64("version"), format: try row.text("format"), generatedAt: try row.int64("generated_at"),
                 validUntil: try row.int64("valid_until"), weightRun: try row.int64("weight_run"),
                 asOf: CalendarDate(try row.text("as_of")))
            }
        guard let feed else { return nil }
        let agents = try connection.rows("""
            SELECT a.agent_id, fa.weight, fa.pinned, wa.previous
            FROM weight_feed_agents fa
            JOIN agents a ON a.id = fa.agent
            LEFT JOIN weight_run_agents wa ON wa.run = :run AND wa.agent = fa.agent
            WHERE fa.feed = :feed
            """, [":run": .int(feed.weightRun), ":feed": .int(feed.version)]) { row in
                (try row.text("agent_id"), PublishedWeights.Agent(
                    weight: Int(clamping: try row.int64("weight")), previous: try row.optionalInt64("previous").map { Int(clamping: $0) },
                    pinned: try row.bool("pinned")))
            }
        return PublishedWeights(
            version: feed.version, format: feed.format, generatedAt: feed.generatedAt, validUntil: feed.validUntil,
            scoringAsOf: feed.asOf, agents: Dictionary(agents, uniquingKeysWith: { first, _ in first }))
    }

    func lastFeedGeneratedAt() throws -> Int64? {
        try connection.scalarInt("SELECT max(generated_at) FROM weight_feeds")
    }
}
