import Foundation
import CallMeter

/// The rules the commands that score or explain scores read, loaded together: the center's (time
/// zone, rating scale), the scoring model and the survey-integrity limits.
struct ScoringRuleSet {
    let center: CenterRules
    let scoring: ScoringRules
    let integrity: IntegrityRules

    init(directory: URL) throws {
        center = try CenterRules.load(directory: directory)
        scoring = try ScoringRules.load(directory: directory, ratingScale: center.ratingScale)
        integrity = try IntegrityRules.load(directory: directory)
    }

    /// Yesterday in the center's time zone: the night that is scored when no date is given.
    func yesterday(now: Date) -> CalendarDate {
        CalendarDate(containing: now, in: center.timeZone).adding(days: -1)
    }

    /// `asOf`, else the as-of date of the latest stored scoring run (the one the user last saw),
    /// else yesterday.
    func explainedDate(_ asOf: CalendarDate?, store: Store, now: Date) throws -> CalendarDate {
        if let asOf { return asOf }
        return try Scoring(store: store).scoreRuns(last: 1).last?.asOf ?? yesterday(now: now)
    }
}
