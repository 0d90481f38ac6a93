/// Entering and leaving the fallback routing, as recorded in `weight_routing_modes` (append-only:
/// the schema's triggers refuse to change or delete a row).
package struct RoutingModeEvent: Sendable, Equatable {
    package enum Kind: String, Sendable {
        /// `weights fallback`: the backup routing was published.
        case fallback
        /// `weights resume`: score-based weights again.
        case resume
    }

    package let id: Int64
    package let kind: Kind
    package let reason: String
    /// The OS user.
    package let recordedBy: String
    /// Unix seconds, UTC.
    package let recordedAt: Int64
    /// A resume that overrode the circuit breaker (`--force`).
    package let forced: Bool
    /// The feeds written, `vVERSION PATH` separated by `; `.
    package let feeds: String
}

extension RoutingDatabase {
    private static func modeEvent(_ row: Row) throws -> RoutingModeEvent {
        RoutingModeEvent(
            id: try row.int64("id"), kind: RoutingModeEvent.Kind(rawValue: try row.text("kind")) ?? .resume,
            reason: try row.text("reason"), recordedBy: try row.text("recorded_by"), recordedAt: try row.int64("recorded_at"),
            forced: try row.bool("forced"), feeds: try row.text("feeds"))
    }

    /// Records a mode change. Call inside the transaction that wrote its feeds.
    func insertModeEvent(kind: RoutingModeEvent.Kind, reason: String, by user: String, at seconds: Int64, forced: Bool, feeds: String) throws {
        try connection.run("""
            INSERT INTO weight_routing_modes (kind, reason, recorded_by, recorded_at, forced, feeds)
            VALUES (:kind, :reason, :by, :at, :forced, :feeds)
            """, [":kind": .text(kind.rawValue), ":reason": .text(reason), ":by": .text(user), ":at": .int(seconds),
                  ":forced": .bool(forced), ":feeds": .text(feeds)])
    }

    /// The latest mode change; routing is in fallback when it is a `fallback`.
    func lastModeEvent() throws -> RoutingModeEvent? {
        try connection.firstRow("""
            SELECT id, kind, reason, recorded_by, recorded_at, forced, feeds FROM weight_routing_modes ORDER BY id DESC LIMIT 1
            """, [:], Self.modeEvent)
    }

    /// Every mode change, oldest first.
    func modeEvents() throws -> [RoutingModeEvent] {
        try connection.rows("""
            SELECT id, kind, reason, recorded_by, recorded_at, forced, feeds FROM weight_routing_modes ORDER BY id
            """, [:], Self.modeEvent)
    }

    /// The latest feed at each path, newest first.
    func currentFeeds() throws -> [PublishedFeed] {
        try connection.rows("""
            SELECT version, weight_run, format, path, generated_at, valid_until, published_by, forced, rollback_of, sha256,
                   origin, reason, renewal, renewal_limit
            FROM weight_feeds f
            WHERE version = (SELECT max(version) FROM weight_feeds g WHERE g.path = f.path)
            ORDER BY version DESC
            """, [:], Self.feed)
    }

    /// Every feed renewed or published as the fallback, oldest first.
    func continuityFeeds() throws -> [PublishedFeed] {
        try connection.rows("""
            SELECT version, weight_run, format, path, generated_at, valid_until, published_by, forced, rollback_of, sha256,
                   origin, reason, renewal, renewal_limit
            FROM weight_feeds WHERE origin IS NOT NULL ORDER BY version
            """, [:], Self.feed)
    }

    /// The latest weight computation, for a feed that carries no computed weights (the fallback):
    /// every feed names one.
    func latestWeightRunID() throws -> Int64? {
        try connection.scalarInt("SELECT max(id) FROM weight_runs")
    }
}
