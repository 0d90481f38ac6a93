@testable import CallMeter

/// Staffing rules for the coverage tests: the shipped ones with a few keys changed.
enum CoverageTestRules {
    static func rules(shrinkage: Double = 0, model: StaffingModel = .erlangC) -> StaffingRules {
        var rules = StaffingRules.shipped
        rules.shrinkage = shrinkage
        rules.model = model
        return rules
    }
}
