/// Published weights read from the routing tables of the store: `weight_feeds`,
/// `weight_feed_agents`, `weight_runs` and `weight_run_agents` (issue "routing weights and the ACD
/// feed"). When any of them is missing (a store without routing), there are no weights: the report
/// says no feed has been published yet.
///
/// What it assumes of those tables (their columns as routing creates them):
/// - `weight_feeds(version, weight_run, format, generated_at, valid_until)`: every feed written,
///   `version` only grows, instants in Unix seconds;
/// - `weight_runs(id, as_of)`: the scoring run's as-of date (`YYYY-MM-DD`) a feed's weights come from;
/// - `weight_feed_agents(feed, agent, weight, pinned)`: the weight each agent got in a feed, pins
///   applied, `agent` the row id in `agents`;
/// - `weight_run_agents(run, agent, previous)`: the weight published for the agent before that
///   run (NULL: never published).
///
/// The latest feed (highest version) whose scoring run is on or before the report's date is the
/// one shown, whatever its format.
struct StoreWeightsSource: WeightsSource {
    let connection: Connection

    static let tables = ["weight_feeds", "weight_feed_agents", "weight_runs", "weight_run_agents"]

    /// Whether the routing tables exist in the store.
    func hasRoutingTables() throws -> Bool {
        let found = try connection.scalarInt(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?, ?)",
            Self.tables.map(SQLValue.text)) ?? 0
        return found == Int64(Self.tables.count)
    }

    func publishedWeights(throughScoringRunOf date: CalendarDate) throws -> PublishedWeights? {
        guard try hasRoutingTables() else { return nil }
        // Prepared here, not cached: the statement names tables that only exist in some stores.
        let feeds = try connection.prepare("""
            SELECT f.version, f.format, f.generated_at, f.valid_until, f.weight_run, r.as_of
            FROM weight_feeds f JOIN weight_runs r ON r.id = f.weight_run
            WHERE r.as_of <= ? ORDER BY f.version DESC LIMIT 1
            """)
        guard let feed = try feeds.rows([.text(date.description)], { row in
            (version: row.int64(0), format: row.text(1), generatedAt: row.int64(2), validUntil: row.int64(3),
             weightRun: row.int64(4), asOf: CalendarDate(row.text(5)))
        }).first else { return nil }
        let agents = try connection.prepare("""
            SELECT a.agent_id, fa.weight, fa.pinned, wa.previous
            FROM weight_feed_agents fa
            JOIN agents a ON a.id = fa.agent
            LEFT JOIN weight_run_agents wa ON wa.run = ? AND wa.agent = fa.agent
            WHERE fa.feed = ?
            """).rows([.int(feed.weightRun), .int(feed.version)]) { row in
                (row.text(0), PublishedWeights.Agent(
                    weight: Int(clamping: row.int64(1)), previous: row.optionalInt64(3).map { Int(clamping: $0) },
                    pinned: row.int64(2) != 0))
            }
        return PublishedWeights(
            version: feed.version, format: feed.format, generatedAt: feed.generatedAt, validUntil: feed.validUntil,
            scoringAsOf: feed.asOf, agents: Dictionary(agents, uniquingKeysWith: { first, _ in first }))
    }
}

extension Store {
    /// The weights of the feeds routing has published in this store (none without routing).
    public var publishedWeights: any WeightsSource { StoreWeightsSource(connection: connection) }
}
