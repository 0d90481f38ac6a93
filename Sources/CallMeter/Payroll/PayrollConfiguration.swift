public import Foundation

/// Everything payroll reads from the rule folder: `center.json` (time zone, currency),
/// `tiers.json` (prices) and `payroll.json` (how calls are counted and rounded).
public struct PayrollConfiguration: Sendable {
    package let center: CenterRules
    package let tiers: TierRules
    package let rules: PayrollRules

    package init(center: CenterRules, tiers: TierRules, rules: PayrollRules) {
        self.center = center
        self.tiers = tiers
        self.rules = rules
    }

    /// Reads and checks `center.json`, `tiers.json` and `payroll.json` in `directory`; a
    /// `RulesError` names the file, line, column and setting of the first problem.
    public static func load(directory: URL) throws(RulesError) -> PayrollConfiguration {
        PayrollConfiguration(
            center: try CenterRules.load(directory: directory),
            tiers: try TierRules.load(directory: directory),
            rules: try PayrollRules.load(directory: directory))
    }

    /// Decimal places of the currency's minor unit (2 for CHF).
    public var places: Int { center.currencyMinorUnits }
    /// The ISO 4217 code, e.g. `CHF`.
    public var currency: String { center.currency }
}
