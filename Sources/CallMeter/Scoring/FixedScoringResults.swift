/// Scoring results held in memory, for tests and for callers that have just scored.
package struct FixedScoringResults: ScoringResults {
    package let runs: [ScoringRunSnapshot]
    private let bands: (String, CalendarDate, CalendarDate) throws -> ScoreBand?

    /// `runs`, and bands from `bands(agentID, first, last)` (none by default).
    package init(
        _ runs: [ScoringRunSnapshot] = [],
        bands: @escaping (String, CalendarDate, CalendarDate) throws -> ScoreBand? = { _, _, _ in nil }
    ) {
        self.runs = runs
        self.bands = bands
    }

    package func latestRun() -> ScoringRunSnapshot? {
        runs.max { ($0.asOf, $0.runID) < ($1.asOf, $1.runID) }
    }

    package func run(asOf: CalendarDate) -> ScoringRunSnapshot? {
        runs.filter { $0.asOf == asOf }.max { $0.runID < $1.runID }
    }

    package func band(agentID: String, scoredFrom first: CalendarDate, through last: CalendarDate) throws -> ScoreBand? {
        try bands(agentID, first, last)
    }
}
