/// Picks an index with probability proportional to its integer weight: one uniform draw and a binary
/// search over cumulative weights. Exact (no floating point), so the choice is the same everywhere.
struct WeightedPicker {
    private let cumulative: [UInt64]

    init(weights: [UInt64]) {
        var running: UInt64 = 0
        var cumulative: [UInt64] = []
        cumulative.reserveCapacity(weights.count)
        for weight in weights {
            running += weight
            cumulative.append(running)
        }
        self.cumulative = cumulative
    }

    var total: UInt64 { cumulative.last ?? 0 }

    /// An index, or nil when no weight is positive.
    func pick(using random: inout Xoshiro256StarStar) -> Int? {
        guard total > 0 else { return nil }
        let target = random.below(total)
        // The first index whose cumulative weight exceeds the target.
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return low
    }
}
