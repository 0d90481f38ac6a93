/// The guard against a bad ingest or a broken rule starving the queues: a new feed may not drop
/// the sum of weights, or change the weights of too many agents, at once compared with the
/// feed the ACD has now.
public struct CircuitBreaker: Sendable, Equatable {
    /// Why a feed was refused. Both checks are reported when both fail.
    public struct Trip: Error, Sendable, Equatable, CustomStringConvertible {
        public let currentVersion: Int64
        public let path: String
        public let currentSum: Int
        public let newSum: Int
        /// Set when the sum drops by more than allowed.
        public let capacityDropPercent: Int?
        public let maxCapacityDropPercent: Int
        public let changedAgents: Int
        public let comparedAgents: Int
        /// Set when too many agents change.
        public let changedPercent: Int?
        public let maxAgentsChangedPercent: Int

        public var description: String {
            var lines = ["circuit breaker: not published; the current feed (version \(currentVersion), \(path)) is untouched"]
            if let drop = capacityDropPercent {
                lines.append("  the sum of weights would drop by \(drop)% (from \(currentSum) to \(newSum)); the limit is \(maxCapacityDropPercent)%")
            }
            if let changed = changedPercent {
                lines.append("  \(changedAgents) of \(comparedAgents) agents (\(changed)%) would get another weight, appear or disappear; the limit is \(maxAgentsChangedPercent)%")
            }
            lines.append("Check the scores and the agent directory ('callmeter weights --dry-run'); publish anyway with --force.")
            return lines.joined(separator: "\n")
        }
    }

    public let maxCapacityDropPercent: Int
    public let maxAgentsChangedPercent: Int

    public init(maxCapacityDropPercent: Int, maxAgentsChangedPercent: Int) {
        self.maxCapacityDropPercent = maxCapacityDropPercent
        self.maxAgentsChangedPercent = maxAgentsChangedPercent
    }

    public init(rules: RoutingRules) {
        self.init(maxCapacityDropPercent: rules.maxCapacityDropPercent, maxAgentsChangedPercent: rules.maxAgentsChangedPercent)
    }

    /// Compares the weights by agent ID of the current feed and the new one; nil when the new one
    /// may be published. An agent in only one of them counts as changed. A current feed without
    /// agents guards nothing.
    public func check(current: [String: Int], new: [String: Int], currentVersion: Int64, path: String) -> Trip? {
        guard !current.isEmpty else { return nil }
        let currentSum = current.values.reduce(0, +)
        let newSum = new.values.reduce(0, +)
        var dropPercent: Int?
        if currentSum > 0, newSum < currentSum, (currentSum - newSum) * 100 > maxCapacityDropPercent * currentSum {
            // Rounded up, so that the number printed is above the limit it broke.
            dropPercent = ((currentSum - newSum) * 100 + currentSum - 1) / currentSum
        }
        let all = Set(current.keys).union(new.keys)
        let changed = all.filter { current[$0] != new[$0] }.count
        var changedPercent: Int?
        if !all.isEmpty, changed * 100 > maxAgentsChangedPercent * all.count {
            changedPercent = (changed * 100 + all.count - 1) / all.count
        }
        guard dropPercent != nil || changedPercent != nil else { return nil }
        return Trip(
            currentVersion: currentVersion, path: path, currentSum: currentSum, newSum: newSum,
            capacityDropPercent: dropPercent, maxCapacityDropPercent: maxCapacityDropPercent,
            changedAgents: changed, comparedAgents: all.count, changedPercent: changedPercent,
            maxAgentsChangedPercent: maxAgentsChangedPercent)
    }
}
