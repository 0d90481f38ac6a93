/// One line of a payroll: what an agent earns in a period at one tier and rate, or a band bonus.
///
/// Minutes lines are keyed by (period, agent, tier, rate, adjustment_of): `calls` calls with
/// `billableSeconds` between them, priced once as `billableSeconds × rate / 60` rounded to the minor
/// unit. A bonus line is a percentage of the agent's minutes lines of the period (adjustments for
/// earlier periods excluded), rounded once.
public struct PayLine: Sendable, Equatable {
    /// A line of priced minutes, or a quality-band bonus.
    public enum Kind: String, Sendable {
        case minutes, bonus
    }

    /// The period the line is paid in.
    public let period: String
    /// The agent paid.
    public let agentID: String
    /// The agent's name when the line was computed (frozen with a closed period); empty when the
    /// directory has none.
    public let agentName: String
    /// Minutes or bonus.
    public let kind: Kind
    /// The tier id (minutes) or the quality band (bonus).
    public let tier: String
    /// The rate per minute; nil for a bonus.
    package let perMinute: FixedDecimal?
    /// The bonus percentage; nil for minutes.
    package let bonusPercent: FixedDecimal?
    /// The calls the line pays.
    public let calls: Int64
    /// The billable seconds of those calls.
    public let billableSeconds: Int64
    /// `billableSeconds / 60` in ten-thousandths of a minute, rounded by the amount rule (shown
    /// only; amounts are computed from seconds).
    public let billableMinutes: Int64
    /// What the line pays, rounded once to the minor unit.
    public let amount: Money
    /// The closed period the calls of an adjustment line belong to; nil for the period's own calls.
    public let adjustmentOf: String?

    package init(
        period: String, agentID: String, agentName: String, kind: Kind, tier: String, perMinute: FixedDecimal?,
        bonusPercent: FixedDecimal?, calls: Int64, billableSeconds: Int64, billableMinutes: Int64, amount: Money,
        adjustmentOf: String?
    ) {
        self.period = period
        self.agentID = agentID
        self.agentName = agentName
        self.kind = kind
        self.tier = tier
        self.perMinute = perMinute
        self.bonusPercent = bonusPercent
        self.calls = calls
        self.billableSeconds = billableSeconds
        self.billableMinutes = billableMinutes
        self.amount = amount
        self.adjustmentOf = adjustmentOf
    }

    /// The tier cell of the export: the tier id, or `bonus:BAND:PERCENT%` for a bonus.
    public var tierLabel: String {
        switch kind {
        case .minutes: tier
        case .bonus: "bonus:\(tier):\(bonusPercent?.formatted() ?? "0")%"
        }
    }
}

/// What one agent earns in a period: the sum of its lines.
public struct AgentPay: Sendable, Equatable {
    /// The agent paid.
    public let agentID: String
    /// The agent's name as on its lines.
    public let agentName: String
    /// The calls of the agent's minutes lines.
    public let calls: Int64
    /// The billable seconds of the agent's minutes lines.
    public let billableSeconds: Int64
    /// The sum of the lines' billable minutes, in ten-thousandths.
    public let billableMinutes: Int64
    /// The sum of the agent's lines, bonus and adjustments included.
    public let amount: Money
    /// The part of `amount` that pays calls of earlier, closed periods.
    public let adjustments: Money
    /// The part of `amount` that is band bonus.
    public let bonus: Money
}
