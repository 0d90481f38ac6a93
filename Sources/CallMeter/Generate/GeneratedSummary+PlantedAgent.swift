extension GeneratedSummary {
    /// An agent with a planted survey-gaming behaviour.
    package struct PlantedAgent: Equatable, Sendable {
        /// `agent1004`.
        package let agentID: String
        /// `dodger`, `solicitor` or `short-calls`, as in `truth.csv`.
        package let behaviour: String
    }
}
