package import Foundation

/// Everything payroll reads from the rule folder: `center.json` (time zone, currency),
/// `tiers.json` (prices) and `payroll.json` (how calls are counted and rounded).
package struct PayrollConfiguration: Sendable {
    package let center: CenterRules
    package let tiers: TierRules
    package let rules: PayrollRules

    package init(center: CenterRules, tiers: TierRules, rules: PayrollRules) {
        self.center = center
        self.tiers = tiers
        self.rules = rules
    }

    package static func load(directory: URL) throws(RulesError) -> PayrollConfiguration {
        PayrollConfiguration(
            center: try CenterRules.load(directory: directory),
            tiers: try TierRules.load(directory: directory),
            rules: try PayrollRules.load(directory: directory))
    }

    package var places: Int { center.currencyMinorUnits }
    package var currency: String { center.currency }
}
