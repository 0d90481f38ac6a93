/// The weights computed from one scoring run: computed once, stored, and used by every publish of
/// that run in any format. Pins are not part of it; they apply when publishing.
package struct WeightRun: Sendable, Equatable {
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

    /// The stored run's id; nil for a dry run that was not stored.
    package let id: Int64?
    package let scoringRunID: Int64
    package let asOf: String
    /// Digest of the agents, scores and bands the weights were computed from.
    package let inputsSHA256: String
    /// Digest of the `routing.json` the weights were computed with.
    package let rulesSHA256: String
    /// Unix seconds.
    package let computedAt: Int64
    /// Sorted by agent ID (bytewise).
    package let agents: [Agent]
}
