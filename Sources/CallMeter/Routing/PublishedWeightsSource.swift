/// What Routing tells the other parts about the feeds it has published: the weights the QA report
/// shows, and the feed age that `status`, the daemon and the morning page show. They read it
/// through this protocol, never Routing's tables.
///
/// `Weights` provides it from the store; `Weights.published(in:)` does too where no routing rules
/// are at hand (reading what was published needs none).
package protocol PublishedWeightsSource {
    /// The latest feed published from a scoring run of `date` or earlier, whatever its format;
    /// nil when no such feed has been published.
    func publishedWeights(throughScoringRunOf date: CalendarDate) throws -> PublishedWeights?
    /// When the last feed (any path, any format) was generated, Unix seconds, UTC; nil before the first.
    func lastFeedGeneratedAt() throws -> Int64?
    /// Fallback, renewals and the CRITICAL state (`RoutingContinuity`).
    func continuity() throws -> RoutingContinuity
}

extension PublishedWeightsSource {
    /// A source without a store knows of no fallback and no renewal.
    package func continuity() throws -> RoutingContinuity { .none }
}

/// No feed at all: the report says that no feed has been published.
package struct NoPublishedWeights: PublishedWeightsSource {
    package init() {}
    package func publishedWeights(throughScoringRunOf date: CalendarDate) throws -> PublishedWeights? { nil }
    package func lastFeedGeneratedAt() throws -> Int64? { nil }
}

/// One fixed feed (or none), for tests and previews.
package struct FixedWeights: PublishedWeightsSource {
    package let weights: PublishedWeights?

    package init(_ weights: PublishedWeights?) {
        self.weights = weights
    }

    package func publishedWeights(throughScoringRunOf date: CalendarDate) throws -> PublishedWeights? { weights }
    package func lastFeedGeneratedAt() throws -> Int64? { weights?.generatedAt }
}
