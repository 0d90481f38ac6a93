/// The payroll of one period: its lines in export order, their total, and the calls that could
/// not be priced.
public struct PeriodPayroll: Sendable {
    /// Whether the period is still open or closed (frozen).
    public enum Status: Sendable, Equatable {
        /// Computed now from the calls and the rules.
        case open
        /// Read back from the frozen lines.
        case closed(ClosedPeriod)
    }

    /// The period paid.
    public let period: PayPeriod
    /// Open, or closed with the record of its close.
    public let status: Status
    /// The instants the period covers (Unix seconds; end exclusive).
    public let startsAt: Int64
    /// The first instant after the period (Unix seconds).
    public let endsAt: Int64
    /// The ISO 4217 code, e.g. `CHF`.
    public let currency: String
    /// Decimal places of the currency's minor unit.
    public let places: Int
    /// The pay lines in export order.
    public let lines: [PayLine]
    /// The sum of the lines' amounts.
    public let total: Money
    /// Calls that earn nothing because they cannot be priced; empty for a closed period.
    public let unrated: [UnratedCalls]
    /// Closed periods whose late calls this (open) period pays as adjustment lines.
    public let adjusting: [PayPeriod]
    /// For a closed period: calls that arrived after closing and wait to be paid, and where.
    public let lateCalls: Int
    /// The period that pays `lateCalls`, when one does.
    public let lateCallsPaidIn: PayPeriod?

    /// Each call the computation saw, with the index of its tier in `settledTierIDs`, or -1 when it
    /// could not be priced. Collected only for closing.
    public let settledCalls: [(call: Int64, tier: Int32)]
    /// The tier ids that `settledCalls` index.
    public let settledTierIDs: [String]
    /// Voided calls whose pay this (open) period takes back; collected only for closing.
    public var reversedCalls: [Int64] = []
    /// One row per call of the period's lines (and per unpaid call), in export order: filled only
    /// when asked for (`withCallDetails`), and by a close, which freezes them.
    package var callDetails: [PayCallDetail] = []

    /// Whether the period is closed.
    public var isClosed: Bool {
        if case .closed = status { return true }
        return false
    }

    /// How many calls could not be priced.
    public var unratedCallCount: Int { unrated.reduce(0) { $0 + $1.calls } }

    /// Per agent, in export order: the sums of its lines.
    package func agentTotals() throws(PayrollError) -> [AgentPay] {
        var order: [String] = []
        var sums: [String: (name: String, calls: Int64, seconds: Int64, minutes: Int64, amount: Money, adjustments: Money, bonus: Money)] = [:]
        let zero = Money.zero(places: places)
        for line in lines {
            var sum = sums[line.agentID] ?? (line.agentName, 0, 0, 0, zero, zero, zero)
            if sums[line.agentID] == nil { order.append(line.agentID) }
            sum.amount = try sum.amount.adding(line.amount)
            switch line.kind {
            case .bonus:
                sum.bonus = try sum.bonus.adding(line.amount)
            case .minutes:
                sum.calls = try Checked.add(sum.calls, line.calls, "the call count of agent \(line.agentID)")
                sum.seconds = try Checked.add(sum.seconds, line.billableSeconds, "the billable seconds of agent \(line.agentID)")
                sum.minutes = try Checked.add(sum.minutes, line.billableMinutes, "the billable minutes of agent \(line.agentID)")
                if line.adjustmentOf != nil { sum.adjustments = try sum.adjustments.adding(line.amount) }
            }
            sums[line.agentID] = sum
        }
        return order.compactMap { id in
            sums[id].map {
                AgentPay(agentID: id, agentName: $0.name, calls: $0.calls, billableSeconds: $0.seconds, billableMinutes: $0.minutes, amount: $0.amount,
                         adjustments: $0.adjustments, bonus: $0.bonus)
            }
        }
    }
}

/// Calls that cannot be priced, grouped by hotline, reason and the period they belong to.
public struct UnratedCalls: Sendable, Equatable {
    /// Why the calls cannot be priced.
    public enum Reason: Sendable, Equatable {
        /// `tiers.json` does not list the hotline.
        case noTier
        /// The hotline's tier has no rate yet on the call's date (its first rate starts later).
        case noRate(tier: String, tierKeyPath: String, firstFrom: CalendarDate)
    }

    /// The hotline the calls came in on.
    public let hotline: String
    /// Why they cannot be priced.
    public let reason: Reason
    /// The closed period the calls belong to, when they are late calls.
    public let adjustmentOf: String?
    /// How many calls.
    public let calls: Int
    /// The first few call ids, to look them up.
    public let sampleCallIDs: [String]
    /// Every call of the group (database keys), when the computation collected calls.
    public var callKeys: [Int64] = []

    /// One line for a listing: `"+41800900900": 3 calls, no tier in tiers.json "hotlines" (e.g. "X1", "X2")`.
    package func describe(rulesFile: String) -> String {
        var text = "\(hotline.rulesQuoted()): \(calls) call\(calls == 1 ? "" : "s")"
        if let adjustmentOf { text += " of closed period \(adjustmentOf)" }
        switch reason {
        case .noTier:
            text += ", hotline not in \(rulesFile) \"hotlines\""
        case .noRate(let tier, let keyPath, let firstFrom):
            text += ", tier \(tier.rulesQuoted()) has no rate before \(firstFrom) (\(rulesFile) \(keyPath).rates)"
        }
        if !sampleCallIDs.isEmpty {
            text += " (e.g. " + sampleCallIDs.map { $0.rulesQuoted() }.joined(separator: ", ") + ")"
        }
        return text
    }
}
