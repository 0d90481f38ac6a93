/// One scoring run: every agent with an answered call in the window, sorted by score.
public struct ScoreRun: Sendable {
    /// One agent of the run: who, its score and the change since the previous run.
    public struct Row: Sendable {
        /// The agent's id as in the call records and the agent directory.
        public let agentID: String
        /// From the agent directory; nil for an agent seen only in call records.
        public let name: String?
        /// The model's verdict, with the numbers behind it.
        public let score: AgentScore
        /// The agent's score in the previous run; nil when it had none there.
        public let previousScoreTenths: Int?

        /// Score minus the previous run's, in tenths; nil when either is missing.
        public var changeTenths: Int? {
            guard let now = score.scoreTenths, let before = previousScoreTenths else { return nil }
            return now - before
        }
    }

    package let window: ScoringWindow
    /// The scoring rules the run was computed with.
    public let rules: ScoringRules
    /// The center's rating scale when the run was computed.
    public let ratingScale: ClosedRange<Int>
    package let population: ScoringModel.Population
    /// Best score first; agents without a score last; ties by agent id.
    public let rows: [Row]
    /// Rate components that are on but had no calls to look at, so were left out.
    package let unavailableComponents: [ScoringComponent]
    /// The latest stored run before this as-of date, which `changeTenths` compares with.
    public let previousAsOf: CalendarDate?
    /// The row id in `score_runs`; nil when the run was not stored.
    public let runID: Int64?
    /// Whether a stored run for the same as-of date was replaced.
    public let replacedEarlierRun: Bool
    /// Survey integrity of the same window, stored with the run; it changes no score.
    package var integrity: IntegrityReport?

    package init(window: ScoringWindow, rules: ScoringRules, ratingScale: ClosedRange<Int>, population: ScoringModel.Population, rows: [Row],
                 unavailableComponents: [ScoringComponent], previousAsOf: CalendarDate?, runID: Int64?, replacedEarlierRun: Bool,
                 integrity: IntegrityReport? = nil) {
        self.window = window
        self.rules = rules
        self.ratingScale = ratingScale
        self.population = population
        self.rows = rows
        self.unavailableComponents = unavailableComponents
        self.previousAsOf = previousAsOf
        self.runID = runID
        self.replacedEarlierRun = replacedEarlierRun
        self.integrity = integrity
    }

    static func sorted(_ rows: [Row]) -> [Row] {
        rows.sorted { a, b in
            switch (a.score.scoreTenths, b.score.scoreTenths) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.agentID < b.agentID
            }
        }
    }
}
