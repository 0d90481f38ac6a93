/// Storing published feeds and their agents.
extension RoutingDatabase {
    static func feed(_ row: Row) throws -> PublishedFeed {
        PublishedFeed(
            version: try row.int64("version"), weightRunID: try row.int64("weight_run"),
            format: FeedFormat(rawValue: try row.text("format")) ?? .csv, path: try row.text("path"),
            generatedAt: try row.int64("generated_at"), validUntil: try row.int64("valid_until"),
            publishedBy: try row.text("published_by"), forced: try row.bool("forced"), rollbackOf: try row.optionalInt64("rollback_of"),
            sha256: try row.text("sha256"), origin: try row.optionalText("origin").flatMap(FeedOrigin.init(rawValue:)),
            reason: try row.optionalText("reason"), renewal: try row.optionalInt64("renewal").map { Int(clamping: $0) },
            renewalLimit: try row.optionalInt64("renewal_limit").map { Int(clamping: $0) })
    }

    /// The last feed published to `path`.
    func currentFeed(path: String) throws -> PublishedFeed? {
        try feed(path: path, before: nil)
    }

    /// The last feed published to `path` before `version` (any version when nil).
    func feed(path: String, before version: Int64?) throws -> PublishedFeed? {
        try connection.firstRow("""
            SELECT version, weight_run, format, path, generated_at, valid_until, published_by, forced, rollback_of, sha256,
                   origin, reason, renewal, renewal_limit
            FROM weight_feeds WHERE path = :path AND (:before IS NULL OR version < :before) ORDER BY version DESC LIMIT 1
            """, [":path": .text(path), ":before": .int(version)], Self.feed)
    }

    /// The next version: one more than any feed ever published, to any path.
    func nextVersion() throws -> Int64 {
        try (connection.scalarInt("SELECT max(version) FROM weight_feeds") ?? 0) + 1
    }

    /// The agents of a feed, in the order they were written.
    func entries(ofFeed version: Int64) throws -> [FeedEntry] {
        try connection.rows("""
            SELECT a.agent_id, fa.weight, fa.score_tenths, fa.band, fa.pinned, fa.sip_uri, fa.dispatch_set, fa.percent
            FROM weight_feed_agents fa JOIN agents a ON a.id = fa.agent
            WHERE fa.feed = :feed
            ORDER BY coalesce(fa.dispatch_set, 0), a.agent_id
            """, [":feed": .int(version)]) { row in
                FeedEntry(
                    agentID: try row.text("agent_id"), weight: Int(clamping: try row.int64("weight")),
                    scoreTenths: try row.optionalInt64("score_tenths").map { Int(clamping: $0) }, band: try row.text("band"),
                    pinned: try row.bool("pinned"), sipURI: try row.optionalText("sip_uri"),
                    dispatchSet: try row.optionalInt64("dispatch_set").map { Int(clamping: $0) },
                    percent: try row.optionalInt64("percent").map { Int(clamping: $0) })
            }
    }

    /// Records a feed and its agents. Call inside a transaction.
    func insert(_ record: PublishedFeed, entries: [FeedEntry], directory: [String: DirectoryAgent]) throws {
        try connection.run("""
            INSERT INTO weight_feeds (version, weight_run, format, path, generated_at, valid_until, published_by, forced, rollback_of, sha256,
                                      origin, reason, renewal, renewal_limit)
            VALUES (:version, :weight_run, :format, :path, :generated_at, :valid_until, :published_by, :forced, :rollback_of, :sha256,
                    :origin, :reason, :renewal, :renewal_limit)
            """, [
                ":version": .int(record.version), ":weight_run": .int(record.weightRunID), ":format": .text(record.format.rawValue),
                ":path": .text(record.path), ":generated_at": .int(record.generatedAt), ":valid_until": .int(record.validUntil),
                ":published_by": .text(record.publishedBy), ":forced": .bool(record.forced), ":rollback_of": .int(record.rollbackOf),
                ":sha256": .text(record.sha256), ":origin": .text(record.origin?.rawValue), ":reason": .text(record.reason),
                ":renewal": .int(record.renewal), ":renewal_limit": .int(record.renewalLimit),
            ])
        let insert = try connection.cached("""
            INSERT INTO weight_feed_agents (feed, agent, weight, score_tenths, band, pinned, sip_uri, dispatch_set, percent)
            VALUES (:feed, :agent, :weight, :score_tenths, :band, :pinned, :sip_uri, :dispatch_set, :percent)
            """)
        for entry in entries {
            guard let agent = directory[entry.agentID] else { throw RoutingError.unknownAgent(entry.agentID) }
            try insert.run([
                ":feed": .int(record.version), ":agent": .int(agent.rowID), ":weight": .int(entry.weight),
                ":score_tenths": .int(entry.scoreTenths), ":band": .text(entry.band), ":pinned": .bool(entry.pinned),
                ":sip_uri": .text(entry.sipURI), ":dispatch_set": .int(entry.dispatchSet), ":percent": .int(entry.percent),
            ])
        }
    }

    /// The queue members of an Asterisk feed, by queue in the order written.
    func queueMembers(ofFeed version: Int64) throws -> [StoredQueueMember] {
        try connection.rows("""
            SELECT m.queue, a.agent_id, m.interface, m.penalty, m.strategy
            FROM weight_feed_queue_members m JOIN agents a ON a.id = m.agent
            WHERE m.feed = :feed ORDER BY m.queue, m.position
            """, [":feed": .int(version)]) { row in
                let strategy = try row.text("strategy")
                guard let known = AsteriskQueueRules.Strategy(rawValue: strategy) else {
                    throw RoutingError.unknownStrategy(strategy, feed: version)
                }
                return StoredQueueMember(
                    queue: try row.text("queue"), agentID: try row.text("agent_id"), interface: try row.text("interface"),
                    penalty: Int(clamping: try row.int64("penalty")), strategy: known)
            }
    }

    /// Records the queue members of an Asterisk feed. Call inside a transaction.
    func insert(queues: [AsteriskQueue], feed version: Int64, directory: [String: DirectoryAgent]) throws {
        let insert = try connection.cached("""
            INSERT INTO weight_feed_queue_members (feed, queue, position, agent, interface, penalty, strategy)
            VALUES (:feed, :queue, :position, :agent, :interface, :penalty, :strategy)
            """)
        for queue in queues {
            for (position, member) in queue.members.enumerated() {
                guard let agent = directory[member.agentID] else { throw RoutingError.unknownAgent(member.agentID) }
                try insert.run([
                    ":feed": .int(version), ":queue": .text(queue.name), ":position": .int(position), ":agent": .int(agent.rowID),
                    ":interface": .text(member.interface), ":penalty": .int(member.penalty), ":strategy": .text(queue.strategy.rawValue),
                ])
            }
        }
    }

    /// Every feed that carried `agentRowID`, with the agent's line, oldest first.
    func publications(agentRowID: Int64) throws -> [(feed: PublishedFeed, weight: Int, pinned: Bool, percent: Int?)] {
        try connection.rows("""
            SELECT f.version, f.weight_run, f.format, f.path, f.generated_at, f.valid_until, f.published_by, f.forced,
                   f.rollback_of, f.sha256, f.origin, f.reason, f.renewal, f.renewal_limit, fa.weight AS agent_weight, fa.pinned AS agent_pinned, fa.percent AS agent_percent
            FROM weight_feed_agents fa JOIN weight_feeds f ON f.version = fa.feed
            WHERE fa.agent = :agent ORDER BY f.version
            """, [":agent": .int(agentRowID)]) { row in
                (try Self.feed(row), Int(clamping: try row.int64("agent_weight")), try row.bool("agent_pinned"),
                 try row.optionalInt64("agent_percent").map { Int(clamping: $0) })
            }
    }
}
