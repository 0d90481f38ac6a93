/// Voiding a batch (`callmeter batch void N --reason TEXT`): its rows leave the data, in one
/// transaction, and the void is recorded in the append-only `batch_voids` with who, when and why.
///
/// Calls. A call of the batch that no pay close references is deleted, with its legs, held
/// queue_log events, agent session events and rung-out events. One that a close references
/// (`payroll_calls`, also of a reopened close: that history must stay explained) cannot be deleted:
/// it is kept in `calls` but taken out of everything that reads calls, without touching those
/// queries: its disposition becomes 'voided' (every reader of pay, scores and feeds takes only
/// 'answered' or 'transferred'), its caller pseudonym is cleared (repeat-caller links read every
/// disposition) and its call_id is renamed 'voided:BATCH:CALL_ID' so that the corrected call can
/// be ingested again under its own id. `call_voids` keeps the original values. Its pay in a closed
/// period stays there and is taken back by a negative adjustment line in the first open period
/// after that close (`Payroll.computePayroll`), like a late call is paid.
///
/// Ratings. The batch's own ratings are deleted (the triggers put each call's overall rating back);
/// ratings of other batches that pointed at its calls become pending again, and attach to the
/// corrected call when it is ingested.
///
/// Agents. Each directory row an `agents` batch changed gets back the values it had before that
/// batch (`agent_directory_before`), unless a later batch that is not voided changed it since
/// (that later file is the newer truth and stays). A row the batch created becomes an agent not in
/// the directory, with no name, no SIP URI, no Asterisk interface and no queues (scores and feeds may name it, so it is not deleted).
///
/// Commitments. The batch's commitments are deleted; an agent's date it had replaced gets the
/// commitments of the latest batch before it back.
package struct BatchVoidSummary: Sendable {
    package var batch: Int64
    package var kind: String
    package var voidedBy: String
    package var voidedAtMilliseconds: Int64
    /// Calls deleted: no pay close referenced them.
    package var callsDeleted = 0
    /// Calls kept (renamed, disposition 'voided') because a pay close references them.
    package var callsKeptForPay = 0
    package var ratingsDeleted = 0
    /// Ratings of other batches that pointed at the batch's calls and wait again.
    package var ratingsPendingAgain = 0
    package var agentsRestored = 0
    /// Agent rows the batch created, now "not in the directory".
    package var agentsLeftDirectory = 0
    /// Agent rows a later batch changed since: left as that batch set them.
    package var agentsChangedLater: [String] = []
    /// An agents batch from before v12, whose previous values were not recorded.
    package var agentsNotRecorded = false
    /// Asterisk legs, held queue_log events, agent session events and rung-out events deleted.
    package var asteriskRowsDeleted = 0
    /// Commitments of a `commitments` batch deleted.
    package var commitmentsDeleted = 0
    /// Batches not voided that hold the same bytes as the same kind (another format or options, or
    /// an attempt that found only duplicates): ingesting the file again as one of them is "already
    /// ingested" until that batch is voided too.
    package var sameFile: [(batch: Int64, format: String, options: String)] = []
}

/// Why a void was refused.
package enum BatchVoidError: Error, Equatable, CustomStringConvertible {
    case unknownBatch(Int64, database: String)
    case alreadyVoided(Int64, atMilliseconds: Int64, by: String, reason: String)

    package var description: String {
        switch self {
        case .unknownBatch(let batch, let database):
            "there is no batch \(batch) in \(database); `callmeter batches` lists them"
        case .alreadyVoided(let batch, let at, let by, let reason):
            "batch \(batch) was already voided on \(Timestamp.formatUTC(at / 1000)) by \(TerminalText.escaped(by)) "
                + "(\(TerminalText.escaped(reason))); nothing done"
        }
    }
}

extension Store {
    /// Voids batch `id` (see `BatchVoidSummary`): in one transaction, recorded in `batch_voids`.
    package func voidBatch(
        _ id: Int64, reason: String, by user: String, atMilliseconds: Int64 = Store.nowMilliseconds()
    ) throws -> BatchVoidSummary {
        let c = connection
        return try c.transaction {
            guard let kind = try c.scalarText("SELECT kind FROM batches WHERE id = ?", [.int(id)]) else {
                throw BatchVoidError.unknownBatch(id, database: path)
            }
            let earlier = try c.firstRow("SELECT voided_at_ms, voided_by, reason FROM batch_voids WHERE batch = :batch",
                                         [":batch": .int(id)]) { row in
                (at: try row.int64("voided_at_ms"), by: try row.text("voided_by"), reason: try row.text("reason"))
            }
            if let earlier {
                throw BatchVoidError.alreadyVoided(id, atMilliseconds: earlier.at, by: earlier.by, reason: earlier.reason)
            }
            try c.run("INSERT INTO batch_voids (batch, voided_at_ms, voided_by, reason) VALUES (:batch, :at, :by, :reason)",
                      [":batch": .int(id), ":at": .int(atMilliseconds), ":by": .text(user), ":reason": .text(reason)])
            var summary = BatchVoidSummary(batch: id, kind: kind, voidedBy: user, voidedAtMilliseconds: atMilliseconds)

            // Ratings first, while the calls are still there to find the ones pointing at them.
            try c.cached("DELETE FROM ratings WHERE batch = ?").run([.int(id)])
            summary.ratingsDeleted = c.changes
            try c.cached("UPDATE ratings SET call = NULL WHERE call IN (SELECT id FROM calls WHERE batch = ?)").run([.int(id)])
            summary.ratingsPendingAgain = c.changes

            // Calls a close references stay, out of every reader; the others go.
            let keep = try c.cached("""
                INSERT INTO call_voids (call, batch, call_id, disposition, caller_hash)
                SELECT id, batch, call_id, disposition, caller_hash FROM calls WHERE id = :call
                """)
            for call in try Payroll(store: self).callsPaidByCloses(inBatch: id) {
                try keep.run([":call": .int(call)])
                summary.callsKeptForPay += c.changes
            }
            try c.cached("""
                UPDATE calls SET call_id = 'voided:' || batch || ':' || call_id, disposition = 'voided', caller_hash = NULL
                WHERE id IN (SELECT call FROM call_voids WHERE batch = ?)
                """).run([.int(id)])
            try c.cached("DELETE FROM calls WHERE batch = ? AND id NOT IN (SELECT call FROM call_voids)").run([.int(id)])
            summary.callsDeleted = c.changes

            // Asterisk parts: the sessions of the agents whose events go are rebuilt from the rest.
            let sessionAgents = try c.rows("SELECT DISTINCT agent FROM agent_session_events WHERE batch = :batch ORDER BY agent",
                                           [":batch": .int(id)]) { try $0.int64("agent") }
            for table in AsteriskPart.allCases {
                try c.cached(table.deleteStatement).run([.int(id)])
                summary.asteriskRowsDeleted += c.changes
            }
            if !sessionAgents.isEmpty { _ = try AgentSessionBuilder.rebuild(agents: sessionAgents, connection: c) }

            if kind == IngestReport.Kind.agents.rawValue { try restoreAgents(of: id, into: &summary) }
            // Commitments: the batch's rows go; where it replaced an agent's date, the batch
            // before is in force again (`Capacity.committedIntervals`).
            try c.cached("DELETE FROM commitments WHERE batch = ?").run([.int(id)])
            summary.commitmentsDeleted = c.changes
            summary.sameFile = try c.rows("""
                SELECT o.id, o.format, o.options FROM batches b JOIN batches o ON o.sha256 = b.sha256 AND o.kind = b.kind
                WHERE b.id = :batch AND o.id <> :batch AND o.id NOT IN (SELECT batch FROM batch_voids) ORDER BY o.id
                """, [":batch": .int(id)]) { row in
                (batch: try row.int64("id"), format: try row.text("format"), options: try row.text("options"))
            }
            return summary
        }
    }

    /// Puts back the directory rows batch `id` changed (see `BatchVoidSummary`). For each agent,
    /// the values to restore are those before the earliest batch of the run of voided batches that
    /// ends with this one: a row changed by batches 3 then 5, both voided, gets its values from
    /// before 3.
    private func restoreAgents(of id: Int64, into summary: inout BatchVoidSummary) throws {
        let c = connection
        guard try c.scalarInt("SELECT agents_recorded FROM batches WHERE id = ?", [.int(id)]) == 1 else {
            summary.agentsNotRecorded = true
            return
        }
        let agents = try c.rows("SELECT agent_id FROM agent_directory_before WHERE batch = :batch ORDER BY agent_id",
                                [":batch": .int(id)]) { try $0.text("agent_id") }
        let later = try c.cached("""
            SELECT 1 FROM agent_directory_before b
            WHERE b.agent_id = :agent AND b.batch > :batch AND b.batch NOT IN (SELECT batch FROM batch_voids)
            """)
        let start = try c.cached("""
            SELECT min(b.batch) AS first_batch FROM agent_directory_before b
            WHERE b.agent_id = :agent AND b.batch <= :batch AND b.batch > coalesce((
                SELECT max(k.batch) FROM agent_directory_before k
                WHERE k.agent_id = :agent AND k.batch < :batch AND k.batch NOT IN (SELECT batch FROM batch_voids)), 0)
            """)
        let restore = try c.cached("""
            UPDATE agents SET name = b.name, sip_uri = b.sip_uri, active = b.active, started_on = b.started_on,
                              dispatch_set = b.dispatch_set, in_directory = b.in_directory, hotlines = b.hotlines,
                              asterisk_interface = b.asterisk_interface, queues = b.queues
            FROM (SELECT * FROM agent_directory_before WHERE batch = :batch AND agent_id = :agent) AS b
            WHERE agents.agent_id = :agent
            """)
        for agent in agents {
            if try later.firstRow([":agent": .text(agent), ":batch": .int(id)], { _ in true }) != nil {
                summary.agentsChangedLater.append(agent)
                continue
            }
            let from = try start.firstRow([":agent": .text(agent), ":batch": .int(id)]) {
                try $0.optionalInt64("first_batch")
            }.flatMap { $0 } ?? id
            let existed = try c.scalarInt(
                "SELECT existed FROM agent_directory_before WHERE batch = ? AND agent_id = ?", [.int(from), .text(agent)]) ?? 1
            try restore.run([":batch": .int(from), ":agent": .text(agent)])
            if existed == 0 { summary.agentsLeftDirectory += 1 } else { summary.agentsRestored += 1 }
        }
    }
}

/// The tables of the Asterisk import whose rows carry the batch that brought them.
private enum AsteriskPart: CaseIterable {
    case legs, heldQueueEvents, sessionEvents, ringNoAnswers

    /// Literal statements, one per table (no table name is ever interpolated into SQL).
    var deleteStatement: String {
        switch self {
        case .legs: "DELETE FROM asterisk_legs WHERE batch = ?"
        case .heldQueueEvents: "DELETE FROM queue_log_held WHERE batch = ?"
        case .sessionEvents: "DELETE FROM agent_session_events WHERE batch = ?"
        case .ringNoAnswers: "DELETE FROM ring_no_answers WHERE batch = ?"
        }
    }
}
