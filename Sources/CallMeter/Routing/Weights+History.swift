/// `callmeter weights history AGENT`: every computation, publication and pin of one agent.
public struct AgentWeightHistory: Sendable {
    public struct Computation: Sendable, Equatable {
        public let weightRunID: Int64
        public let asOf: String
        public let agent: WeightRun.Agent
    }

    public struct Publication: Sendable, Equatable {
        public let feed: PublishedFeed
        public let weight: Int
        public let pinned: Bool
        /// The agent's percent of its dispatcher set, in a kamailio feed.
        public let percent: Int?
    }

    public let agentID: String
    /// Oldest first.
    public let computations: [Computation]
    public let publications: [Publication]
    public let pins: [WeightPin]
}

extension Weights {
    public func history(agentID: String) throws -> AgentWeightHistory {
        guard let row = try database.agentRowID(agentID) else { throw RoutingError.unknownAgent(agentID) }
        return AgentWeightHistory(
            agentID: agentID,
            computations: try database.weightRuns(agentRowID: row).map {
                AgentWeightHistory.Computation(weightRunID: $0.runID, asOf: $0.asOf, agent: $0.agent)
            },
            publications: try database.publications(agentRowID: row).map {
                AgentWeightHistory.Publication(feed: $0.feed, weight: $0.weight, pinned: $0.pinned, percent: $0.percent)
            },
            pins: try database.pins(agentRowID: row))
    }
}
