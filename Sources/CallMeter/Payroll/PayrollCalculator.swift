import Foundation

extension Payroll {
    /// The payroll of `period`: the frozen lines when it is closed, otherwise computed now from the
    /// calls and the rules (`configuration` is read only then).
    ///
    /// Throws when `period` is open and of another kind than `payroll.json` sets, or overlaps a
    /// closed period; or when a closed period's frozen lines no longer match their digest.
    ///
    /// - Parameters:
    ///   - bands: where the quality bands of `bonus_percent_by_band` come from; nil: the stored
    ///     score runs.
    ///   - callsStartedBefore: Unix seconds; leaves out the open period's own calls that started at
    ///     or after it: the period "so far" as of a date (the QA report). A closed period is always whole.
    ///   - withCallDetails: also fill `callDetails`, one row per call (`payroll PERIOD --calls`): as
    ///     computed for an open period, as frozen by the close for a closed one.
    package func payroll(
        for period: PayPeriod, configuration: @autoclosure () throws -> PayrollConfiguration,
        bands: (any ScoringResults)? = nil, callsStartedBefore: Int64? = nil, withCallDetails: Bool = false
    ) throws -> PeriodPayroll {
        let closed = try closedPeriods()
        if let frozen = closed.first(where: { $0.period == period }) {
            var payroll = try frozenPayroll(frozen, closed: closed)
            if withCallDetails { payroll.callDetails = try frozenCallDetails(of: frozen) }
            return payroll
        }
        return try computePayroll(for: period, configuration: configuration(), bands: bands ?? storedScoreBands, closed: closed,
                                  collectCalls: false, callsStartedBefore: callsStartedBefore, collectDetails: withCallDetails)
    }

    /// A closed period read back from its frozen lines, checked against the stored digest.
    package func frozenPayroll(_ frozen: ClosedPeriod, closed: [ClosedPeriod]) throws -> PeriodPayroll {
        let lines = try frozenLines(of: frozen)
        let digest = PayrollCSV.digest(lines: lines, currency: frozen.currency, places: frozen.places)
        guard digest == frozen.exportDigest else {
            throw PayrollError(.digestMismatch(period: frozen.period.identifier, stored: frozen.exportDigest, computed: digest))
        }
        var total = Money.zero(places: frozen.places)
        for line in lines { total = try total.adding(line.amount) }
        let late = try lateCallCount(of: frozen)
        return PeriodPayroll(
            period: frozen.period, status: .closed(frozen), startsAt: frozen.startsAt, endsAt: frozen.endsAt,
            currency: frozen.currency, places: frozen.places, lines: lines, total: total, unrated: [], adjusting: [],
            lateCalls: late, lateCallsPaidIn: late > 0 ? closed.firstOpen(after: frozen.period, kind: frozen.period.kind) : nil,
            settledCalls: [], settledTierIDs: [])
    }

    /// Computes an open period: its own calls, the late calls of closed periods it is the first open
    /// period after (as adjustment lines), and band bonuses.
    package func computePayroll(
        for period: PayPeriod, configuration: PayrollConfiguration, bands: any ScoringResults,
        closed: [ClosedPeriod], collectCalls: Bool, callsStartedBefore: Int64? = nil, collectDetails: Bool = false
    ) throws -> PeriodPayroll {
        let rules = configuration.rules
        guard period.kind == rules.periodKind else {
            throw PayrollError(.periodKind(period: period.identifier, configured: rules.periodKind.rawValue))
        }
        if let overlapping = closed.first(where: { $0.period.overlaps(period) }) {
            if overlapping.period == period { throw PayrollError(.alreadyClosed(period: period.identifier)) }
            throw PayrollError(.overlapsClosed(period: period.identifier, closed: overlapping.period.identifier))
        }
        let zone = configuration.center.timeZone
        let bounds = period.bounds(in: zone)
        var run = try PayrollRun(connection: connection, configuration: configuration, collectCalls: collectCalls, collectDetails: collectDetails)

        // The period's own calls.
        let own = try connection.cached("""
            SELECT id, agent, hotline, started_at, talk_seconds, hold_seconds, wrap_seconds FROM connected_calls
            WHERE started_at >= :from AND started_at < :before AND agent IS NOT NULL
            """)
        let ownColumns = try PricedCall.Columns(own)
        try own.forEachRow([":from": .int(bounds.start), ":before": .int(min(bounds.end, callsStartedBefore ?? bounds.end))]) { _ in
            try run.add(ownColumns.read(), adjustment: -1)
        }

        // Late calls of closed periods whose first open period is this one.
        let adjusted = closed.filter { closed.firstOpen(after: $0.period, kind: period.kind) == period }
        if let low = adjusted.map(\.settledThroughCall).min(), let from = adjusted.map(\.startsAt).min(),
           let to = adjusted.map(\.endsAt).max() {
            let late = try connection.cached("""
                SELECT c.id AS id, c.agent AS agent, c.hotline AS hotline, c.started_at AS started_at,
                       c.talk_seconds AS talk_seconds, c.hold_seconds AS hold_seconds, c.wrap_seconds AS wrap_seconds
                FROM connected_calls c
                WHERE c.id > :afterCall AND c.started_at >= :from AND c.started_at < :before AND c.agent IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM payroll_calls p JOIN payroll_periods pp ON pp.id = p.period
                                  WHERE p.call = c.id AND pp.reopened_at_ms IS NULL)
                """)
            let lateColumns = try PricedCall.Columns(late)
            try late.forEachRow([":afterCall": .int(low), ":from": .int(from), ":before": .int(to)]) { _ in
                let call = lateColumns.read()
                guard let index = adjusted.firstIndex(where: { call.startedAt >= $0.startsAt && call.startedAt < $0.endsAt }),
                      call.key > adjusted[index].settledThroughCall
                else { return }
                try run.add(call, adjustment: Int32(index))
            }
        }

        // Calls of voided batches that a close in force paid, whose pay this period takes back
        // (negative adjustment lines, see `Store.voidBatch`).
        if !adjusted.isEmpty {
            let reversals = try connection.cached("""
                SELECT c.id AS id, c.agent AS agent, c.hotline AS hotline, c.started_at AS started_at,
                       c.talk_seconds AS talk_seconds, c.hold_seconds AS hold_seconds, c.wrap_seconds AS wrap_seconds,
                       p.period AS paid_by
                FROM call_voids v JOIN calls c ON c.id = v.call
                JOIN payroll_calls p ON p.call = v.call JOIN payroll_periods pp ON pp.id = p.period
                WHERE v.reversed_in IS NULL AND pp.reopened_at_ms IS NULL AND p.tier IS NOT NULL AND c.agent IS NOT NULL
                ORDER BY c.id
                """)
            let reversalColumns = try PricedCall.Columns(reversals)
            try reversals.forEachRow { row in
                let paidBy = try row.int64("paid_by")
                guard let index = adjusted.firstIndex(where: { $0.rowID == paidBy }) else { return }
                try run.add(reversalColumns.read(), adjustment: Int32(index), reversal: true)
            }
        }

        let (lines, positions) = try run.lines(period: period, adjusted: adjusted.map(\.period), bands: bands)
        var total = Money.zero(places: configuration.places)
        for line in lines { total = try total.adding(line.amount) }
        var payroll = PeriodPayroll(
            period: period, status: .open, startsAt: bounds.start, endsAt: bounds.end, currency: configuration.currency,
            places: configuration.places, lines: lines, total: total,
            unrated: try run.unratedCalls(adjusted: adjusted.map(\.period)), adjusting: adjusted.map(\.period),
            lateCalls: 0, lateCallsPaidIn: nil, settledCalls: run.settled, settledTierIDs: configuration.tiers.tiers.map(\.id),
            reversedCalls: run.reversed)
        if collectDetails {
            payroll.callDetails = try (run.callDetails(lines: lines, positions: positions, adjusted: adjusted.map(\.period))
                + heldCallDetails(from: bounds.start, before: bounds.end, zone: zone)).sorted(by: PayCallDetail.exportOrder)
        }
        return payroll
    }
}
