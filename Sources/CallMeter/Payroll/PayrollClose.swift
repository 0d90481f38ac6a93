extension Store {
    /// Freezes `period`: computes it (its own calls and the late calls it pays as adjustments),
    /// stores its lines, the digest of its export and every call it settled, in one transaction.
    /// From then on its export is read back from the stored lines, whatever happens to the rules or
    /// the calls; calls that arrive later for it are paid in the first open period after it.
    ///
    /// Refused while calls of the period cannot be priced, unless `allowUnrated`: those calls are
    /// then recorded as left unpaid (`payroll_calls.tier` NULL) and are not paid later.
    package func closePayroll(
        _ period: PayPeriod, configuration: PayrollConfiguration, bands: (any ScoringResults)? = nil,
        allowUnrated: Bool = false, closedAtMilliseconds: Int64 = Store.nowMilliseconds(), closedBy: String? = nil,
        earlyReason: String? = nil
    ) throws -> (payroll: PeriodPayroll, closed: ClosedPeriod) {
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
            let settledThrough = try c.scalarInt("SELECT coalesce(max(id), 0) FROM calls") ?? 0
            let digest = PayrollCSV.digest(lines: payroll.lines, currency: payroll.currency, places: payroll.places)
            try c.cached("""
                INSERT INTO payroll_periods (period, kind, starts_at, ends_at, currency, currency_places, total_minor, line_count,
                                             export_sha256, tiers_sha256, payroll_sha256, settled_through_call,
                                             closed_through_call, closed_at_ms, closed_by, early_reason, details_kept)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                """).run([
                    .text(period.identifier), .text(period.kind.rawValue), .int(payroll.startsAt), .int(payroll.endsAt),
                    .text(payroll.currency), .int(Int64(payroll.places)), .int(payroll.total.minorUnits),
                    .int(Int64(payroll.lines.count)), .text(digest), .text(configuration.tiers.digest),
                    .text(configuration.rules.digest), .int(settledThrough), .int(settledThrough), .int(closedAtMilliseconds),
                    closedBy.map(SQLValue.text) ?? .null, earlyReason.map(SQLValue.text) ?? .null,
                ])
            let periodRow = c.lastInsertRowID

            let insertLine = try c.prepare("""
                INSERT INTO payroll_lines (period, position, agent_id, agent_name, kind, tier, per_minute_e4, bonus_percent_e4,
                                           calls, billable_seconds, billable_minutes_e4, amount_minor, adjustment_of)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (position, line) in payroll.lines.enumerated() {
                try insertLine.run([
                    .int(periodRow), .int(Int64(position)), .text(line.agentID), .text(line.agentName), .text(line.kind.rawValue),
                    .text(line.tier), line.perMinute.map { .int($0.tenThousandths) } ?? .null,
                    line.bonusPercent.map { .int($0.tenThousandths) } ?? .null, .int(line.calls), .int(line.billableSeconds),
                    .int(line.billableMinutes), .int(line.amount.minorUnits), line.adjustmentOf.map(SQLValue.text) ?? .null,
                ])
            }

            let insertDetail = try c.prepare("""
                INSERT INTO payroll_call_details (period, position, call_id, agent_id, local_start, started_at, hotline, tier,
                                                  per_minute_e4, talk_seconds, hold_seconds, wrap_seconds, paid_seconds,
                                                  billable_seconds, line, adjustment_of, unpaid_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (position, row) in payroll.callDetails.enumerated() {
                try insertDetail.run([
                    .int(periodRow), .int(Int64(position)), .text(row.callID), .text(row.agentID), .text(row.localStart),
                    .int(row.startedAt), .text(row.hotline), .text(row.tier), row.perMinute.map { .int($0.tenThousandths) } ?? .null,
                    .int(row.talkSeconds), .int(row.holdSeconds), .int(row.wrapSeconds), .int(row.paidSeconds),
                    .int(row.billableSeconds), row.line.map { .int(Int64($0)) } ?? .null, row.adjustmentOf.map(SQLValue.text) ?? .null,
                    row.unpaidReason.map(SQLValue.text) ?? .null,
                ])
            }

            let insertCall = try c.prepare("INSERT INTO payroll_calls (call, period, tier) VALUES (?, ?, ?)")
            for (call, tier) in payroll.settledCalls {
                insertCall.reset()
                try insertCall.bind(call, at: 1)
                try insertCall.bind(periodRow, at: 2)
                try insertCall.bind(tier >= 0 ? payroll.settledTierIDs[Int(tier)] : nil, at: 3)
                try insertCall.step()
            }

            // The voided calls whose pay this close takes back are settled by it.
            let reverse = try c.prepare("UPDATE call_voids SET reversed_in = ? WHERE call = ?")
            for call in payroll.reversedCalls {
                try reverse.run([.int(periodRow), .int(call)])
            }

            // The late calls of the periods this one adjusted are now settled up to here too.
            let settle = try c.prepare("UPDATE payroll_periods SET settled_through_call = ? WHERE period = ? AND reopened_at_ms IS NULL")
            for adjusted in payroll.adjusting {
                try settle.run([.int(settledThrough), .text(adjusted.identifier)])
            }

            guard let stored = try closedPeriods().first(where: { $0.rowID == periodRow }) else {
                throw SQLiteError(extendedCode: 1, message: "the closed period \(period.identifier) was not stored", sql: nil)
            }
            return (payroll, stored)
        }
    }
}

extension Store {
    /// Reopens the close in force of `period`, which must be the latest closed period: the close
    /// stays as history (its lines, digest and the calls it settled, marked reopened with who, when
    /// and why), and the period is computed live again, with its late calls back among its own. The
    /// periods whose late calls it paid as adjustments get them back as late calls, to be paid by
    /// the period again.
    package func reopenPayroll(
        _ period: PayPeriod, reason: String, by user: String, atMilliseconds: Int64 = Store.nowMilliseconds()
    ) throws -> ClosedPeriod {
        let c = connection
        return try c.transaction {
            let closed = try closedPeriods()
            guard let target = closed.first(where: { $0.period == period }) else {
                throw PayrollError(.notClosed(period: period.identifier, everClosed: !(try closeHistory(of: period)).isEmpty))
            }
            let later = closed.filter { $0.startsAt > target.startsAt }.map(\.period.identifier)
            guard later.isEmpty else { throw PayrollError(.laterClosed(period: period.identifier, later: later)) }
            try c.cached("""
                UPDATE payroll_periods SET reopened_at_ms = ?, reopened_by = ?, reopen_reason = ? WHERE id = ?
                """).run([.int(atMilliseconds), .text(user), .text(reason), .int(target.rowID)])
            // The periods it adjusted had their late calls settled up to its last call: back to what
            // their own close settled (the calls a close still in force paid stay out by payroll_calls).
            try c.cached("""
                UPDATE payroll_periods SET settled_through_call = closed_through_call
                WHERE reopened_at_ms IS NULL AND settled_through_call = ?
                """).run([.int(target.settledThroughCall)])
            // The pay of voided calls it took back is to be taken back by the period again.
            try c.cached("UPDATE call_voids SET reversed_in = NULL WHERE reversed_in = ?").run([.int(target.rowID)])
            guard let stored = try closeHistory(of: period).first(where: { $0.rowID == target.rowID }) else {
                throw SQLiteError(extendedCode: 1, message: "the reopened close of \(period.identifier) was not found", sql: nil)
            }
            return stored
        }
    }
}
