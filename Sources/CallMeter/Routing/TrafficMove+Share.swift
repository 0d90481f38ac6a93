extension TrafficMove {
    /// One agent of the set, in either feed (weight 0 where it is absent).
    package struct Share: Sendable, Equatable {
        package let agentID: String
        package let weightBefore: Int
        package let weightAfter: Int
    }
}
