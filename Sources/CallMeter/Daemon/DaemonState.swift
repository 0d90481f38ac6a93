/// What `callmeterd` records about itself in the database, for `callmeter status`: who runs it,
/// on which inbox, and when it was last alive. One row, replaced at each start-up.
package struct DaemonRecord: Sendable, Equatable {
    package let pid: Int
    package let host: String
    package let version: String
    package let inbox: String
    package let rules: String
    /// `HH:MM`, local time of the center.
    package let nightlyAt: String
    package let pollSeconds: Int
    /// Unix milliseconds, UTC.
    package let startedAtMilliseconds: Int64
    package let heartbeatAtMilliseconds: Int64
    /// Set by a clean shutdown; nil while running (or after a crash).
    package let stoppedAtMilliseconds: Int64?
    /// What it started and has not finished, e.g. `ingesting /srv/inbox/cdr/big.csv`; nil when idle.
    package let activity: String?
    package let activitySinceMilliseconds: Int64?

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

extension DaemonRecords {
    /// Replaces the daemon row at start-up.
    package func recordDaemonStart(_ record: DaemonRecord) throws {
        try connection.run("""
            INSERT OR REPLACE INTO daemon_state
                (id, pid, host, version, inbox, rules, nightly_at, poll_seconds, started_at_ms, heartbeat_at_ms, stopped_at_ms)
            VALUES (1, :pid, :host, :version, :inbox, :rules, :nightly_at, :poll_seconds, :started_at_ms, :heartbeat_at_ms, NULL)
            """, [
                ":pid": .int(record.pid), ":host": .text(record.host), ":version": .text(record.version),
                ":inbox": .text(record.inbox), ":rules": .text(record.rules), ":nightly_at": .text(record.nightlyAt),
                ":poll_seconds": .int(record.pollSeconds), ":started_at_ms": .int(record.startedAtMilliseconds),
                ":heartbeat_at_ms": .int(record.heartbeatAtMilliseconds),
            ])
    }

    /// A heartbeat: alive and idle (any activity is over).
    package func recordHeartbeat(atMilliseconds now: Int64) throws {
        try connection.run("UPDATE daemon_state SET heartbeat_at_ms = :now, activity = NULL, activity_since_ms = NULL WHERE id = 1",
                           [":now": .int(now)])
    }

    /// A heartbeat that says what long work starts now (committed before it starts, so that
    /// status can read it while the work holds the write lock).
    package func recordActivity(_ activity: String, atMilliseconds now: Int64) throws {
        try connection.run("UPDATE daemon_state SET heartbeat_at_ms = :now, activity = :activity, activity_since_ms = :now WHERE id = 1",
                           [":now": .int(now), ":activity": .text(activity)])
    }

    package func recordDaemonStop(atMilliseconds now: Int64) throws {
        try connection.run("""
            UPDATE daemon_state SET heartbeat_at_ms = :now, stopped_at_ms = :now, activity = NULL, activity_since_ms = NULL
            WHERE id = 1
            """, [":now": .int(now)])
    }

    /// The daemon that last ran on this database, or nil when none ever did.
    package func daemonRecord() throws -> DaemonRecord? {
        try connection.firstRow("""
            SELECT pid, host, version, inbox, rules, nightly_at, poll_seconds, started_at_ms, heartbeat_at_ms, stopped_at_ms,
                   activity, activity_since_ms
            FROM daemon_state WHERE id = 1
            """) { row in
                DaemonRecord(
                    pid: try row.int("pid"), host: try row.text("host"), version: try row.text("version"),
                    inbox: try row.text("inbox"), rules: try row.text("rules"), nightlyAt: try row.text("nightly_at"),
                    pollSeconds: try row.int("poll_seconds"), startedAtMilliseconds: try row.int64("started_at_ms"),
                    heartbeatAtMilliseconds: try row.int64("heartbeat_at_ms"),
                    stoppedAtMilliseconds: try row.optionalInt64("stopped_at_ms"), activity: try row.optionalText("activity"),
                    activitySinceMilliseconds: try row.optionalInt64("activity_since_ms"))
            }
    }
}
