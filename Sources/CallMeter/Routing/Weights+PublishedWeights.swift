/// `Weights` hands the other parts what it has published (`PublishedWeightsSource`).
extension Weights: PublishedWeightsSource {
    /// What has been published in `store`, for parts that only read it (the QA report, `status`,
    /// the daemon's status lines): reading needs no routing rules, no clock and no user.
    package static func published(in store: Store) -> any PublishedWeightsSource {
        RoutingDatabase(connection: store.connection)
    }

    package func publishedWeights(throughScoringRunOf date: CalendarDate) throws -> PublishedWeights? {
        try database.publishedWeights(throughScoringRunOf: date)
    }

    package func lastFeedGeneratedAt() throws -> Int64? {
        try database.lastFeedGeneratedAt()
    }

    package func continuity() throws -> RoutingContinuity {
        try database.continuity()
    }
}
