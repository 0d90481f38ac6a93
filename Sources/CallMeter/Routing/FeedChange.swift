/// What a new feed changes against the current one.
package struct FeedChange: Sendable, Equatable {
    /// Every set of either feed, by set number (the csv/json pool, nil, first).
    package let sets: [TrafficMove]
    /// Distinct agents in the current feed.
    package let agentsToday: Int
    /// Agents of the current feed that the new one leaves out, sorted by ID.
    package let removed: [String]
}
