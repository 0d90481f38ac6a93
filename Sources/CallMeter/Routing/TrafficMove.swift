/// One dispatcher set before and after a new feed: each agent's share of the set's calls (its
/// weight over the sum of the set's weights) and how much of the traffic would go to another
/// agent than today.
///
/// The traffic moved is the total variation distance between the two splits of the calls,
/// ½ Σ |new share − old share| over the union of the set's agents (an agent in only one feed
/// has share 0 in the other): the share of calls that would reach another agent than today.
///
/// Why the step limit bounds it: write W and W' for the old and new sums, w_i and w'_i for the
/// weights, Δ_i = w'_i − w_i with |Δ_i| ≤ max_step. Then
/// w'_i/W' − w_i/W = (Δ_i − w_i (W' − W)/W) / W', and since |W' − W| ≤ Σ|Δ_i| and Σ w_i = W,
/// Σ |w'_i/W' − w_i/W| ≤ 2 Σ|Δ_i| / W'. By symmetry (the same steps with old and new swapped)
/// it is also ≤ 2 Σ|Δ_i| / W, so the traffic moved is at most Σ|Δ_i| / max(W, W') ≤
/// n · max_step / (n · mean weight) = max_step / mean weight. That is the worst case, every agent
/// of the set moving a full step the way that hurts most; an ordinary night moves far less (the
/// README gives the measured figure). Only what the step limit does not hold back moves more:
/// agents leaving or joining the feed, pins, a set emptied.
package struct TrafficMove: Sendable, Equatable {
    /// nil: the one pool of a csv or json feed.
    package let dispatchSet: Int?
    package let sumBefore: Int
    package let sumAfter: Int
    /// The union of the set's agents, the one whose share moves most first (ties by agent ID).
    package let agents: [Share]

    init(dispatchSet: Int?, before: [CircuitBreaker.Agent], after: [CircuitBreaker.Agent]) {
        self.dispatchSet = dispatchSet
        // A feed lists an agent once per set; should it not, the first line counts.
        var weights: [String: (before: Int, after: Int)] = [:]
        for agent in before where weights[agent.agentID] == nil { weights[agent.agentID] = (agent.weight, 0) }
        var seenAfter: Set<String> = []
        for agent in after where seenAfter.insert(agent.agentID).inserted {
            weights[agent.agentID, default: (0, 0)].after = agent.weight
        }
        let sumBefore = weights.values.reduce(0) { $0 + $1.before }
        let sumAfter = weights.values.reduce(0) { $0 + $1.after }
        self.sumBefore = sumBefore
        self.sumAfter = sumAfter
        let shares = weights.map { Share(agentID: $0.key, weightBefore: $0.value.before, weightAfter: $0.value.after) }
        let moved = { (share: Share) in Self.movedNumerator(share, sumBefore: sumBefore, sumAfter: sumAfter) }
        self.agents = shares.sorted { a, b in
            let (ma, mb) = (moved(a), moved(b))
            return ma != mb ? ma > mb : a.agentID.utf8.lexicographicallyPrecedes(b.agentID.utf8)
        }
    }

    /// Agents with a share of the calls (a weight above 0) today and in the new feed.
    package var agentsBefore: Int { agents.count { $0.weightBefore > 0 } }
    package var agentsAfter: Int { agents.count { $0.weightAfter > 0 } }

    /// False for a set new in this feed: it has no traffic to move.
    package var hasTrafficToday: Bool { sumBefore > 0 }

    /// The traffic moved as an exact fraction: Σ |w'_i W − w_i W'| / (2 W W'), all of it when the
    /// new feed leaves the set without weight, none for a set without traffic today.
    package var movedFraction: (numerator: Int128, denominator: Int128) {
        guard sumBefore > 0 else { return (0, 1) }
        guard sumAfter > 0 else { return (1, 1) }
        let total = agents.reduce(Int128(0)) { $0 + Self.movedNumerator($1, sumBefore: sumBefore, sumAfter: sumAfter) }
        return (total, 2 * Int128(sumBefore) * Int128(sumAfter))
    }

    /// The traffic moved in tenths of a percent, rounded up: a figure printed as above a limit
    /// really is above it.
    package var movedTenthsOfPercent: Int {
        let (numerator, denominator) = movedFraction
        return Int((numerator * 1000 + denominator - 1) / denominator)
    }

    /// Whether more than `percent` % of the traffic moves (exact, no rounding).
    package func movedMoreThan(percent: Int) -> Bool {
        let (numerator, denominator) = movedFraction
        return numerator * 100 > Int128(percent) * denominator
    }

    /// An agent's share of the set's calls in tenths of a percent, rounded half up.
    package func shareTenths(of agent: Share, after: Bool) -> Int {
        let (weight, sum) = after ? (agent.weightAfter, sumAfter) : (agent.weightBefore, sumBefore)
        guard sum > 0 else { return 0 }
        return Int((Int128(weight) * 2000 + Int128(sum)) / (2 * Int128(sum)))
    }

    /// |w'_i W − w_i W'|: the agent's change of share times W W', the same scale for every agent
    /// of the set. With W' = 0 the old weight orders them (every agent loses its whole share).
    private static func movedNumerator(_ share: Share, sumBefore: Int, sumAfter: Int) -> Int128 {
        guard sumAfter > 0 else { return Int128(share.weightBefore) }
        let difference = Int128(share.weightAfter) * Int128(sumBefore) - Int128(share.weightBefore) * Int128(sumAfter)
        return difference < 0 ? -difference : difference
    }
}
