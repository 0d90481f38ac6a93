extension WeightRun {
    /// One agent of a weight run: the score it came from, the target and the weight after the step limit.
    package struct Agent: Sendable, Equatable {
        package let agentID: String
        package let scoreTenths: Int?
        package let band: String
        /// False for an agent of the directory that the scoring run did not score.
        package let scored: Bool
        /// The weight last published for the agent before this run's date; nil: never published.
        package let previous: Int?
        /// What the score asks for.
        package let target: Int
        /// `target` after the step limit.
        package let weight: Int

        package var isStepLimited: Bool { weight != target }
        package var isInsufficient: Bool { scoreTenths == nil || band == ScoreBand.insufficient.rawValue }
    }
}
