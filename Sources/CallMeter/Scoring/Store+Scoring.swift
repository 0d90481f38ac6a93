import Foundation

/// `callmeter score`: compute every agent's score for an as-of date and store the run.
extension Store {
    /// Scores every agent with an answered call in the window ending with `asOf` and, when
    /// `store` is true, replaces that date's stored run. Throws `ScoringError.noData` (and stores
    /// nothing) when no answered call started in the window.
    public func score(asOf: CalendarDate, rules: ScoringRules, center: CenterRules, store: Bool = true) throws -> ScoreRun {
        let window = ScoringWindow(asOf: asOf, days: rules.windowDays, timeZone: center.timeZone)
        let input = try scoringInput(window: window, rules: rules, ratingScale: center.ratingScale)
        guard !input.answeredCalls.isEmpty else {
            throw ScoringError.noData(asOf: asOf, firstDay: window.firstDay, timeZone: center.timeZone.identifier)
        }
        let outcome = ScoringModel(rules: rules, window: window, ratingScale: center.ratingScale).run(input)
        let directory = try agentDirectory()
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
        guard store else { return run }
        let saved = try save(run, scoredAtMilliseconds: Self.nowMilliseconds())
        run = ScoreRun(
            window: run.window, rules: rules, ratingScale: run.ratingScale, population: run.population, rows: run.rows,
            unavailableComponents: run.unavailableComponents, previousAsOf: run.previousAsOf, runID: saved.id,
            replacedEarlierRun: saved.replaced)
        return run
    }
}
