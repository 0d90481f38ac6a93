/// What a new feed changes against the current one.
public struct FeedChange: Sendable, Equatable {
    /// Every set of either feed, by set number (the csv/json pool, nil, first).
    public let sets: [TrafficMove]
    /// Distinct agents in the current feed.
    public let agentsToday: Int
    /// Agents of the current feed that the new one leaves out, sorted by ID.
    public let removed: [String]
}
