/// The routing weights of the last feed published, as Routing hands them to other parts (the QA
/// report's weight column) through `PublishedWeightsSource`.
public struct PublishedWeights: Sendable, Equatable {
    public struct Agent: Sendable, Equatable {
        /// The weight in the feed (a pin's weight when pinned).
        public let weight: Int
        /// The weight published for the agent before this feed's scoring run; nil when it was
        /// never published before.
        public let previous: Int?
        public let pinned: Bool

        /// `weight − previous`; nil without a previous weight.
        public var change: Int? { previous.map { weight - $0 } }
    }

    /// The feed's version: only grows.
    public let version: Int64
    /// `csv`, `json`, `kamailio`.
    public let format: String
    /// Unix seconds, UTC.
    public let generatedAt: Int64
    public let validUntil: Int64
    /// The as-of date of the scoring run the weights were computed from.
    public let scoringAsOf: CalendarDate?
    /// By agent id.
    public let agents: [String: Agent]
}
