package import Foundation

/// Every rule file of a rules folder, read and checked together: what the daemon works with from
/// one start (or `SIGHUP`) to the next. Immutable, so every step of a round (the ingest of each
/// inbox kind, scoring, weights, publishing) uses the same rules, and an edit on disk changes
/// nothing until the set is loaded again.
package struct RuleSet: Sendable {
    /// The folder the files were read from.
    package let directory: URL
    package let center: CenterRules
    package let scoring: ScoringRules
    package let routing: RoutingRules
    package let tiers: TierRules
    package let payroll: PayrollRules
    /// `asterisk.json`: its rules (the defaults when there is no such file), or why it does not
    /// load. Only the Asterisk formats need it, so a broken one is kept here rather than thrown:
    /// the caller decides what waits for it.
    package let asterisk: Result<AsteriskRules, RulesError>
    /// `freeswitch.json`, like `asterisk.json`: only the FreeSWITCH format needs it.
    package let freeswitch: Result<FreeSWITCHRules, RulesError>
    /// `report.json`: where the daemon keeps the morning pages (the defaults when there is no such
    /// file), or why it does not load. Only the morning page needs it, so a broken one is kept here
    /// rather than thrown: scoring and the feed go on without it.
    package let report: Result<ReportRules, RulesError>
    /// `integrity.json`: survey integrity, stored with each scoring run (the defaults when there is
    /// no such file). Scoring needs it, so a broken one is an error of the set.
    package let integrity: IntegrityRules
    /// `staffing.json`: the service levels the morning page's Coverage section plans with (the
    /// shipped values when there is no such file), or why it does not load. Only that section needs
    /// it, so a broken one is kept here rather than thrown: the page says coverage is not available
    /// and why, and everything else goes on.
    package let staffing: Result<StaffingRules, RulesError>

    /// Reads every rule file in `directory`, reporting every problem rather than the first.
    /// - Throws: `RuleSetError` listing the errors of the required files (`center`, `scoring`,
    ///   `routing`, `tiers`, `payroll`, `integrity`), and of the optional ones too when they are
    ///   broken as well. A broken optional file alone (`asterisk.json`, `freeswitch.json`,
    ///   `report.json`, `staffing.json`) does not throw: it is in its `Result`.
    package static func load(directory: URL) throws(RuleSetError) -> RuleSet {
        var errors: [RulesError] = []
        func attempt<T>(_ body: () throws(RulesError) -> T) -> T? {
            do {
                return try body()
            } catch {
                errors.append(error)
                return nil
            }
        }
        let center = attempt { () throws(RulesError) in try CenterRules.load(directory: directory) }
        // Without the center's scale, the scoring file is still checked for everything else.
        let scale = center?.ratingScale ?? CenterRules.ratingLimits
        let scoring = attempt { () throws(RulesError) in try ScoringRules.load(directory: directory, ratingScale: scale) }
        let routing = attempt { () throws(RulesError) in try RoutingRules.load(directory: directory) }
        let integrity = attempt { () throws(RulesError) in try IntegrityRules.load(directory: directory) }
        let tiers = attempt { () throws(RulesError) in try TierRules.load(directory: directory) }
        let payroll = attempt { () throws(RulesError) in try PayrollRules.load(directory: directory) }
        // The files only one part needs: kept with their error rather than thrown.
        let asterisk = Result { () throws(RulesError) in try AsteriskRules.load(directory: directory) ?? AsteriskRules() }
        let freeswitch = Result { () throws(RulesError) in try FreeSWITCHRules.load(directory: directory) ?? FreeSWITCHRules() }
        let report = Result { () throws(RulesError) in try ReportRules.load(directory: directory) ?? ReportRules() }
        let staffing = Result { () throws(RulesError) in try StaffingRules.load(directory: directory) }
        guard let center, let scoring, let routing, let tiers, let payroll, let integrity else {
            errors += [asterisk.failure, freeswitch.failure, report.failure, staffing.failure].compactMap { $0 }
            throw RuleSetError(directory: directory.path, errors: errors)
        }
        return RuleSet(
            directory: directory, center: center, scoring: scoring, routing: routing, tiers: tiers, payroll: payroll,
            asterisk: asterisk, freeswitch: freeswitch, report: report, integrity: integrity, staffing: staffing)
    }

    /// Why `asterisk.json` does not load, if it does not (the other files load, or there is no set).
    package var asteriskError: RulesError? { asterisk.failure }
    /// Why `freeswitch.json` does not load, if it does not.
    package var freeswitchError: RulesError? { freeswitch.failure }
    /// Why `report.json` does not load, if it does not.
    package var reportError: RulesError? { report.failure }
    /// Why `staffing.json` does not load, if it does not.
    package var staffingError: RulesError? { staffing.failure }
}

extension Result {
    /// The error of a failure; nil for a success.
    package var failure: Failure? {
        guard case .failure(let error) = self else { return nil }
        return error
    }
}

/// Why a rules folder gives no usable set: every error found, each naming its file, line and
/// column.
package struct RuleSetError: Error, CustomStringConvertible, Sendable {
    package let directory: String
    /// In the order the files are read: center, scoring, routing, integrity, tiers, payroll, then
    /// the optional asterisk, freeswitch, report and staffing; never empty.
    package let errors: [RulesError]

    package var description: String {
        "the rules in \(directory) do not load (\(errors.count) error\(errors.count == 1 ? "" : "s")):\n"
            + errors.map(\.description).joined(separator: "\n")
    }
}
