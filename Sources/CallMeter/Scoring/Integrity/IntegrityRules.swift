package import Foundation

/// The settings of survey integrity, from `integrity.json`: how wide the control limits are, how
/// many answered calls an agent needs to be judged, and what a short call is.
///
/// Every key is optional; without the file the shipped values below apply, so a center that
/// upgrades gets the measures without a new file.
package struct IntegrityRules: Sendable, Equatable, RuleFileKind {
    package static let fileName = "integrity.json"

    /// z of the control limits: expected ± sigma × the binomial standard error for the agent's n.
    package var sigma = 3.0
    /// Agents with fewer answered calls than this in the window are measured but not judged.
    package var minimumCalls = 50
    /// A connected call with less talk than this (seconds) is a short call.
    package var shortCallSeconds = 20

    package static let sigmaLimits = 1.0...10.0

    /// The shipped values.
    package init() {}

    package init(sigma: Double, minimumCalls: Int, shortCallSeconds: Int) {
        self.sigma = sigma
        self.minimumCalls = minimumCalls
        self.shortCallSeconds = shortCallSeconds
    }

    /// Reads `integrity.json` in `directory`; the shipped values when there is no such file.
    package static func load(directory: URL) throws(RulesError) -> IntegrityRules {
        try loadIfPresent(directory: directory) ?? IntegrityRules()
    }

    package init(settings root: RuleObject) throws(RulesError) {
        if let value = root.optionalValue("sigma") {
            let sigma = try value.decimal()
            guard Self.sigmaLimits.contains(sigma) else {
                throw value.error("must be between 1 and 10 standard errors (3 flags about 1 honest agent in 700 per measure), found \(value.json.summary)")
            }
            self.sigma = sigma
        }
        minimumCalls = try root.optionalInt("minimum_calls", in: 1...1_000_000) ?? minimumCalls
        shortCallSeconds = try root.optionalInt("short_call_seconds", in: 1...3600) ?? shortCallSeconds
    }
}
