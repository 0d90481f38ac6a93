/// A stretch of time one agent committed to be available for calls, as the capacity planning reads
/// it: one agent's commitments are merged so that their intervals never overlap (an hour committed
/// twice counts once), and a later file's replacement of a date has been applied.
package struct CommittedInterval: Sendable, Hashable {
    /// The agent's `agent_id` from the directory.
    package var agentID: String
    /// First instant, Unix seconds UTC.
    package var start: Int64
    /// Instant just after the last committed second, Unix seconds UTC (`end > start`).
    package var end: Int64
    /// The hotlines the commitment is for, sorted; empty means every hotline the agent may take
    /// (the directory's `hotlines` skills, or all hotlines when the agent has none listed).
    package var hotlines: [String]

    package init(agentID: String, start: Int64, end: Int64, hotlines: [String]) {
        self.agentID = agentID
        self.start = start
        self.end = end
        self.hotlines = hotlines
    }

    /// Committed seconds.
    package var seconds: Int64 { end - start }
}
