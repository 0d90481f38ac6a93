/// The routing weights of the last feed published, as the QA report shows them. The report reads
/// them through `WeightsSource` so that it does not depend on how routing stores its feeds.
public struct PublishedWeights: Sendable, Equatable {
    public struct Agent: Sendable, Equatable {
        /// The weight in the feed (a pin's weight when pinned).
        public let weight: Int
        /// The weight published for the agent before this feed's scoring run; nil when it was
        /// never published before.
        public let previous: Int?
        public let pinned: Bool

        public init(weight: Int, previous: Int?, pinned: Bool) {
            self.weight = weight
            self.previous = previous
            self.pinned = pinned
        }

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

    public init(version: Int64, format: String, generatedAt: Int64, validUntil: Int64, scoringAsOf: CalendarDate?,
                agents: [String: Agent]) {
        self.version = version
        self.format = format
        self.generatedAt = generatedAt
        self.validUntil = validUntil
        self.scoringAsOf = scoringAsOf
        self.agents = agents
    }
}

/// Where the report gets published weights from.
public protocol WeightsSource {
    /// The latest feed published from a scoring run of `date` or earlier; nil when no feed has
    /// been published (or routing is not set up in this store).
    func publishedWeights(throughScoringRunOf date: CalendarDate) throws -> PublishedWeights?
}

/// No weights at all: the report says that no feed has been published.
public struct NoPublishedWeights: WeightsSource {
    public init() {}
    public func publishedWeights(throughScoringRunOf date: CalendarDate) throws -> PublishedWeights? { nil }
}

/// Fixed weights, for tests and previews.
public struct FixedWeights: WeightsSource {
    public let weights: PublishedWeights?

    public init(_ weights: PublishedWeights?) {
        self.weights = weights
    }

    public func publishedWeights(throughScoringRunOf date: CalendarDate) throws -> PublishedWeights? { weights }
}
