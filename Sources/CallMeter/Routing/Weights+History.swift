/// `callmeter weights history AGENT`: every computation, publication and pin of one agent.
package struct AgentWeightHistory: Sendable {
    package struct Computation: Sendable, Equatable {
        package let weightRunID: Int64
        package let asOf: String
        package let agent: WeightRun.Agent
    }

    package struct Publication: Sendable, Equatable {
        package let feed: PublishedFeed
        package let weight: Int
        package let pinned: Bool
        /// The agent's percent of its dispatcher set, in a kamailio feed.
        package let percent: Int?
    }

    package let agentID: String
    /// Oldest first.
    package let computations: [Computation]
    package let publications: [Publication]
    package let pins: [WeightPin]
}

extension Weights {
    package func history(agentID: String) throws -> AgentWeightHistory {
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
