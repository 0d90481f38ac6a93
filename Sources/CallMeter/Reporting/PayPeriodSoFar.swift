/// The pay period that holds the report's date, so far: billable minutes and earnings per tier,
/// never per agent (the QA report and the payroll export go to different people).
package struct PayPeriodSoFar: Sendable, Equatable {
    /// The pay section: the figures, or why there are none.
    package enum Outcome: Sendable, Equatable {
        case figures(PayPeriodSoFar)
        /// Payroll rules missing or invalid, or the period cannot be computed: the reason.
        case unavailable(String)
    }

    package struct Tier: Sendable, Equatable {
        package let id: String
        /// From `tiers.json`; nil when the tier is no longer there (a closed period's lines).
        package let name: String?
        package let calls: Int64
        package let billableSeconds: Int64
        /// Ten-thousandths of a minute: the sum of the lines' rounded minutes.
        package let billableMinutes: Int64
        package let amount: Money
    }

    package let period: PayPeriod
    /// Calls that started before the end of this local date are counted (an open period); the
    /// period's last day when that is earlier.
    package let through: CalendarDate
    /// A closed period shows its frozen lines.
    package let closed: Bool
    package let currency: String
    /// By tier id (byte order); adjustments for late calls of closed periods are in their tier.
    package let tiers: [Tier]
    /// The sums over the tiers.
    package let calls: Int64
    package let billableMinutes: Int64
    /// Band bonuses, not per tier.
    package let bonus: Money
    package let total: Money
    /// Calls that earn nothing because no tier or rate prices them.
    package let unpricedCalls: Int

    /// Sums `payroll`'s lines per tier. `tierNames` by tier id.
    static func summing(_ payroll: PeriodPayroll, through: CalendarDate, tierNames: [String: String]) throws(PayrollError) -> PayPeriodSoFar {
        var sums: [String: (calls: Int64, seconds: Int64, minutes: Int64, amount: Money)] = [:]
        var bonus = Money.zero(places: payroll.places)
        for line in payroll.lines {
            switch line.kind {
            case .bonus:
                bonus = try bonus.adding(line.amount)
            case .minutes:
                var sum = sums[line.tier] ?? (0, 0, 0, .zero(places: payroll.places))
                sum.calls = try Checked.add(sum.calls, line.calls, "the calls of tier \(line.tier)")
                sum.seconds = try Checked.add(sum.seconds, line.billableSeconds, "the billable seconds of tier \(line.tier)")
                sum.minutes = try Checked.add(sum.minutes, line.billableMinutes, "the billable minutes of tier \(line.tier)")
                sum.amount = try sum.amount.adding(line.amount)
                sums[line.tier] = sum
            }
        }
        let tiers = sums.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.compactMap { id in
            sums[id].map { Tier(id: id, name: tierNames[id], calls: $0.calls, billableSeconds: $0.seconds, billableMinutes: $0.minutes, amount: $0.amount) }
        }
        var calls: Int64 = 0, minutes: Int64 = 0
        for tier in tiers {
            calls = try Checked.add(calls, tier.calls, "the calls of the period")
            minutes = try Checked.add(minutes, tier.billableMinutes, "the billable minutes of the period")
        }
        let lastDay = payroll.period.lastDay
        return PayPeriodSoFar(
            period: payroll.period, through: payroll.isClosed ? lastDay : min(through, lastDay), closed: payroll.isClosed,
            currency: payroll.currency, tiers: tiers, calls: calls, billableMinutes: minutes, bonus: bonus, total: payroll.total, unpricedCalls: payroll.unratedCallCount)
    }
}
