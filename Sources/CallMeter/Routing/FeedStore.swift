/// Storing published feeds and their agents.
extension RoutingDatabase {
    private static func feed(_ row: Statement) -> PublishedFeed {
        PublishedFeed(
            version: row.int64(0), weightRunID: row.int64(1), format: FeedFormat(rawValue: row.text(2)) ?? .csv,
            path: row.text(3), generatedAt: row.int64(4), validUntil: row.int64(5), publishedBy: row.text(6),
            forced: row.int64(7) != 0, rollbackOf: row.optionalInt64(8), sha256: row.text(9))
    }

    /// The last feed published to `path`.
    func currentFeed(path: String) throws -> PublishedFeed? {
        try feed(path: path, before: nil)
    }

    /// The last feed published to `path` before `version` (any version when nil).
    func feed(path: String, before version: Int64?) throws -> PublishedFeed? {
        try connection.cached("""
            SELECT version, weight_run, format, path, generated_at, valid_until, published_by, forced, rollback_of, sha256
            FROM weight_feeds WHERE path = ?1 AND (?2 IS NULL OR version < ?2) ORDER BY version DESC LIMIT 1
            """).rows([.text(path), version.map(SQLValue.int) ?? .null], Self.feed).first
    }

    /// The next version: one more than any feed ever published, to any path.
    func nextVersion() throws -> Int64 {
        try (connection.scalarInt("SELECT max(version) FROM weight_feeds") ?? 0) + 1
    }

    /// The agents of a feed, in the order they were written.
    func entries(ofFeed version: Int64) throws -> [FeedEntry] {
        try connection.cached("""
            SELECT a.agent_id, fa.weight, fa.score_tenths, fa.band, fa.pinned, fa.sip_uri, fa.dispatch_set, fa.percent
            FROM weight_feed_agents fa JOIN agents a ON a.id = fa.agent
            WHERE fa.feed = ?
            ORDER BY coalesce(fa.dispatch_set, 0), a.agent_id
            """).rows([.int(version)]) { row in
                FeedEntry(
                    agentID: row.text(0), weight: Int(clamping: row.int64(1)), scoreTenths: row.optionalInt64(2).map { Int(clamping: $0) },
                    band: row.text(3), pinned: row.int64(4) != 0, sipURI: row.optionalText(5),
                    dispatchSet: row.optionalInt64(6).map { Int(clamping: $0) }, percent: row.optionalInt64(7).map { Int(clamping: $0) })
            }
    }

    /// Records a feed and its agents. Call inside a transaction.
    func insert(_ record: PublishedFeed, entries: [FeedEntry], directory: [String: DirectoryAgent]) throws {
        try connection.cached("""
            INSERT INTO weight_feeds (version, weight_run, format, path, generated_at, valid_until, published_by, forced, rollback_of, sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([
                .int(record.version), .int(record.weightRunID), .text(record.format.rawValue), .text(record.path),
                .int(record.generatedAt), .int(record.validUntil), .text(record.publishedBy), .int(record.forced ? 1 : 0),
                record.rollbackOf.map(SQLValue.int) ?? .null, .text(record.sha256),
            ])
        let insert = try connection.cached("""
            INSERT INTO weight_feed_agents (feed, agent, weight, score_tenths, band, pinned, sip_uri, dispatch_set, percent)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for entry in entries {
            guard let agent = directory[entry.agentID] else { throw RoutingError.unknownAgent(entry.agentID) }
            try insert.run([
                .int(record.version), .int(agent.rowID), .int(Int64(entry.weight)), entry.scoreTenths.map { .int(Int64($0)) } ?? .null,
                .text(entry.band), .int(entry.pinned ? 1 : 0), entry.sipURI.map(SQLValue.text) ?? .null,
                entry.dispatchSet.map { .int(Int64($0)) } ?? .null, entry.percent.map { .int(Int64($0)) } ?? .null,
            ])
        }
    }

    /// Every feed that carried `agentRowID`, with the agent's line, oldest first.
    func publications(agentRowID: Int64) throws -> [(feed: PublishedFeed, weight: Int, pinned: Bool, percent: Int?)] {
        try connection.cached("""
            SELECT f.version, f.weight_run, f.format, f.path, f.generated_at, f.valid_until, f.published_by, f.forced,
                   f.rollback_of, f.sha256, fa.weight, fa.pinned, fa.percent
            FROM weight_feed_agents fa JOIN weight_feeds f ON f.version = fa.feed
            WHERE fa.agent = ? ORDER BY f.version
            """).rows([.int(agentRowID)]) { row in
                (Self.feed(row), Int(clamping: row.int64(10)), row.int64(11) != 0, row.optionalInt64(12).map { Int(clamping: $0) })
            }
    }
}
