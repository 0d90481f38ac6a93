import Foundation

/// Scoring on one store: scores agents for an as-of date, keeps the runs (`score_runs`,
/// `agent_scores`: tables only this type reads and writes) and hands them to routing and payroll
/// through `ScoringResults`.
///
/// ```swift
/// let run = try Scoring(store: store).score(asOf: date, rules: rules, center: center)
/// ```
public final class Scoring {
    let store: Store
    var connection: Connection { store.connection }

    /// Scoring on `store`; holds no state of its own besides the store.
    public init(store: Store) {
        self.store = store
    }

    /// Scores every agent with an answered call in the window ending with `asOf` and, when
    /// `store` is true, replaces that date's stored run. Throws `ScoringError.noData` (and stores
    /// nothing) when no answered call started in the window.
    ///
    /// Survey integrity is assessed with the shipped integrity rules and stored with the run;
    /// `callmeter` and the daemon pass the rules of `integrity.json`.
    public func score(asOf: CalendarDate, rules: ScoringRules, center: CenterRules, store: Bool = true) throws -> ScoreRun {
        try score(asOf: asOf, rules: rules, integrity: IntegrityRules(), center: center, store: store)
    }

    /// As `score(asOf:rules:center:store:)`, assessing survey integrity with `integrity`. The
    /// integrity figures are stored with the run, in its transaction; they change no score.
    package func score(asOf: CalendarDate, rules: ScoringRules, integrity integrityRules: IntegrityRules, center: CenterRules,
                       store: Bool = true) throws -> ScoreRun {
        let window = ScoringWindow(asOf: asOf, days: rules.windowDays, timeZone: center.timeZone)
        let input = try scoringInput(window: window, rules: rules, ratingScale: center.ratingScale)
        guard !input.answeredCalls.isEmpty else {
            throw ScoringError.noData(asOf: asOf, firstDay: window.firstDay, timeZone: center.timeZone.identifier)
        }
        let outcome = ScoringModel(rules: rules, window: window, ratingScale: center.ratingScale).run(input)
        let directory = try self.store.agentDirectory()
        let previous = try previousRun(before: asOf)
        let rows = outcome.agents.map { score in
            let entry = directory[score.agent]
            return ScoreRun.Row(
                agentID: entry?.id ?? "#\(score.agent)", name: entry?.name, score: score,
                previousScoreTenths: previous?.scores[score.agent])
        }
        var run = ScoreRun(
            window: window, rules: rules, ratingScale: center.ratingScale, population: outcome.population,
            rows: ScoreRun.sorted(rows), unavailableComponents: outcome.unavailableComponents,
            previousAsOf: previous?.asOf, runID: nil, replacedEarlierRun: false)
        run.integrity = try integrity(window: window, rules: integrityRules, ratingScale: center.ratingScale)
        guard store else { return run }
        let saved = try save(run, scoredAtMilliseconds: Store.nowMilliseconds())
        run = ScoreRun(
            window: run.window, rules: rules, ratingScale: run.ratingScale, population: run.population, rows: run.rows,
            unavailableComponents: run.unavailableComponents, previousAsOf: run.previousAsOf, runID: saved.id,
            replacedEarlierRun: saved.replaced, integrity: run.integrity)
        return run
    }
}
