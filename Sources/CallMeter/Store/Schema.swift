import Foundation

/// Schema migrations, keyed on `PRAGMA user_version`. Each step runs in its own transaction; a
/// database newer than this program is refused rather than guessed at.
enum Schema {
    /// The statements of each version, in order; version N is `migrations[N - 1]`.
    /// The frozen lines of closed periods, created by v3 and rebuilt by v10 (to point at the rebuilt
    /// periods) with the same columns: one text, so the two cannot drift apart.
    private static func payrollLinesTable(named name: String, periods: String) -> String {
        """
        CREATE TABLE \(name) (
            period INTEGER NOT NULL REFERENCES \(periods)(id),
            position INTEGER NOT NULL,
            agent_id TEXT NOT NULL,
            agent_name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('minutes', 'bonus')),
            tier TEXT NOT NULL,
            per_minute_e4 INTEGER,
            bonus_percent_e4 INTEGER,
            calls INTEGER NOT NULL,
            billable_seconds INTEGER NOT NULL,
            billable_minutes_e4 INTEGER NOT NULL,
            amount_minor INTEGER NOT NULL,
            adjustment_of TEXT,
            PRIMARY KEY (period, position)
        ) STRICT, WITHOUT ROWID;
        """
    }

    static let migrations: [Migration] = [
        // 1: the store of issue "store and ingest".
        Migration(version: 1, name: "store-and-ingest", sql: """
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
        """),
        // Scoring (issue "quality scores"). Renumbered freely at a merge: nothing else names it.
        Migration(version: 2, name: "scoring", sql: """
        -- The call's 'overall' rating, copied onto the call row so that scoring reads one table in
        -- start-time order instead of joining ratings. The ratings table stays the record; the
        -- triggers keep the copy, whichever importer inserts a rating or attaches a pending one.
        -- -1 means "no overall rating". Not NULL: a NULL takes no byte in the row, so setting a
        -- rating later would grow every rated row and make SQLite rebalance its pages (measured:
        -- 300,000 ratings ingest in 4.2 s that way, 1.8 s with a one-byte -1 that a rating overwrites
        -- in place).
        ALTER TABLE calls ADD COLUMN overall_rating INTEGER NOT NULL DEFAULT -1 CHECK (overall_rating >= -1);
        UPDATE calls SET overall_rating = (
            SELECT r.rating FROM ratings r WHERE r.call = calls.id AND r.question = 'overall')
        WHERE id IN (SELECT call FROM ratings WHERE question = 'overall' AND call IS NOT NULL);
        CREATE INDEX calls_started_at ON calls(started_at);

        CREATE TRIGGER ratings_overall_insert AFTER INSERT ON ratings
        WHEN NEW.question = 'overall' AND NEW.call IS NOT NULL
        BEGIN
            UPDATE calls SET overall_rating = NEW.rating WHERE id = NEW.call;
        END;
        CREATE TRIGGER ratings_overall_update AFTER UPDATE OF call, question, rating ON ratings
        BEGIN
            UPDATE calls SET overall_rating = -1 WHERE OLD.question = 'overall' AND id = OLD.call;
            UPDATE calls SET overall_rating = NEW.rating WHERE NEW.question = 'overall' AND id = NEW.call;
        END;
        CREATE TRIGGER ratings_overall_delete AFTER DELETE ON ratings
        WHEN OLD.question = 'overall' AND OLD.call IS NOT NULL
        BEGIN
            UPDATE calls SET overall_rating = -1 WHERE id = OLD.call;
        END;

        -- One scoring run per local as-of date; re-running a date replaces its run.
        CREATE TABLE score_runs (
            id INTEGER PRIMARY KEY,
            as_of TEXT NOT NULL UNIQUE,          -- YYYY-MM-DD in the center's time zone
            window_days INTEGER NOT NULL,
            window_start INTEGER NOT NULL,       -- Unix seconds, UTC, inclusive
            window_end INTEGER NOT NULL,         -- Unix seconds, UTC, exclusive
            time_zone TEXT NOT NULL,
            rules_sha256 TEXT NOT NULL,          -- SHA-256 of the bytes of scoring.json
            agents INTEGER NOT NULL,
            ratings INTEGER NOT NULL,
            scored_at_ms INTEGER NOT NULL
        ) STRICT;

        -- Scores and percentages in tenths (723 is 72.3); NULL where there is nothing to score.
        CREATE TABLE agent_scores (
            run INTEGER NOT NULL REFERENCES score_runs(id) ON DELETE CASCADE,
            agent INTEGER NOT NULL REFERENCES agents(id),
            calls INTEGER NOT NULL,
            ratings INTEGER NOT NULL,
            satisfied INTEGER NOT NULL,
            wilson_tenths INTEGER,
            score_tenths INTEGER CHECK (score_tenths BETWEEN 0 AND 1000),
            band TEXT NOT NULL CHECK (band IN ('excellent', 'good', 'watch', 'poor', 'insufficient')),
            repeat_tenths INTEGER,
            hangup_tenths INTEGER,
            PRIMARY KEY (run, agent)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX agent_scores_agent ON agent_scores(agent);
        """),
        // Payroll (issue "per-minute payroll"): closed pay periods, their frozen lines and the calls
        // each close paid, so that a closed export never changes and a call is never paid twice.
        Migration(version: 3, name: "payroll-closes", sql: """
        -- One row per closed period. Instants are Unix seconds, UTC: local midnight of the first
        -- day and of the day after the last, in the center's time zone when it was closed.
        CREATE TABLE payroll_periods (
            id INTEGER PRIMARY KEY,
            period TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('monthly', 'semimonthly', 'weekly')),
            starts_at INTEGER NOT NULL,
            ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
            currency TEXT NOT NULL,
            currency_places INTEGER NOT NULL CHECK (currency_places BETWEEN 0 AND 4),
            total_minor INTEGER NOT NULL,
            line_count INTEGER NOT NULL,
            -- SHA-256 of the rfc4180 export of the frozen lines: checked on every later export.
            export_sha256 TEXT NOT NULL,
            tiers_sha256 TEXT NOT NULL,
            payroll_sha256 TEXT NOT NULL,
            -- Every call with an id up to this one that belongs to the period has been paid (in
            -- the period or as an adjustment) or deliberately left unrated; later ids are late.
            settled_through_call INTEGER NOT NULL,
            closed_at_ms INTEGER NOT NULL
        ) STRICT;

        -- The lines of a closed period exactly as exported, in export order.
        \(payrollLinesTable(named: "payroll_lines", periods: "payroll_periods"))

        -- Which close paid each call; tier NULL: left unpaid by a close with --allow-unrated.
        CREATE TABLE payroll_calls (
            call INTEGER PRIMARY KEY REFERENCES calls(id),
            period INTEGER NOT NULL REFERENCES payroll_periods(id),
            tier TEXT
        ) STRICT;
        """),
        // Asterisk import (issue "Import from real PBXs"): CDR legs, queue_log calls still
        // incomplete, agent sessions.
        Migration(version: 4, name: "asterisk-import", sql: """
        ALTER TABLE batches ADD COLUMN rows_merged INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE batches ADD COLUMN rows_ignored INTEGER NOT NULL DEFAULT 0;

        -- Every leg (CDR row) of an Asterisk call, so that a call is rebuilt from all its legs
        -- whichever file brought them. No caller number in clear: only its pseudonym.
        -- fingerprint: HMAC of the row's fields, to recognise a leg sent twice.
        CREATE TABLE asterisk_legs (
            id INTEGER PRIMARY KEY,
            group_key TEXT NOT NULL,
            fingerprint BLOB NOT NULL UNIQUE,
            uniqueid TEXT,
            started_at INTEGER NOT NULL,
            answered_at INTEGER,
            ended_at INTEGER NOT NULL,
            billsec INTEGER NOT NULL,
            disposition TEXT NOT NULL,
            answered INTEGER NOT NULL,
            agent TEXT,
            direction TEXT NOT NULL,
            hotline TEXT,
            queue TEXT,
            caller_hash BLOB,
            batch INTEGER NOT NULL REFERENCES batches(id),
            source_line INTEGER NOT NULL,
            source_column INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX asterisk_legs_group ON asterisk_legs(group_key);
        CREATE INDEX asterisk_legs_batch ON asterisk_legs(batch);

        -- queue_log events of calls not complete yet (the rest is in a file not ingested yet).
        -- They leave this table when their call is stored. No caller number: only its pseudonym.
        CREATE TABLE queue_log_held (
            id INTEGER PRIMARY KEY,
            callid TEXT NOT NULL,
            at INTEGER NOT NULL,
            event TEXT NOT NULL,
            queue TEXT NOT NULL,
            agent TEXT,
            caller_hash BLOB,
            wait_seconds INTEGER,
            talk_seconds INTEGER,
            fingerprint BLOB NOT NULL UNIQUE,
            batch INTEGER NOT NULL REFERENCES batches(id),
            source_line INTEGER NOT NULL,
            source_column INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX queue_log_held_callid ON queue_log_held(callid);
        CREATE INDEX queue_log_held_batch ON queue_log_held(batch);

        -- Login, membership and pause events of agents, kept so that sessions can be rebuilt
        -- when a later file brings an earlier event. queue '' is "all queues".
        CREATE TABLE agent_session_events (
            id INTEGER PRIMARY KEY,
            agent INTEGER NOT NULL REFERENCES agents(id),
            queue TEXT NOT NULL,
            event TEXT NOT NULL,
            at INTEGER NOT NULL,
            login_seconds INTEGER,
            reason TEXT,
            batch INTEGER NOT NULL REFERENCES batches(id),
            source_line INTEGER NOT NULL,
            UNIQUE (agent, queue, event, at)
        ) STRICT;

        -- Logged-in and paused intervals, derived from agent_session_events. kind: 'logged_in' or
        -- 'paused'; queue '' when the interval is not tied to one queue (an agent login, a pause in
        -- all queues). started_at NULL: the start is not in the data; ended_at NULL: still open (or
        -- its end is in a file not ingested yet). Intervals of one agent may overlap (member of
        -- several queues): take their union for logged-in time.
        CREATE TABLE agent_sessions (
            id INTEGER PRIMARY KEY,
            agent INTEGER NOT NULL REFERENCES agents(id),
            kind TEXT NOT NULL,
            queue TEXT NOT NULL,
            started_at INTEGER,
            ended_at INTEGER,
            reason TEXT
        ) STRICT;
        CREATE INDEX agent_sessions_agent ON agent_sessions(agent, started_at);
        """),
        // Routing weights (issue "routing weights and the ACD feed"): the weights computed once per
        // scoring run, the manual pins, and every feed published. Instants are Unix seconds, UTC;
        // dates are local calendar dates `YYYY-MM-DD` in the center's time zone.
        Migration(version: 5, name: "routing-weights", sql: """
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
        """),
        // The daemon (issue "callmeterd"). Renumbered freely at a merge: nothing else names it.
        Migration(version: 6, name: "daemon", sql: """
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
        """),
        // v7: what the daemon is busy with. Its heartbeat is a row of this database, which cannot
        // be written while an ingest holds the write lock: status reads the activity (set, and
        // committed, before the long work starts) to tell a busy daemon from a dead one.
        Migration(version: 7, name: "daemon-activity", sql: """
        ALTER TABLE daemon_state ADD COLUMN activity TEXT;
        ALTER TABLE daemon_state ADD COLUMN activity_since_ms INTEGER;
        """),
        // v8: queue_log RINGNOANSWER events: a queue rang the agent, who let it ring out. The
        // scoring component `ring_no_answer` counts them against the calls the agent took.
        Migration(version: 8, name: "ring-no-answer", sql: """
        CREATE TABLE ring_no_answers (
            id INTEGER PRIMARY KEY,
            agent INTEGER NOT NULL REFERENCES agents(id),
            at INTEGER NOT NULL,
            callid TEXT NOT NULL,
            queue TEXT NOT NULL,
            ring_ms INTEGER,                     -- how long it rang, when the event says
            batch INTEGER NOT NULL REFERENCES batches(id),
            source_line INTEGER NOT NULL,
            UNIQUE (agent, callid, at)
        ) STRICT;
        CREATE INDEX ring_no_answers_at ON ring_no_answers(at);
        ALTER TABLE agent_scores ADD COLUMN ring_no_answer_tenths INTEGER;
        """),
        // v9: which caller-pseudonym key the database's pseudonyms were made with, so that another
        // key swapped in is refused instead of silently breaking every repeat-caller link. One row,
        // written by `Store.init` at the first open of a new or migrated database (that open's key
        // is taken as the database's key).
        Migration(version: 9, name: "pseudonym-key-record", sql: """
        -- HMAC-SHA256 of a fixed label under the key (PseudonymKeyRecord.label): names the key
        -- without revealing it. Instants are Unix milliseconds, UTC.
        CREATE TABLE pseudonym_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            fingerprint BLOB NOT NULL CHECK (length(fingerprint) = 32),
            created_at_ms INTEGER NOT NULL
        ) STRICT;
        """),
        // v10 (issue 14, pay periods): a close can be reopened. A period may then have several
        // closes, one of them at most in force (reopened_at_ms NULL); a reopened close keeps its
        // lines and the calls it settled as history, so a call may appear in several closes.
        // SQLite cannot drop a UNIQUE or change a primary key: the three tables are rebuilt (the
        // children first dropped, so that no foreign key points to a dropped parent).
        Migration(version: 10, name: "payroll-reopen", sql: """
        CREATE TABLE payroll_periods_v10 (
            id INTEGER PRIMARY KEY,
            period TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('monthly', 'semimonthly', 'weekly')),
            starts_at INTEGER NOT NULL,
            ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
            currency TEXT NOT NULL,
            currency_places INTEGER NOT NULL CHECK (currency_places BETWEEN 0 AND 4),
            total_minor INTEGER NOT NULL,
            line_count INTEGER NOT NULL,
            export_sha256 TEXT NOT NULL,
            tiers_sha256 TEXT NOT NULL,
            payroll_sha256 TEXT NOT NULL,
            -- Every call with an id up to this one that belongs to the period has been paid (in
            -- the period or as an adjustment) or deliberately left unrated; later ids are late.
            settled_through_call INTEGER NOT NULL,
            -- settled_through_call as the close set it: restored when a later close that paid
            -- this period's late calls is reopened.
            closed_through_call INTEGER NOT NULL,
            closed_at_ms INTEGER NOT NULL,
            -- The OS user who closed; NULL for closes made before v10.
            closed_by TEXT,
            -- Set when the period was closed before it ended (--early --reason).
            early_reason TEXT,
            reopened_at_ms INTEGER,
            reopened_by TEXT,
            reopen_reason TEXT,
            CHECK ((reopened_at_ms IS NULL) = (reopen_reason IS NULL))
        ) STRICT;
        INSERT INTO payroll_periods_v10 (id, period, kind, starts_at, ends_at, currency, currency_places, total_minor,
                                         line_count, export_sha256, tiers_sha256, payroll_sha256, settled_through_call,
                                         closed_through_call, closed_at_ms)
            SELECT id, period, kind, starts_at, ends_at, currency, currency_places, total_minor, line_count, export_sha256,
                   tiers_sha256, payroll_sha256, settled_through_call,
                   -- Not stored before v10: the last call it settled itself is a safe lower bound
                   -- (late calls are also told apart by payroll_calls).
                   min(settled_through_call, coalesce((SELECT max(c.call) FROM payroll_calls c WHERE c.period = p.id), 0)),
                   closed_at_ms
            FROM payroll_periods p;

        \(payrollLinesTable(named: "payroll_lines_v10", periods: "payroll_periods_v10"))
        INSERT INTO payroll_lines_v10 SELECT * FROM payroll_lines;

        -- Which close paid each call; tier NULL: left unpaid by a close with --allow-unrated. A
        -- call is paid by one close in force at most (`callmeter check`).
        CREATE TABLE payroll_calls_v10 (
            call INTEGER NOT NULL REFERENCES calls(id),
            period INTEGER NOT NULL REFERENCES payroll_periods_v10(id),
            tier TEXT,
            PRIMARY KEY (call, period)
        ) STRICT;
        INSERT INTO payroll_calls_v10 SELECT call, period, tier FROM payroll_calls;

        DROP TABLE payroll_calls;
        DROP TABLE payroll_lines;
        DROP TABLE payroll_periods;
        ALTER TABLE payroll_periods_v10 RENAME TO payroll_periods;
        ALTER TABLE payroll_lines_v10 RENAME TO payroll_lines;
        ALTER TABLE payroll_calls_v10 RENAME TO payroll_calls;
        CREATE INDEX payroll_calls_period ON payroll_calls(period);
        -- Per-call pay detail frozen by a close (`payroll PERIOD --calls`), in export order, exactly
        -- as exported; `details_kept` tells a close that kept none (made before v10) from one of no calls.
        ALTER TABLE payroll_periods ADD COLUMN details_kept INTEGER NOT NULL DEFAULT 0 CHECK (details_kept IN (0, 1));
        CREATE TABLE payroll_call_details (
            period INTEGER NOT NULL REFERENCES payroll_periods(id),
            position INTEGER NOT NULL,
            call_id TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            local_start TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            hotline TEXT NOT NULL,
            tier TEXT NOT NULL,
            per_minute_e4 INTEGER,
            talk_seconds INTEGER NOT NULL,
            hold_seconds INTEGER NOT NULL,
            wrap_seconds INTEGER NOT NULL,
            paid_seconds INTEGER NOT NULL,
            billable_seconds INTEGER NOT NULL,
            line INTEGER,                        -- 1-based row of the pay line in the export
            adjustment_of TEXT,
            unpaid_reason TEXT,
            PRIMARY KEY (period, position)
        ) STRICT;
        -- One close in force per period.
        CREATE UNIQUE INDEX payroll_periods_in_force ON payroll_periods(period) WHERE reopened_at_ms IS NULL;
        """),
        // v11 (issue 14, batches): a file is ingested once per *interpretation*, not once per
        // bytes: the same SHA-256 may come again as another kind, in another format or with other
        // options (a wrong --timezone corrected after a void). `options` is the canonical text of
        // the options that change what is stored (`IngestSettings.interpretation`); '' for batches
        // from before v11, whose options were not recorded. The kind is checked by the importers
        // and `callmeter check`, not by a CHECK: a new kind would otherwise need another rebuild.
        // Rebuilt with foreign keys off (`Migration.foreignKeysOff`): every part's rows point here.
        Migration(version: 11, name: "batches-per-interpretation", foreignKeysOff: true, sql: """
        CREATE TABLE batches_v11 (
            id INTEGER PRIMARY KEY,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            kind TEXT NOT NULL,
            format TEXT NOT NULL,
            options TEXT NOT NULL DEFAULT '',
            rows_read INTEGER NOT NULL DEFAULT 0,
            rows_accepted INTEGER NOT NULL DEFAULT 0,
            rows_duplicate INTEGER NOT NULL DEFAULT 0,
            rows_rejected INTEGER NOT NULL DEFAULT 0,
            started_at_ms INTEGER NOT NULL,
            finished_at_ms INTEGER,
            rows_merged INTEGER NOT NULL DEFAULT 0,
            rows_ignored INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        INSERT INTO batches_v11 (id, file_name, sha256, kind, format, rows_read, rows_accepted, rows_duplicate,
                                 rows_rejected, started_at_ms, finished_at_ms, rows_merged, rows_ignored)
            SELECT id, file_name, sha256, kind, format, rows_read, rows_accepted, rows_duplicate,
                   rows_rejected, started_at_ms, finished_at_ms, rows_merged, rows_ignored
            FROM batches;
        DROP TABLE batches;
        ALTER TABLE batches_v11 RENAME TO batches;
        CREATE INDEX batches_sha256 ON batches(sha256);

        -- The audit of voided batches (`callmeter batch void N --reason`): who (OS user), when
        -- (Unix milliseconds, UTC) and why. Append-only: nothing here is ever updated or deleted.
        -- A voided batch no longer counts as ingested, so the same file may come again.
        CREATE TABLE batch_voids (
            batch INTEGER PRIMARY KEY REFERENCES batches(id),
            voided_at_ms INTEGER NOT NULL,
            voided_by TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (length(reason) > 0)
        ) STRICT;
        """),
        // v12 (issue 14, voiding a batch): what a void needs to undo a batch and to settle pay that
        // a closed period made for its calls (`Store.voidBatch`).
        Migration(version: 12, name: "batch-voids", sql: """
        -- A voided call that a pay close references (payroll_calls), kept so that its pay stays
        -- explained: the calls row is taken out of everything (disposition 'voided', call_id
        -- renamed 'voided:BATCH:CALL_ID' so that a corrected call may be ingested again, no caller
        -- pseudonym) and its original values are here. A voided call no close references is
        -- deleted instead. `reversed_in`: the close (payroll_periods.id) whose negative adjustment
        -- line took its pay back; NULL until a close of the next open period does (set back to
        -- NULL when that close is reopened).
        CREATE TABLE call_voids (
            call INTEGER PRIMARY KEY REFERENCES calls(id),
            batch INTEGER NOT NULL REFERENCES batch_voids(batch),
            call_id TEXT NOT NULL,
            disposition TEXT NOT NULL,
            caller_hash BLOB,
            reversed_in INTEGER REFERENCES payroll_periods(id)
        ) STRICT;
        CREATE INDEX call_voids_reversed_in ON call_voids(reversed_in);

        -- The agent directory row as it was before an `agents` batch changed it: a void puts it
        -- back. existed 0: the batch created the row (a void leaves it as an agent not in the
        -- directory, since scores and feeds may name it). One row per batch and agent, written
        -- before the batch's change. Batches from before v12 have none: their void leaves the
        -- directory as it is (`batch void` says so).
        CREATE TABLE agent_directory_before (
            batch INTEGER NOT NULL REFERENCES batches(id),
            agent_id TEXT NOT NULL,
            existed INTEGER NOT NULL CHECK (existed IN (0, 1)),
            name TEXT,
            sip_uri TEXT,
            active INTEGER NOT NULL,
            started_on TEXT,
            dispatch_set INTEGER NOT NULL,
            in_directory INTEGER NOT NULL,
            PRIMARY KEY (batch, agent_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX agent_directory_before_agent ON agent_directory_before(agent_id, batch);
        -- A batch of agents records its first row in agent_directory_before from v12 on; one from
        -- before cannot be undone (see above).
        ALTER TABLE batches ADD COLUMN agents_recorded INTEGER NOT NULL DEFAULT 0 CHECK (agents_recorded IN (0, 1));
        """),
        // v13 (issue 14, rating scale): each rating
        // keeps the scale it was ingested under (`rating_scale` of center.json then), so that a
        // changed scale does not rescale the history. NULL (ratings from before): read with the
        // current scale. Self-contained: it only adds to `ratings` and a table of its own.
        // `rating_scales_seen` lists every scale a rating was ever stored with (the ratings importer
        // adds its file's scale once, in the file's transaction; a trigger per row cost up to a
        // fifth of the ratings ingest): scoring reads the window's calls alone, as before, unless a
        // scale other than the current one was ever seen; only then it joins each rating's scale.
        Migration(version: 13, name: "rating-scale-per-rating", sql: """
        ALTER TABLE ratings ADD COLUMN scale_min INTEGER;
        ALTER TABLE ratings ADD COLUMN scale_max INTEGER
            CHECK ((scale_min IS NULL) = (scale_max IS NULL)
                   AND (scale_max IS NULL OR (scale_min < scale_max AND rating BETWEEN scale_min AND scale_max)));
        CREATE TABLE rating_scales_seen (
            scale_min INTEGER NOT NULL,
            scale_max INTEGER NOT NULL,
            PRIMARY KEY (scale_min, scale_max)
        ) STRICT, WITHOUT ROWID;
        """),
        // v14 (issue 16): a record of which step ran when, by name. The steps before it ran
        // before there was a record: `Schema.migrate` lists them here with the time it knows (this
        // open's, for a new database; none for an older one).
        Migration(version: 14, name: "migration-record", sql: """
        CREATE TABLE schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at_ms INTEGER
        ) STRICT;
        """),
        // v15 (issue 16): a connected call put the caller through to an agent (answered there, or
        // answered and passed on). Talk, pay and ratings count only these; every query reads the
        // view instead of repeating the condition. `*` is expanded when a query is prepared, so
        // columns added to `calls` later appear here too.
        Migration(version: 15, name: "connected-calls-view", sql: """
        CREATE VIEW connected_calls AS
            SELECT * FROM calls WHERE disposition IN ('answered', 'transferred');
        """),
        // v16 (issue 17, capacity): the hours agents commit to (`ingest commitments`) and their
        // skills (the directory's optional `hotlines` column).
        Migration(version: 16, name: "commitments", sql: """
        -- One row per accepted row of a commitments file. `local_date` is the row's `date`
        -- (YYYY-MM-DD in the center's zone); starts_at/ends_at are Unix seconds UTC, the wall-clock
        -- times placed in that zone (`to` <= `from` is the next day). hotlines: sorted, ';'-separated
        -- numbers the agent commits for; '' is every hotline the agent may take. Replacement: for an
        -- agent and a local date, only the rows of the latest batch that has rows for them are in
        -- force (`Capacity.committedIntervals`); a void deletes its batch's rows, so the batch
        -- before is in force again.
        CREATE TABLE commitments (
            id INTEGER PRIMARY KEY,
            agent INTEGER NOT NULL REFERENCES agents(id),
            local_date TEXT NOT NULL,
            starts_at INTEGER NOT NULL,
            ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
            hotlines TEXT NOT NULL DEFAULT '',
            batch INTEGER NOT NULL REFERENCES batches(id),
            source_line INTEGER NOT NULL,
            UNIQUE (batch, agent, starts_at, ends_at, hotlines)
        ) STRICT;
        -- Reads by time range: a commitment lasts at most 25 hours (24 wall-clock hours over a
        -- change of clocks), so rows overlapping [from, to) start in [from - 25 h, to).
        CREATE INDEX commitments_starts_at ON commitments(starts_at);
        -- The replacement rule and `batch void`.
        CREATE INDEX commitments_agent_date ON commitments(agent, local_date, batch);
        CREATE INDEX commitments_batch ON commitments(batch);

        -- Skills: ';'-separated hotline numbers the agent may take, sorted; NULL or '' is all.
        ALTER TABLE agents ADD COLUMN hotlines TEXT;
        -- Kept with the rest of the row, so that voiding an agents batch puts the skills back too.
        ALTER TABLE agent_directory_before ADD COLUMN hotlines TEXT;
        """),
        // Issue 18, business continuity: feeds renewed when a night cannot make new weights, the
        // fallback feed, and the trail of entering and leaving fallback.
        Migration(version: 17, name: "routing-continuity", sql: """
        -- Why a feed was written, when not from the scores: 'renewal' republishes the agents of the
        -- feed named in rollback_of with a new valid_until (the nightly job could not make new
        -- weights; `renewal` is its number in a row, `renewal_limit` the max_extensions then in
        -- force); 'fallback' is the backup routing of 'weights fallback'. `reason` says why.
        ALTER TABLE weight_feeds ADD COLUMN origin TEXT CHECK (origin IN ('renewal', 'fallback'));
        ALTER TABLE weight_feeds ADD COLUMN reason TEXT;
        ALTER TABLE weight_feeds ADD COLUMN renewal INTEGER;
        ALTER TABLE weight_feeds ADD COLUMN renewal_limit INTEGER;

        -- Entering ('fallback') and leaving ('resume') the fallback routing: who, when, why, and
        -- whether a resume overrode the circuit breaker. Append-only: the triggers refuse to
        -- change or delete a row, so the trail stays. Routing is in fallback while the latest row
        -- is a 'fallback'.
        CREATE TABLE weight_routing_modes (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('fallback', 'resume')),
            reason TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
            feeds TEXT NOT NULL
        ) STRICT;
        CREATE TRIGGER routing_modes_no_update BEFORE UPDATE ON weight_routing_modes
            BEGIN SELECT RAISE(ABORT, 'weight_routing_modes is append-only'); END;
        CREATE TRIGGER routing_modes_no_delete BEFORE DELETE ON weight_routing_modes
            BEGIN SELECT RAISE(ABORT, 'weight_routing_modes is append-only'); END;
        """),
        // v18 (issue 18): each run of routing.json's `after_publish` command, after the feed it
        // followed: who ran it, when, how it ended and the first 4 KiB of its output.
        Migration(version: 18, name: "after-publish-hook-runs", sql: """
        -- One row per run. command: the argv as a JSON array. run_by: the OS user of the publish
        -- (CLI or daemon). started_at/finished_at: Unix seconds UTC. exit_status when it exited by
        -- itself, signal when a signal ended it, timed_out when it outran timeout_seconds and its
        -- process group was killed, start_error when it could not be started. output: the first
        -- 4096 bytes of stdout and stderr, invalid UTF-8 replaced; output_truncated when it wrote more.
        CREATE TABLE weight_feed_hooks (
            id INTEGER PRIMARY KEY,
            feed INTEGER NOT NULL REFERENCES weight_feeds(version),
            command TEXT NOT NULL,
            run_by TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER NOT NULL,
            exit_status INTEGER,
            signal INTEGER,
            timed_out INTEGER NOT NULL CHECK (timed_out IN (0, 1)),
            timeout_seconds INTEGER NOT NULL,
            start_error TEXT,
            output TEXT NOT NULL,
            output_truncated INTEGER NOT NULL CHECK (output_truncated IN (0, 1))
        ) STRICT;
        CREATE INDEX weight_feed_hooks_feed ON weight_feed_hooks(feed);
        """),
        // v19 (issue 18, Asterisk app_queue): the directory's `asterisk_interface` and ACD `queues`
        // columns, and the queue members an asterisk feed wrote, so that a rollback writes the same
        // members and penalties again.
        Migration(version: 19, name: "asterisk-queue-members", sql: """
        -- The agent's app_queue member interface (TECH/RESOURCE, e.g. PJSIP/1001) and the ACD queues
        -- it is a member of: sorted, distinct, ';'-separated queue names (ACDQueueList); NULL or ''
        -- is no queue. Kept in agent_directory_before too, so that voiding an agents batch puts
        -- them back.
        ALTER TABLE agents ADD COLUMN asterisk_interface TEXT;
        ALTER TABLE agents ADD COLUMN queues TEXT;
        ALTER TABLE agent_directory_before ADD COLUMN asterisk_interface TEXT;
        ALTER TABLE agent_directory_before ADD COLUMN queues TEXT;

        -- The members of an asterisk-queues or asterisk-realtime feed, one row per queue and agent,
        -- in the order written (`position` within the queue), with the penalty written and the
        -- queue's strategy then. An agent in several queues has a row in each.
        CREATE TABLE weight_feed_queue_members (
            feed INTEGER NOT NULL REFERENCES weight_feeds(version),
            queue TEXT NOT NULL,
            position INTEGER NOT NULL,
            agent INTEGER NOT NULL REFERENCES agents(id),
            interface TEXT NOT NULL,
            penalty INTEGER NOT NULL CHECK (penalty >= 0),
            strategy TEXT NOT NULL
                CHECK (strategy IN ('ringall', 'leastrecent', 'fewestcalls', 'random', 'rrmemory', 'rrordered', 'linear', 'wrandom')),
            PRIMARY KEY (feed, queue, position),
            UNIQUE (feed, queue, agent)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX weight_feed_queue_members_agent ON weight_feed_queue_members(agent);
        """),
        // v20 (issue 19, survey integrity): each scoring run keeps every agent's integrity measures,
        // expected rates, control limits and flags, written in the run's own transaction and
        // replaced with it (ON DELETE CASCADE), so that `scores` and the report show the trend.
        // Flags are evidence only: nothing reads them to compute a score or a weight.
        Migration(version: 20, name: "survey-integrity", sql: """
        -- The integrity rules a run was assessed with (integrity.json).
        CREATE TABLE score_integrity_runs (
            run INTEGER PRIMARY KEY REFERENCES score_runs(id) ON DELETE CASCADE,
            sigma_hundredths INTEGER NOT NULL,   -- 300 is 3 standard errors
            minimum_calls INTEGER NOT NULL,
            short_call_seconds INTEGER NOT NULL
        ) STRICT;
        -- One row per run and agent with a connected call in the window. `flags`: the raised
        -- flags' names in a fixed order, comma-separated; '' for none (and always for an agent
        -- not judged: fewer connected calls than minimum_calls).
        CREATE TABLE score_integrity_agents (
            run INTEGER NOT NULL REFERENCES score_integrity_runs(run) ON DELETE CASCADE,
            agent INTEGER NOT NULL REFERENCES agents(id),
            calls INTEGER NOT NULL,
            judged INTEGER NOT NULL CHECK (judged IN (0, 1)),
            flags TEXT NOT NULL,
            PRIMARY KEY (run, agent)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX score_integrity_agents_agent ON score_integrity_agents(agent);
        -- Each measure: events of n; the expected share at the agent's hotline mix and its
        -- limits in parts per million (0..1000000, rounded; NULL when no peer had a call to
        -- measure).
        CREATE TABLE score_integrity_measures (
            run INTEGER NOT NULL,
            agent INTEGER NOT NULL,
            measure TEXT NOT NULL CHECK (measure IN ('response', 'agent_ended', 'transfer', 'short_call', 'extreme_rating', 'top_rating')),
            events INTEGER NOT NULL,
            n INTEGER NOT NULL,
            expected_ppm INTEGER,
            lower_ppm INTEGER,
            upper_ppm INTEGER,
            PRIMARY KEY (run, agent, measure),
            FOREIGN KEY (run, agent) REFERENCES score_integrity_agents(run, agent) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;
        """),
    ]

    static var currentVersion: Int { migrations.count }

    /// The step that creates `schema_migrations`.
    static let recordVersion = 14

    /// Brings the database to `target` (default: `currentVersion`), one recorded step at a time.
    /// `nowMilliseconds` stamps the record. Tests of a later step stop at an earlier `target`.
    static func migrate(_ connection: Connection, upTo target: Int = currentVersion,
                        nowMilliseconds: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws {
        guard let found = try connection.scalarInt("PRAGMA user_version") else { return }
        let version = Int(found)
        if version > currentVersion {
            throw StoreError.newerSchema(found: version, supported: currentVersion)
        }
        for migration in migrations where migration.version > version && migration.version <= target {
            if migration.foreignKeysOff { try connection.execute("PRAGMA foreign_keys=OFF") }
            defer { if migration.foreignKeysOff { try? connection.execute("PRAGMA foreign_keys=ON") } }
            try connection.transaction {
                try connection.execute(migration.sql)
                if migration.foreignKeysOff,
                   try connection.scalarInt("SELECT count(*) FROM pragma_foreign_key_check") ?? 0 > 0 {
                    throw StoreError.migrationBrokeForeignKeys(version: migration.version)
                }
                if migration.version == recordVersion {
                    // The steps before the record: with this open's time when they ran in it.
                    for earlier in migrations where earlier.version < recordVersion {
                        try record(earlier, at: earlier.version > version ? nowMilliseconds : nil, connection)
                    }
                }
                if migration.version >= recordVersion { try record(migration, at: nowMilliseconds, connection) }
                // PRAGMA takes no bound parameters; the value is our own integer constant.
                try connection.execute("PRAGMA user_version = \(migration.version)")
            }
        }
    }

    private static func record(_ migration: Migration, at milliseconds: Int64?, _ connection: Connection) throws {
        try connection.run(
            "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (:version, :name, :applied)",
            [":version": .int(migration.version), ":name": .text(migration.name), ":applied": .int(milliseconds)])
    }
}
