/// Whole percents that sum to exactly 100, proportional to weights: Kamailio's algorithm 9 fills a
/// 100-slot table from them.
enum LargestRemainder {
    /// The percent of each weight, in the order given: each is the floor of its exact share, the
    /// points left over go to the largest remainders (ties: larger weight first, then the key
    /// that sorts first, bytewise), and an agent that would get 0 takes a point from the agent
    /// with the most (ties: the smaller weight, then the smaller remainder, then the key that sorts
    /// last), so that every listed agent gets at least 1 and a larger weight never gets fewer
    /// percent than a smaller one. Requires 1...`total` items; weights below 1 count as 1.
    static func percents(_ items: [(key: String, weight: Int)], total: Int = 100) -> [Int] {
        guard !items.isEmpty else { return [] }
        let weights = items.map { max($0.weight, 1) }
        let sum = weights.reduce(0, +)
        var percents = weights.map { total * $0 / sum }
        let remainders = weights.map { total * $0 % sum }
        let byRemainder = items.indices.sorted { a, b in
            if remainders[a] != remainders[b] { return remainders[a] > remainders[b] }
            if weights[a] != weights[b] { return weights[a] > weights[b] }
            return items[a].key.utf8.lexicographicallyPrecedes(items[b].key.utf8)
        }
        let leftover = total - percents.reduce(0, +)
        for index in byRemainder.prefix(leftover) { percents[index] += 1 }

        // Raise zeros to 1; bounded: each pass fixes one zero, and with at most `total` items a
        // donor with 2 or more exists while a zero does.
        while let zero = percents.firstIndex(of: 0) {
            let donors = items.indices.filter { percents[$0] >= 2 }
            guard let donor = donors.max(by: { a, b in
                if percents[a] != percents[b] { return percents[a] < percents[b] }
                if weights[a] != weights[b] { return weights[a] > weights[b] }
                if remainders[a] != remainders[b] { return remainders[a] > remainders[b] }
                return items[a].key.utf8.lexicographicallyPrecedes(items[b].key.utf8)
            }) else { break }
            percents[donor] -= 1
            percents[zero] += 1
        }
        return percents
    }
}
