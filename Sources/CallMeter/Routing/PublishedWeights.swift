/// The routing weights of the last feed published, as Routing hands them to other parts (the QA
/// report's weight column) through `PublishedWeightsSource`.
package struct PublishedWeights: Sendable, Equatable {
    package struct Agent: Sendable, Equatable {
        /// The weight in the feed (a pin's weight when pinned).
        package let weight: Int
        /// The weight published for the agent before this feed's scoring run; nil when it was
        /// never published before.
        package let previous: Int?
        package let pinned: Bool

        /// `weight − previous`; nil without a previous weight.
        package var change: Int? { previous.map { weight - $0 } }
    }

    /// The feed's version: only grows.
    package let version: Int64
    /// `csv`, `json`, `kamailio`.
    package let format: String
    /// Unix seconds, UTC.
    package let generatedAt: Int64
    package let validUntil: Int64
    /// The as-of date of the scoring run the weights were computed from.
    package let scoringAsOf: CalendarDate?
    /// By agent id.
    package let agents: [String: Agent]
}
