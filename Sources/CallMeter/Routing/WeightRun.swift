/// The weights computed from one scoring run: computed once, stored, and used by every publish of
/// that run in any format. Pins are not part of it; they apply when publishing.
package struct WeightRun: Sendable, Equatable {
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
