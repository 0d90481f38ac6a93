/// Where the quality band of an agent comes from, for `bonus_percent_by_band`.
///
/// Scores and bands are computed by the scoring job (another part of CallMeter); payroll only asks
/// for one band per agent and period through this protocol. With no band (nil), or a band that
/// `payroll.json` gives no percentage, the agent gets no bonus line.
public protocol PayrollBandSource {
    /// The band of `agentID` (as in the agent directory) for `period`, e.g. `"excellent"`; nil when
    /// the agent has none.
    func band(agentID: String, period: PayPeriod) throws -> String?
}

/// No bands at all: no bonus lines. What payroll uses until scores are stored.
public struct NoBands: PayrollBandSource {
    public init() {}
    public func band(agentID: String, period: PayPeriod) throws -> String? { nil }
}

/// Bands from a closure, e.g. a lookup in stored score runs or a table in a test.
public struct BandsFromClosure: PayrollBandSource {
    private let body: (String, PayPeriod) throws -> String?

    public init(_ body: @escaping (String, PayPeriod) throws -> String?) {
        self.body = body
    }

    public func band(agentID: String, period: PayPeriod) throws -> String? {
        try body(agentID, period)
    }
}
