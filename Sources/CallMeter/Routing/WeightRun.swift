/// The weights computed from one scoring run: computed once, stored, and used by every publish of
/// that run in any format. Pins are not part of it; they apply when publishing.
public struct WeightRun: Sendable, Equatable {
    public struct Agent: Sendable, Equatable {
        public let agentID: String
        public let scoreTenths: Int?
        public let band: String
        /// False for an agent of the directory that the scoring run did not score.
        public let scored: Bool
        /// The weight last published for the agent before this run's date; nil: never published.
        public let previous: Int?
        /// What the score asks for.
        public let target: Int
        /// `target` after the step limit.
        public let weight: Int

        public init(agentID: String, scoreTenths: Int?, band: String, scored: Bool, previous: Int?, target: Int, weight: Int) {
            self.agentID = agentID
            self.scoreTenths = scoreTenths
            self.band = band
            self.scored = scored
            self.previous = previous
            self.target = target
            self.weight = weight
        }

        public var isStepLimited: Bool { weight != target }
        public var isInsufficient: Bool { scoreTenths == nil || band == ScoreBand.insufficient.rawValue }
    }

    /// The stored run's id; nil for a dry run that was not stored.
    public let id: Int64?
    public let scoringRunID: Int64
    public let asOf: String
    /// Digest of the agents, scores and bands the weights were computed from.
    public let inputsSHA256: String
    /// Digest of the `routing.json` the weights were computed with.
    public let rulesSHA256: String
    /// Unix seconds.
    public let computedAt: Int64
    /// Sorted by agent ID (bytewise).
    public let agents: [Agent]
}
