/// What `callmeterd` records about itself in the database, for `callmeter status`: who runs it,
/// on which inbox, and when it was last alive. One row, replaced at each start-up.
public struct DaemonRecord: Sendable, Equatable {
    public let pid: Int
    public let host: String
    public let version: String
    public let inbox: String
    public let rules: String
    /// `HH:MM`, local time of the center.
    public let nightlyAt: String
    public let pollSeconds: Int
    /// Unix milliseconds, UTC.
    public let startedAtMilliseconds: Int64
    public let heartbeatAtMilliseconds: Int64
    /// Set by a clean shutdown; nil while running (or after a crash).
    public let stoppedAtMilliseconds: Int64?
    /// What it started and has not finished, e.g. `ingesting /srv/inbox/cdr/big.csv`; nil when idle.
    public let activity: String?
    public let activitySinceMilliseconds: Int64?

    package init(
        pid: Int, host: String, version: String, inbox: String, rules: String, nightlyAt: String, pollSeconds: Int,
        startedAtMilliseconds: Int64, heartbeatAtMilliseconds: Int64, stoppedAtMilliseconds: Int64? = nil,
        activity: String? = nil, activitySinceMilliseconds: Int64? = nil
    ) {
        self.pid = pid
        self.host = host
        self.version = version
        self.inbox = inbox
        self.rules = rules
        self.nightlyAt = nightlyAt
        self.pollSeconds = pollSeconds
        self.startedAtMilliseconds = startedAtMilliseconds
        self.heartbeatAtMilliseconds = heartbeatAtMilliseconds
        self.stoppedAtMilliseconds = stoppedAtMilliseconds
        self.activity = activity
        self.activitySinceMilliseconds = activitySinceMilliseconds
    }
}

extension Store {
    /// Replaces the daemon row at start-up.
    package func recordDaemonStart(_ record: DaemonRecord) throws {
        try connection.cached("""
            INSERT OR REPLACE INTO daemon_state
                (id, pid, host, version, inbox, rules, nightly_at, poll_seconds, started_at_ms, heartbeat_at_ms, stopped_at_ms)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
            """).run([
                .int(Int64(record.pid)), .text(record.host), .text(record.version), .text(record.inbox), .text(record.rules),
                .text(record.nightlyAt), .int(Int64(record.pollSeconds)), .int(record.startedAtMilliseconds),
                .int(record.heartbeatAtMilliseconds),
            ])
    }

    /// A heartbeat: alive and idle (any activity is over).
    package func recordHeartbeat(atMilliseconds now: Int64) throws {
        try connection.cached("UPDATE daemon_state SET heartbeat_at_ms = ?, activity = NULL, activity_since_ms = NULL WHERE id = 1")
            .run([.int(now)])
    }

    /// A heartbeat that says what long work starts now (committed before it starts, so that
    /// status can read it while the work holds the write lock).
    package func recordActivity(_ activity: String, atMilliseconds now: Int64) throws {
        try connection.cached("UPDATE daemon_state SET heartbeat_at_ms = ?1, activity = ?2, activity_since_ms = ?1 WHERE id = 1")
            .run([.int(now), .text(activity)])
    }

    package func recordDaemonStop(atMilliseconds now: Int64) throws {
        try connection.cached("""
            UPDATE daemon_state SET heartbeat_at_ms = ?1, stopped_at_ms = ?1, activity = NULL, activity_since_ms = NULL WHERE id = 1
            """).run([.int(now)])
    }

    /// The daemon that last ran on this database, or nil when none ever did.
    public func daemonRecord() throws -> DaemonRecord? {
        try connection.cached("""
            SELECT pid, host, version, inbox, rules, nightly_at, poll_seconds, started_at_ms, heartbeat_at_ms, stopped_at_ms,
                   activity, activity_since_ms
            FROM daemon_state WHERE id = 1
            """).rows {
                DaemonRecord(
                    pid: Int($0.int64(0)), host: $0.text(1), version: $0.text(2), inbox: $0.text(3), rules: $0.text(4),
                    nightlyAt: $0.text(5), pollSeconds: Int($0.int64(6)), startedAtMilliseconds: $0.int64(7),
                    heartbeatAtMilliseconds: $0.int64(8), stoppedAtMilliseconds: $0.optionalInt64(9),
                    activity: $0.isNull(10) ? nil : $0.text(10), activitySinceMilliseconds: $0.optionalInt64(11))
            }.first
    }
}
