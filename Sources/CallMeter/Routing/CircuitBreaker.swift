/// The guard against a bad ingest, a broken rule or a careless pin starving the queues: compared
/// with the feed the ACD has now, a new feed may not move too much of the traffic of a dispatcher
/// set to other agents, leave out too many of today's agents, or empty or starve a set.
///
/// Why it measures traffic and not "agents whose weight changed": weights are continuous and
/// every scoring run nudges most of them by a point or two, which moves next to no calls. What
/// an ACD does with a feed is split each set's calls by share (weight over the set's sum), so the
/// share of calls that would go to another agent than today is what a bad feed changes and an
/// ordinary night does not: with `max_step` limiting each weight's move, a night moves at most
/// `max_step / mean weight` of a set's traffic (see `TrafficMove.movedFraction`).
package struct CircuitBreaker: Sendable, Equatable {
    /// One line of a feed as the breaker sees it: who, in which set (nil: csv and json feeds,
    /// whose agents form one pool) and with which weight.
    package struct Agent: Sendable, Equatable {
        package let agentID: String
        package let dispatchSet: Int?
        package let weight: Int

        package init(_ agentID: String, set dispatchSet: Int?, weight: Int) {
            self.agentID = agentID
            self.dispatchSet = dispatchSet
            // Stored weights are at most 1000; the clamp keeps a damaged database from
            // overflowing the arithmetic (a negative weight carries no traffic).
            self.weight = min(max(weight, 0), 1_000_000)
        }

        package init(_ entry: FeedEntry) {
            self.init(entry.agentID, set: entry.dispatchSet, weight: entry.weight)
        }
    }

    package let maxTrafficMovedPercent: Int
    package let maxAgentsRemovedPercent: Int

    package init(maxTrafficMovedPercent: Int, maxAgentsRemovedPercent: Int) {
        self.maxTrafficMovedPercent = maxTrafficMovedPercent
        self.maxAgentsRemovedPercent = maxAgentsRemovedPercent
    }

    package init(rules: RoutingRules) {
        self.init(maxTrafficMovedPercent: rules.maxTrafficMovedPercent, maxAgentsRemovedPercent: rules.maxAgentsRemovedPercent)
    }

    /// What the new feed would change, set by set, and which of today's agents it leaves out.
    package static func measure(current: [Agent], new: [Agent]) -> FeedChange {
        let before = Dictionary(grouping: current, by: \.dispatchSet)
        let after = Dictionary(grouping: new, by: \.dispatchSet)
        let sets = Set(before.keys).union(after.keys).sorted { ($0 ?? Int.min) < ($1 ?? Int.min) }
        let newIDs = Set(new.map(\.agentID))
        let todayIDs = Set(current.map(\.agentID))
        return FeedChange(
            sets: sets.map { TrafficMove(dispatchSet: $0, before: before[$0] ?? [], after: after[$0] ?? []) },
            agentsToday: todayIDs.count,
            removed: todayIDs.subtracting(newIDs).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    /// nil when the new feed may be published. A current feed without agents guards nothing.
    package func check(current: [Agent], new: [Agent], currentVersion: Int64, path: String) -> Trip? {
        guard !current.isEmpty else { return nil }
        let change = Self.measure(current: current, new: new)
        var sets: [Trip.SetTrip] = []
        for set in change.sets where set.hasTrafficToday {
            if set.agentsAfter == 0 {
                sets.append(.init(move: set, reason: .emptied))
            } else if set.agentsAfter == 1 && set.agentsBefore > 1 {
                sets.append(.init(move: set, reason: .starved))
            } else if set.movedMoreThan(percent: maxTrafficMovedPercent) {
                sets.append(.init(move: set, reason: .trafficMoved))
            }
        }
        let removedTrips = change.agentsToday > 0 && change.removed.count * 100 > maxAgentsRemovedPercent * change.agentsToday
        guard !sets.isEmpty || removedTrips else { return nil }
        return Trip(
            currentVersion: currentVersion, path: path, sets: sets,
            removed: removedTrips ? change.removed : nil, agentsToday: change.agentsToday,
            maxTrafficMovedPercent: maxTrafficMovedPercent, maxAgentsRemovedPercent: maxAgentsRemovedPercent)
    }
}
