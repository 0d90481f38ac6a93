/// What another part needs from one stored scoring run: its date and each agent's score and band.
///
/// Routing weighs agents from snapshots, never from the scoring tables, so the weights can be
/// computed (and tested) from snapshots built by hand.
package struct ScoringRunSnapshot: Sendable, Equatable {
    package struct Agent: Sendable, Equatable {
        /// The directory's `agent_id`.
        package let agentID: String
        /// The score in tenths of a point (`634` is 63.4), 0...1000; nil when the agent has none.
        package let scoreTenths: Int?
        /// `insufficient` means too few ratings to judge.
        package let band: ScoreBand

        package init(agentID: String, scoreTenths: Int?, band: ScoreBand) {
            self.agentID = agentID
            self.scoreTenths = scoreTenths
            self.band = band
        }
    }

    /// The run's id in the scoring tables.
    package let runID: Int64
    /// The run's as-of date, a local date in the center's time zone.
    package let asOf: CalendarDate
    /// Sorted by agent id.
    package let agents: [Agent]

    package init(runID: Int64, asOf: CalendarDate, agents: [Agent]) {
        self.runID = runID
        self.asOf = asOf
        self.agents = agents
    }
}
