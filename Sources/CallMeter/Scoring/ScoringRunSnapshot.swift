/// What another part needs from one stored scoring run: its date and each agent's score and band.
///
/// Routing weighs agents from snapshots, never from the scoring tables, so the weights can be
/// computed (and tested) from snapshots built by hand.
public struct ScoringRunSnapshot: Sendable, Equatable {
    public struct Agent: Sendable, Equatable {
        /// The directory's `agent_id`.
        public let agentID: String
        /// The score in tenths of a point (`634` is 63.4), 0...1000; nil when the agent has none.
        public let scoreTenths: Int?
        /// `insufficient` means too few ratings to judge.
        public let band: ScoreBand

        public init(agentID: String, scoreTenths: Int?, band: ScoreBand) {
            self.agentID = agentID
            self.scoreTenths = scoreTenths
            self.band = band
        }
    }

    /// The run's id in the scoring tables.
    public let runID: Int64
    /// The run's as-of date, a local date in the center's time zone.
    public let asOf: CalendarDate
    /// Sorted by agent id.
    public let agents: [Agent]

    public init(runID: Int64, asOf: CalendarDate, agents: [Agent]) {
        self.runID = runID
        self.asOf = asOf
        self.agents = agents
    }
}
