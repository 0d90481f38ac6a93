extension Payroll {
    /// Freezes `period`: computes it (its own calls and the late calls it pays as adjustments),
    /// stores its lines, the digest of its export, its per-call detail and every call it settled,
    /// in one transaction. From then on its export is read back from the stored lines, whatever
    /// happens to the rules or the calls; calls that arrive later for it are paid in the first open
    /// period after it.
    ///
    /// Refused while calls of the period cannot be priced, unless `allowUnrated`: those calls are
    /// then recorded as left unpaid and are not paid later.
    ///
    /// - Parameters:
    ///   - bands: where bonus bands come from; nil: the stored score runs.
    ///   - closedAtMilliseconds: when it is closed (Unix milliseconds); nil: now.
    ///   - closedBy: the user recorded as closing it.
    ///   - earlyReason: why it is closed before it ended, recorded with the close.
    /// - Returns: the payroll as frozen, and the close as stored.
    package func close(
        _ period: PayPeriod, configuration: PayrollConfiguration, bands: (any ScoringResults)? = nil,
        allowUnrated: Bool = false, closedAtMilliseconds: Int64? = nil, closedBy: String? = nil,
        earlyReason: String? = nil
    ) throws -> (payroll: PeriodPayroll, closed: ClosedPeriod) {
        let closedAtMilliseconds = closedAtMilliseconds ?? Store.nowMilliseconds()
        let c = connection
        return try c.transaction {
            let closed = try closedPeriods()
            let payroll = try computePayroll(for: period, configuration: configuration, bands: bands ?? storedScoreBands, closed: closed,
                                             collectCalls: true, collectDetails: true)
            if !payroll.unrated.isEmpty && !allowUnrated {
                let listing = payroll.unrated.map { "  " + $0.describe(rulesFile: configuration.tiers.path) }.joined(separator: "\n")
                throw PayrollError(.unrated(period: period.identifier, calls: payroll.unratedCallCount, listing: listing,
                                            rulesFile: configuration.tiers.path))
            }
            // Every call stored now is either in this computation or belongs elsewhere: the
            // transaction holds the write lock, so no ingest can slip in between.
            let settledThrough = try c.firstRow("SELECT coalesce(max(id), 0) AS last FROM calls") { try $0.int64("last") } ?? 0
            let digest = PayrollCSV.digest(lines: payroll.lines, currency: payroll.currency, places: payroll.places)
            try c.run("""
                INSERT INTO payroll_periods (period, kind, starts_at, ends_at, currency, currency_places, total_minor, line_count,
                                             export_sha256, tiers_sha256, payroll_sha256, settled_through_call,
                                             closed_through_call, closed_at_ms, closed_by, early_reason, details_kept)
                VALUES (:period, :kind, :startsAt, :endsAt, :currency, :places, :total, :lineCount,
                        :exportDigest, :tiersDigest, :payrollDigest, :settledThrough,
                        :settledThrough, :closedAt, :closedBy, :earlyReason, 1)
                """, [
                    ":period": .text(period.identifier), ":kind": .text(period.kind.rawValue),
                    ":startsAt": .int(payroll.startsAt), ":endsAt": .int(payroll.endsAt),
                    ":currency": .text(payroll.currency), ":places": .int(payroll.places),
                    ":total": .int(payroll.total.minorUnits), ":lineCount": .int(payroll.lines.count),
                    ":exportDigest": .text(digest), ":tiersDigest": .text(configuration.tiers.digest),
                    ":payrollDigest": .text(configuration.rules.digest), ":settledThrough": .int(settledThrough),
                    ":closedAt": .int(closedAtMilliseconds), ":closedBy": .text(closedBy), ":earlyReason": .text(earlyReason),
                ])
            let periodRow = c.lastInsertRowID

            let insertLine = try c.prepare("""
                INSERT INTO payroll_lines (period, position, agent_id, agent_name, kind, tier, per_minute_e4, bonus_percent_e4,
                                           calls, billable_seconds, billable_minutes_e4, amount_minor, adjustment_of)
                VALUES (:close, :position, :agentID, :agentName, :kind, :tier, :perMinute, :bonusPercent,
                        :calls, :billableSeconds, :billableMinutes, :amount, :adjustmentOf)
                """)
            for (position, line) in payroll.lines.enumerated() {
                try insertLine.run([
                    ":close": .int(periodRow), ":position": .int(position), ":agentID": .text(line.agentID),
                    ":agentName": .text(line.agentName), ":kind": .text(line.kind.rawValue), ":tier": .text(line.tier),
                    ":perMinute": .int(line.perMinute?.tenThousandths), ":bonusPercent": .int(line.bonusPercent?.tenThousandths),
                    ":calls": .int(line.calls), ":billableSeconds": .int(line.billableSeconds),
                    ":billableMinutes": .int(line.billableMinutes), ":amount": .int(line.amount.minorUnits),
                    ":adjustmentOf": .text(line.adjustmentOf),
                ])
            }

            let insertDetail = try c.prepare("""
                INSERT INTO payroll_call_details (period, position, call_id, agent_id, local_start, started_at, hotline, tier,
                                                  per_minute_e4, talk_seconds, hold_seconds, wrap_seconds, paid_seconds,
                                                  billable_seconds, line, adjustment_of, unpaid_reason)
                VALUES (:close, :position, :callID, :agentID, :localStart, :startedAt, :hotline, :tier,
                        :perMinute, :talk, :hold, :wrap, :paid,
                        :billable, :line, :adjustmentOf, :unpaidReason)
                """)
            for (position, row) in payroll.callDetails.enumerated() {
                try insertDetail.run([
                    ":close": .int(periodRow), ":position": .int(position), ":callID": .text(row.callID),
                    ":agentID": .text(row.agentID), ":localStart": .text(row.localStart), ":startedAt": .int(row.startedAt),
                    ":hotline": .text(row.hotline), ":tier": .text(row.tier), ":perMinute": .int(row.perMinute?.tenThousandths),
                    ":talk": .int(row.talkSeconds), ":hold": .int(row.holdSeconds), ":wrap": .int(row.wrapSeconds),
                    ":paid": .int(row.paidSeconds), ":billable": .int(row.billableSeconds), ":line": .int(row.line),
                    ":adjustmentOf": .text(row.adjustmentOf), ":unpaidReason": .text(row.unpaidReason),
                ])
            }

            let insertCall = try c.prepare("INSERT INTO payroll_calls (call, period, tier) VALUES (:call, :close, :tier)")
            for (call, tier) in payroll.settledCalls {
                try insertCall.run([
                    ":call": .int(call), ":close": .int(periodRow),
                    ":tier": .text(tier >= 0 ? payroll.settledTierIDs[Int(tier)] : nil),
                ])
            }

            // The voided calls whose pay this close takes back are settled by it.
            let reverse = try c.prepare("UPDATE call_voids SET reversed_in = :close WHERE call = :call")
            for call in payroll.reversedCalls {
                try reverse.run([":close": .int(periodRow), ":call": .int(call)])
            }

            // The late calls of the periods this one adjusted are now settled up to here too.
            let settle = try c.prepare("""
                UPDATE payroll_periods SET settled_through_call = :settledThrough WHERE period = :period AND reopened_at_ms IS NULL
                """)
            for adjusted in payroll.adjusting {
                try settle.run([":settledThrough": .int(settledThrough), ":period": .text(adjusted.identifier)])
            }

            guard let stored = try closedPeriods().first(where: { $0.rowID == periodRow }) else {
                throw SQLiteError(extendedCode: 1, message: "the closed period \(period.identifier) was not stored", sql: nil)
            }
            return (payroll, stored)
        }
    }

    /// Reopens the close in force of `period`, which must be the latest closed period: the close
    /// stays as history (its lines, digest and the calls it settled, marked reopened with who, when
    /// and why), and the period is computed live again, with its late calls back among its own. The
    /// periods whose late calls it paid as adjustments get them back as late calls, to be paid by
    /// the period again.
    ///
    /// `atMilliseconds`: when (Unix milliseconds); nil: now.
    ///
    /// - Returns: the close as it is now stored, reopened.
    package func reopen(
        _ period: PayPeriod, reason: String, by user: String, atMilliseconds: Int64? = nil
    ) throws -> ClosedPeriod {
        let atMilliseconds = atMilliseconds ?? Store.nowMilliseconds()
        let c = connection
        return try c.transaction {
            let closed = try closedPeriods()
            guard let target = closed.first(where: { $0.period == period }) else {
                throw PayrollError(.notClosed(period: period.identifier, everClosed: !(try history(of: period)).isEmpty))
            }
            let later = closed.filter { $0.startsAt > target.startsAt }.map(\.period.identifier)
            guard later.isEmpty else { throw PayrollError(.laterClosed(period: period.identifier, later: later)) }
            try c.run("""
                UPDATE payroll_periods SET reopened_at_ms = :at, reopened_by = :by, reopen_reason = :reason WHERE id = :close
                """, [":at": .int(atMilliseconds), ":by": .text(user), ":reason": .text(reason), ":close": .int(target.rowID)])
            // The periods it adjusted had their late calls settled up to its last call: back to what
            // their own close settled (the calls a close still in force paid stay out by payroll_calls).
            try c.run("""
                UPDATE payroll_periods SET settled_through_call = closed_through_call
                WHERE reopened_at_ms IS NULL AND settled_through_call = :settledThrough
                """, [":settledThrough": .int(target.settledThroughCall)])
            // The pay of voided calls it took back is to be taken back by the period again.
            try c.run("UPDATE call_voids SET reversed_in = NULL WHERE reversed_in = :close", [":close": .int(target.rowID)])
            guard let stored = try history(of: period).first(where: { $0.rowID == target.rowID }) else {
                throw SQLiteError(extendedCode: 1, message: "the reopened close of \(period.identifier) was not found", sql: nil)
            }
            return stored
        }
    }

    /// The calls of batch `batch` that a pay close references (in force or reopened): a void keeps
    /// them, renamed, so that the close stays explained (see `Store.voidBatch`).
    package func callsPaidByCloses(inBatch batch: Int64) throws -> [Int64] {
        try connection.rows("""
            SELECT id FROM calls WHERE batch = :batch AND id IN (SELECT call FROM payroll_calls) ORDER BY id
            """, [":batch": .int(batch)]) { try $0.int64("id") }
    }
}
