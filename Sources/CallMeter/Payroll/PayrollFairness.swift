/// Per-minute pay seen per hour: does it reach a minimum hourly wage?
///
/// Per agent: paid minutes and earnings of the period's own calls (minutes lines and bonus;
/// adjustments for earlier periods are left out, they pay other periods' work), and, when session
/// data exists, logged-in minutes, occupancy (handled time / logged-in time) and earnings per
/// logged-in hour, flagged when below `minimum_hourly`; with commitments, committed minutes and
/// adherence (`Capacity.adherence`).
package struct FairnessReport: Sendable {
    package struct Row: Sendable, Equatable {
        package let agentID: String
        package let agentName: String
        package let calls: Int64
        package let paidSeconds: Int64
        /// The sum of the lines' billable minutes, in ten-thousandths.
        package let paidMinutes: Int64
        package let earnings: Money
        /// Talk + hold + wrap of the agent's answered and transferred calls.
        package let handledSeconds: Int64
        /// nil without session data.
        package let loggedInSeconds: Int64?
        /// `loggedInSeconds / 60` to two decimals (like paid minutes), in ten-thousandths, rounded
        /// by the amount rule.
        package let loggedInMinutes: Int64?
        /// Sessions never closed in the data (no REMOVEMEMBER or logoff), counted to the agent's
        /// logoff or last event.
        package let openSessions: Int
        /// Handled / logged-in, in tenths of a percent; nil without sessions or logged-in time.
        package let occupancyPermille: Int64?
        package let perLoggedInHour: Money?
        /// Earnings per paid hour: an upper bound of the hourly figure, known without sessions.
        package let perPaidHour: Money?
        /// Below `minimum_hourly` per logged-in hour, or already per paid hour (then certainly
        /// below per logged-in hour too); nil when it cannot be told.
        package let underMinimum: Bool?
        /// Committed time and how it was kept (`Capacity.adherence`); nil for an agent without
        /// commitments or logged-in time in the period.
        package let adherence: AgentAdherence?
    }

    package let period: PayPeriod
    package let currency: String
    package let places: Int
    package let minimumHourly: FixedDecimal?
    package let hasSessions: Bool
    package let rows: [Row]
}

extension Payroll {
    /// Per-minute pay seen per hour for `period` (see `FairnessReport`): per agent, paid minutes,
    /// earnings and, with session data, logged-in time, occupancy and earnings per logged-in hour,
    /// flagged when below `payroll.json`'s `minimum_hourly`.
    ///
    /// - Parameters:
    ///   - bands: where bonus bands come from; nil: the stored score runs.
    ///   - sessions: where logged-in time comes from; nil: the agent sessions imported from a
    ///     `queue_log`, an open session counted up to the agent's logoff or last event, never past now.
    ///   - adherence: committed time and adherence; nil: `Capacity.adherence` of the period on this
    ///     store, open sessions counted up to now.
    package func fairness(
        for period: PayPeriod, configuration: PayrollConfiguration, bands: (any ScoringResults)? = nil,
        sessions: (any AgentSessionSource)? = nil, adherence: AdherenceReport? = nil
    ) throws -> FairnessReport {
        let now = Store.nowMilliseconds() / 1000
        let sessions = sessions ?? StoredAgentSessions(connection: connection, openUntil: now)
        let adherence = try adherence ?? Capacity(store: store, timeZone: configuration.center.timeZone).adherence(for: period, now: now)
        let adherenceByAgent = Dictionary(adherence.agents.map { ($0.agentID, $0) }, uniquingKeysWith: { first, _ in first })
        let payroll = try self.payroll(for: period, configuration: configuration, bands: bands)
        let rules = configuration.rules
        let places = payroll.places
        let zero = Money.zero(places: places)

        var order: [String] = []
        var sums: [String: (name: String, calls: Int64, seconds: Int64, minutes: Int64, earnings: Money)] = [:]
        for line in payroll.lines where line.adjustmentOf == nil {
            if sums[line.agentID] == nil { order.append(line.agentID) }
            var sum = sums[line.agentID] ?? (line.agentName, 0, 0, 0, zero)
            sum.earnings = try sum.earnings.adding(line.amount)
            if line.kind == .minutes {
                sum.calls = try Checked.add(sum.calls, line.calls, "a call count")
                sum.seconds = try Checked.add(sum.seconds, line.billableSeconds, "paid seconds")
                sum.minutes = try Checked.add(sum.minutes, line.billableMinutes, "paid minutes")
            }
            sums[line.agentID] = sum
        }

        let loggedIn = try sessions.loggedInSeconds(from: payroll.startsAt, to: payroll.endsAt)
        let open = loggedIn == nil ? [:] : try sessions.openSessions(from: payroll.startsAt, to: payroll.endsAt)
        var handled: [String: Int64] = [:]
        var names: [String: String] = [:]
        let rows = try connection.rows("""
            SELECT a.agent_id AS agent_id, coalesce(a.name, '') AS name, sum(c.talk_seconds + c.hold_seconds + c.wrap_seconds) AS handled
            FROM connected_calls c JOIN agents a ON a.id = c.agent
            WHERE c.started_at >= :from AND c.started_at < :before
            GROUP BY a.agent_id
            """, [":from": .int(payroll.startsAt), ":before": .int(payroll.endsAt)]) {
                (try $0.text("agent_id"), try $0.text("name"), try $0.int64("handled"))
            }
        for (id, name, seconds) in rows {
            handled[id] = seconds
            names[id] = name
        }
        // Agents logged in without a paid call are the ones fairness is most about.
        // So are agents who committed hours and were paid nothing.
        let unpaid = Set((loggedIn ?? [:]).keys).union(adherence.agents.filter { $0.committedSeconds > 0 }.map(\.agentID))
        for id in unpaid.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where sums[id] == nil {
            order.append(id)
        }

        let minimum = rules.minimumHourly
        var result: [FairnessReport.Row] = []
        for id in order {
            let sum = sums[id] ?? (names[id] ?? "", 0, 0, 0, zero)
            let logged = loggedIn.map { $0[id] ?? 0 }
            let handledSeconds = handled[id] ?? 0
            let perPaid = try perHour(sum.earnings, seconds: sum.seconds, rounding: rules.amountRounding)
            let perLogged = try logged.flatMap { seconds throws(PayrollError) in
                try perHour(sum.earnings, seconds: seconds, rounding: rules.amountRounding)
            }
            let loggedMinutes = try logged.map { seconds throws(PayrollError) in
                try Checked.multiply(
                    try Rounding.divide(try Checked.multiply(seconds, 100, "logged-in minutes"), by: 60, rules.amountRounding),
                    FixedDecimal.scale / 100, "logged-in minutes")
            }
            var occupancy: Int64?
            if let logged, logged > 0 {
                occupancy = try Rounding.divide(try Checked.multiply(handledSeconds, 1_000, "an occupancy"), by: logged, rules.amountRounding)
            }
            var under: Bool?
            if let minimum {
                if sum.seconds > 0, try isBelow(sum.earnings, seconds: sum.seconds, minimum: minimum) {
                    under = true
                } else if let logged, logged > 0 {
                    under = try isBelow(sum.earnings, seconds: logged, minimum: minimum)
                }
            }
            result.append(FairnessReport.Row(
                agentID: id, agentName: sum.name, calls: sum.calls, paidSeconds: sum.seconds, paidMinutes: sum.minutes,
                earnings: sum.earnings, handledSeconds: handledSeconds, loggedInSeconds: logged, loggedInMinutes: loggedMinutes, openSessions: open[id] ?? 0, occupancyPermille: occupancy,
                perLoggedInHour: perLogged, perPaidHour: perPaid, underMinimum: under, adherence: adherenceByAgent[id]))
        }
        return FairnessReport(
            period: period, currency: payroll.currency, places: places, minimumHourly: minimum, hasSessions: loggedIn != nil,
            rows: result)
    }

    /// `amount × 3600 / seconds`, rounded once; nil for no time.
    private func perHour(_ amount: Money, seconds: Int64, rounding: RoundingMode) throws(PayrollError) -> Money? {
        guard seconds > 0 else { return nil }
        let scaled = try Checked.multiply(amount.minorUnits, 3_600, "earnings per hour")
        return Money(minorUnits: try Rounding.divide(scaled, by: seconds, rounding), places: amount.places)
    }

    /// Whether `amount` over `seconds` is less than `minimum` per hour, compared exactly:
    /// amount × 3600 × 10^4 < minimum × 10^places × seconds.
    private func isBelow(_ amount: Money, seconds: Int64, minimum: FixedDecimal) throws(PayrollError) -> Bool {
        let left = try Checked.multiply(try Checked.multiply(amount.minorUnits, 3_600, "earnings per hour"), FixedDecimal.scale, "earnings per hour")
        let right = try Checked.multiply(
            try Checked.multiply(minimum.tenThousandths, try Checked.powerOfTen(amount.places), "the hourly minimum"), seconds, "the hourly minimum")
        return left < right
    }
}
