/// Schema migrations, keyed on `PRAGMA user_version`. Each step runs in its own transaction; a
/// database newer than this program is refused rather than guessed at.
enum Schema {
    /// The statements of each version, in order; version N is `migrations[N - 1]`.
    static let migrations: [String] = [
        // 1: the store of issue "store and ingest".
        """
        CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('cdr', 'ratings', 'agents')),
            format TEXT NOT NULL,
            rows_read INTEGER NOT NULL DEFAULT 0,
            rows_accepted INTEGER NOT NULL DEFAULT 0,
            rows_duplicate INTEGER NOT NULL DEFAULT 0,
            rows_rejected INTEGER NOT NULL DEFAULT 0,
            started_at_ms INTEGER NOT NULL,
            finished_at_ms INTEGER
        ) STRICT;

        CREATE TABLE agents (
            id INTEGER PRIMARY KEY,
            agent_id TEXT NOT NULL UNIQUE,
            name TEXT,
            sip_uri TEXT,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            started_on TEXT,
            dispatch_set INTEGER NOT NULL DEFAULT 1,
            in_directory INTEGER NOT NULL DEFAULT 0 CHECK (in_directory IN (0, 1))
        ) STRICT;

        CREATE TABLE hotlines (
            id INTEGER PRIMARY KEY,
            hotline TEXT NOT NULL UNIQUE
        ) STRICT;

        -- Instants are Unix seconds, UTC. Durations are whole seconds. The importers validate
        -- disposition, direction and ended_by; CHECK constraints here cost a fifth of the insert
        -- time of a million-row file (measured), so `callmeter check` verifies them instead.
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            call_id TEXT NOT NULL UNIQUE,
            hotline INTEGER NOT NULL REFERENCES hotlines(id),
            agent INTEGER REFERENCES agents(id),
            started_at INTEGER NOT NULL,
            answered_at INTEGER,
            ended_at INTEGER NOT NULL,
            disposition TEXT NOT NULL,
            talk_seconds INTEGER NOT NULL,
            hold_seconds INTEGER NOT NULL,
            wrap_seconds INTEGER NOT NULL,
            caller_hash BLOB,
            direction TEXT NOT NULL,
            queue TEXT,
            ended_by TEXT,
            batch INTEGER NOT NULL REFERENCES batches(id),
            source_line INTEGER NOT NULL
        ) STRICT;

        -- A rating whose call is not ingested yet has call NULL (pending); it is attached when the
        -- call arrives.
        CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            call_key TEXT NOT NULL,
            call INTEGER REFERENCES calls(id),
            question TEXT NOT NULL,
            rating INTEGER NOT NULL,
            rated_at INTEGER,
            batch INTEGER NOT NULL REFERENCES batches(id),
            source_line INTEGER NOT NULL,
            UNIQUE (call_key, question)
        ) STRICT;
        CREATE INDEX ratings_pending ON ratings(call_key) WHERE call IS NULL;
        CREATE INDEX ratings_call ON ratings(call);

        CREATE TABLE rejects (
            id INTEGER PRIMARY KEY,
            batch INTEGER NOT NULL REFERENCES batches(id),
            line_number INTEGER NOT NULL,
            column_number INTEGER NOT NULL,
            field TEXT NOT NULL,
            reason TEXT NOT NULL,
            raw BLOB NOT NULL
        ) STRICT;
        CREATE INDEX rejects_batch ON rejects(batch);
        """,
        // Routing weights (issue "routing weights and the ACD feed"): the weights computed once per
        // scoring run, the manual pins, and every feed published. Instants are Unix seconds, UTC;
        // dates are local calendar dates `YYYY-MM-DD` in the center's time zone.
        """
        -- One computation per scoring run. `scoring_run` is the run's id in the scoring tables
        -- (no foreign key: a re-scored date may replace that run); `inputs_sha256` is the digest of
        -- the agents, scores and bands the weights were computed from, so that a replaced run with
        -- other scores gets its own computation.
        CREATE TABLE weight_runs (
            id INTEGER PRIMARY KEY,
            scoring_run INTEGER NOT NULL,
            as_of TEXT NOT NULL,
            inputs_sha256 TEXT NOT NULL,
            rules_sha256 TEXT NOT NULL,
            computed_at INTEGER NOT NULL,
            UNIQUE (scoring_run, inputs_sha256)
        ) STRICT;

        -- `previous` is the weight last published for the agent before this run's date (NULL: never
        -- published, the computation started from the ceiling); `weight` is `target` moved from
        -- `previous` by at most the step limit. Pins are not part of it: they apply when publishing.
        CREATE TABLE weight_run_agents (
            run INTEGER NOT NULL REFERENCES weight_runs(id),
            agent INTEGER NOT NULL REFERENCES agents(id),
            score_tenths INTEGER,
            band TEXT NOT NULL,
            scored INTEGER NOT NULL CHECK (scored IN (0, 1)),
            previous INTEGER,
            target INTEGER NOT NULL,
            weight INTEGER NOT NULL,
            PRIMARY KEY (run, agent)
        ) STRICT, WITHOUT ROWID;

        -- A pin applies from `pinned_at` until it is removed (`removed_at`: unpinned or replaced by
        -- a newer pin) or its `until` date has passed (it applies through that local date).
        CREATE TABLE weight_pins (
            id INTEGER PRIMARY KEY,
            agent INTEGER NOT NULL REFERENCES agents(id),
            weight INTEGER NOT NULL,
            reason TEXT NOT NULL,
            until TEXT,
            pinned_by TEXT NOT NULL,
            pinned_at INTEGER NOT NULL,
            removed_by TEXT,
            removed_at INTEGER
        ) STRICT;
        CREATE INDEX weight_pins_agent ON weight_pins(agent);

        -- Every feed written; `version` only grows. A rollback copies the agents of the feed it
        -- names in `rollback_of`.
        CREATE TABLE weight_feeds (
            version INTEGER PRIMARY KEY,
            weight_run INTEGER NOT NULL REFERENCES weight_runs(id),
            format TEXT NOT NULL,
            path TEXT NOT NULL,
            generated_at INTEGER NOT NULL,
            valid_until INTEGER NOT NULL,
            published_by TEXT NOT NULL,
            forced INTEGER NOT NULL CHECK (forced IN (0, 1)),
            rollback_of INTEGER REFERENCES weight_feeds(version),
            sha256 TEXT NOT NULL
        ) STRICT;
        CREATE INDEX weight_feeds_path ON weight_feeds(path, version);

        -- The agents of a feed with the weight published (pins applied); `sip_uri`, `dispatch_set`
        -- and `percent` as written to a kamailio feed (NULL in other formats), so that a rollback
        -- writes the same destinations again.
        CREATE TABLE weight_feed_agents (
            feed INTEGER NOT NULL REFERENCES weight_feeds(version),
            agent INTEGER NOT NULL REFERENCES agents(id),
            weight INTEGER NOT NULL,
            score_tenths INTEGER,
            band TEXT NOT NULL,
            pinned INTEGER NOT NULL CHECK (pinned IN (0, 1)),
            sip_uri TEXT,
            dispatch_set INTEGER,
            percent INTEGER,
            PRIMARY KEY (feed, agent)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX weight_feed_agents_agent ON weight_feed_agents(agent);
        """,
    ]

    static var currentVersion: Int { migrations.count }

    static func migrate(_ connection: Connection) throws {
        guard let found = try connection.scalarInt("PRAGMA user_version") else { return }
        let version = Int(found)
        if version > currentVersion {
            throw StoreError.newerSchema(found: version, supported: currentVersion)
        }
        for next in version..<currentVersion {
            try connection.transaction {
                try connection.execute(migrations[next])
                // PRAGMA takes no bound parameters; the value is our own integer constant.
                try connection.execute("PRAGMA user_version = \(next + 1)")
            }
        }
    }
}
