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
        // The daemon (issue "callmeterd"). Renumbered freely at a merge: nothing else names it.
        """
        -- One row: the daemon that last ran on this database. Instants are Unix milliseconds, UTC.
        -- `stopped_at_ms` is set on a clean shutdown and cleared at start-up.
        CREATE TABLE daemon_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            version TEXT NOT NULL,
            inbox TEXT NOT NULL,
            rules TEXT NOT NULL,
            nightly_at TEXT NOT NULL,            -- HH:MM, local time of the center
            poll_seconds INTEGER NOT NULL,
            started_at_ms INTEGER NOT NULL,
            heartbeat_at_ms INTEGER NOT NULL,
            stopped_at_ms INTEGER
        ) STRICT;

        -- One row per attempt of the nightly job. `slot` is the local date whose nightly time the
        -- attempt belongs to, `as_of` the date it computed up to (the day before the slot). An
        -- attempt that was cut short (the daemon killed) stays 'running' until the next start-up
        -- marks it 'interrupted'.
        CREATE TABLE nightly_runs (
            id INTEGER PRIMARY KEY,
            slot TEXT NOT NULL,                  -- YYYY-MM-DD, local
            as_of TEXT NOT NULL,                 -- YYYY-MM-DD, local
            attempt INTEGER NOT NULL,            -- 1 for the first attempt of a slot
            started_at_ms INTEGER NOT NULL,
            finished_at_ms INTEGER,
            outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'failed', 'interrupted')),
            detail TEXT
        ) STRICT;
        CREATE INDEX nightly_runs_slot ON nightly_runs(slot, id);
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
