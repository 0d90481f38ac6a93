/// Asterisk app_queue's `wrandom` strategy, computed exactly: how often each member of a queue is
/// rung first when every member is free, for given penalties.
///
/// From asterisk/asterisk `apps/app_queue.c` at commit 00090d3ebc55107e1e77a6601deecff34621b67a
/// (`calc_metric`, `try_calling`, `find_best`): `calc_metric` gives each member
///
///     case QUEUE_STRATEGY_WRANDOM:
///         tmp->metric = ast_random() % ((1 + mem->penalty) * 1000);
///
/// and the lowest metric is rung. `try_calling` builds the candidate list by putting each member
/// it iterates at the front (`tmp->q_next = outgoing; outgoing = tmp;`), and `find_best` keeps the
/// first candidate with a strictly lower metric (`cur->metric < best->metric`): among equal lowest
/// metrics the member iterated last wins. Here the members are taken in the order given (the feed
/// writes them sorted by agent ID); app_queue iterates a wrandom queue's members in its hash
/// container's order, so only the shares of tied draws can differ (`tieShare` says how much).
///
/// `ast_random()` is uniform on 0...RAND_MAX (2^31 - 1 with glibc), so a metric `x` below the
/// range `n = (1 + penalty) * 1000` comes up with probability `(⌊2^31 / n⌋ + (x < 2^31 mod n ? 1 : 0)) / 2^31`:
/// the modulo bias is counted too. Member `i` wins with metric `x` when every member before it
/// draws at least `x` and every member after it more than `x`; the shares are the sums over `x` of
/// those products, evaluated in double precision in a fixed order (same inputs, same bits; the
/// error is below 1e-12). The metric of a winner is below the smallest range of the queue, so a
/// queue of `m` members with a penalty 0 costs `m × 1000` steps.
enum WrandomOdds {
    /// 2^31: the values `ast_random()` takes.
    static let randomValues = 1 << 31

    /// The metric range of a penalty: metrics are `0..<range`.
    static func range(penalty: Int) -> Int { (1 + penalty) * 1000 }

    /// Each member's probability of being rung first, in the given member order, and the
    /// probability that the lowest metric is shared (a tie, won by the later member).
    static func odds(penalties: [Int]) -> (shares: [Double], tieShare: Double) {
        let count = penalties.count
        guard count > 1 else { return (penalties.map { _ in 1 }, 0) }
        let total = Double(randomValues)
        let distinct = Array(Set(penalties)).sorted()
        let slot = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($0.element, $0.offset) })
        let ranges = distinct.map(range(penalty:))
        let quotients = ranges.map { randomValues / $0 }
        let remainders = ranges.map { randomValues % $0 }
        let memberSlot = penalties.map { slot[$0] ?? 0 }
        let limit = ranges.min() ?? 0

        var shares = [Double](repeating: 0, count: count)
        var unique = 0.0
        // Per slot at metric x: P(X = x), P(X >= x), P(X > x).
        var exactly = [Double](repeating: 0, count: distinct.count)
        var atLeast = [Double](repeating: 0, count: distinct.count)
        var above = [Double](repeating: 0, count: distinct.count)
        var suffixAbove = [Double](repeating: 1, count: count + 1)
        for x in 0..<limit {
            for s in distinct.indices {
                let q = quotients[s], r = remainders[s], n = ranges[s]
                let pointCount = q + (x < r ? 1 : 0)
                let atLeastCount = (n - x) * q + max(0, r - x)
                exactly[s] = Double(pointCount) / total
                atLeast[s] = Double(atLeastCount) / total
                above[s] = Double(atLeastCount - pointCount) / total
            }
            for j in stride(from: count - 1, through: 0, by: -1) {
                suffixAbove[j] = suffixAbove[j + 1] * above[memberSlot[j]]
            }
            var prefixAtLeast = 1.0
            var prefixAbove = 1.0
            for i in 0..<count {
                let s = memberSlot[i]
                shares[i] += exactly[s] * prefixAtLeast * suffixAbove[i + 1]
                unique += exactly[s] * prefixAbove * suffixAbove[i + 1]
                prefixAtLeast *= atLeast[s]
                prefixAbove *= above[s]
            }
        }
        return (shares, max(0, 1 - unique))
    }

    /// Σ |share − target|: twice the share of calls that reach another member than the targets say.
    static func distance(_ shares: [Double], _ targets: [Double]) -> Double {
        zip(shares, targets).reduce(0) { $0 + abs($1.0 - $1.1) }
    }

    /// Integer penalties in `0...maxPenalty` whose exact shares come closest (by `distance`) to
    /// the members' weight shares (weight ÷ Σ weights), members in the given order.
    ///
    /// Members of equal weight get the same penalty, and a higher weight never a higher penalty:
    /// the search is over one penalty per distinct weight, kept in order. It starts from the best
    /// of the large-queue guesses (with many members the winning metric is small, so a share is
    /// nearly proportional to 1 ÷ (1 + penalty): 1 + penalty ≈ s × highest weight ÷ weight, for
    /// s = 1…maxPenalty + 1) and from all 0s: from the best of these starts, and
    /// from the others while a budget of 10⁷ more summation steps lasts (all of them for small queues),
    /// it repeats sweeps until none improves the distance: for each
    /// weight at a boundary between penalties, its penalty one up and one down, and the block of
    /// it and all lower weights, and the block of it and all higher weights, one up and one down.
    /// A coordinate search: it finds a local optimum, which in the tests
    /// matched the exhaustive search (queues of up to four distinct weights, penalties up to 6).
    static func penalties(weights: [Int], maxPenalty: Int) -> (penalties: [Int], shares: [Double], tieShare: Double, distance: Double) {
        let sum = weights.reduce(0, +)
        guard !weights.isEmpty, sum > 0 else { return ([], [], 0, 0) }
        let targets = weights.map { Double($0) / Double(sum) }
        let levels = Array(Set(weights)).sorted(by: >)
        let level = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($0.element, $0.offset) })
        let memberLevel = weights.map { level[$0] ?? 0 }

        // Work done, in members × 1,000 metrics summed over (an evaluation's cost): the further
        // starts stop at a budget (counted, so the result is the same on every machine).
        var work = 0
        let extraBudget = 10_000
        // The sweeps and the starts come back to the same penalties again and again: each is
        // computed once. A repeat still counts as work, so the budget (and with it the result) is
        // what it would be without the memo; only the time changes. The demo's two queues asked
        // for 429 and 220 evaluations of 52 and 70 different penalties: `swift run callmeter
        // demo` (a debug build) took 9.2 s and now takes 1.7 s.
        var evaluated: [[Int]: (shares: [Double], tieShare: Double, distance: Double)] = [:]
        func evaluate(_ perLevel: [Int]) -> (shares: [Double], tieShare: Double, distance: Double) {
            work += weights.count * (1 + (perLevel.first ?? 0))
            if let known = evaluated[perLevel] { return known }
            let odds = odds(penalties: memberLevel.map { perLevel[$0] })
            let result = (odds.shares, odds.tieShare, distance(odds.shares, targets))
            evaluated[perLevel] = result
            return result
        }
        // Improvements smaller than this are rounding, not better penalties.
        let epsilon = 1e-12
        func ordered(_ candidate: [Int]) -> Bool {
            candidate.allSatisfy { (0...maxPenalty).contains($0) } && zip(candidate, candidate.dropFirst()).allSatisfy { $0 <= $1 }
        }
        /// The local optimum reached from `start`.
        func descend(from start: [Int], _ startResult: (shares: [Double], tieShare: Double, distance: Double), until limit: Int)
            -> (penalties: [Int], result: (shares: [Double], tieShare: Double, distance: Double)) {
            var current = start
            var best = startResult
            func consider(_ candidate: [Int]) -> Bool {
                guard candidate != current, ordered(candidate), work < limit else { return false }
                let result = evaluate(candidate)
                guard result.distance < best.distance - epsilon else { return false }
                (current, best) = (candidate, result)
                return true
            }
            let maxSweeps = 100
            for _ in 0..<maxSweeps {
                var improved = false
                // Only a weight whose penalty differs from a neighbour's can move alone without
                // breaking the order: the boundaries between tiers.
                for g in levels.indices
                where g == 0 || current[g] != current[g - 1] || g + 1 == levels.count || current[g] != current[g + 1] {
                    for step in [1, -1] {
                        var single = current
                        single[g] += step
                        if consider(single) { improved = true }
                        if consider(current.enumerated().map { $0.offset >= g ? $0.element + step : $0.element }) { improved = true }
                        if consider(current.enumerated().map { $0.offset <= g ? $0.element + step : $0.element }) { improved = true }
                    }
                }
                if !improved { break }
            }
            return (current, best)
        }

        var starts: [([Int], (shares: [Double], tieShare: Double, distance: Double))] = []
        let zero = [Int](repeating: 0, count: levels.count)
        starts.append((zero, evaluate(zero)))
        let highest = Double(levels[0])
        for scale in 2...(maxPenalty + 1) {
            let guess = levels.map { weight in
                min(maxPenalty, max(0, Int((Double(scale) * highest / Double(weight)).rounded()) - 1))
            }
            // Equal shares are a plateau the moves cannot leave (all penalties one up changes
            // little): every scale is a start, small queues need the large ones (80 against 100
            // is penalties 4 and 5).
            if starts.contains(where: { $0.0 == guess }) { continue }
            starts.append((guess, evaluate(guess)))
        }
        // The best start first, to the end; the others while the budget lasts.
        let ranked = starts.enumerated().sorted { ($0.element.1.distance, $0.offset) < ($1.element.1.distance, $1.offset) }.map(\.element)
        var (current, best) = descend(from: ranked[0].0, ranked[0].1, until: Int.max)
        let limit = work + extraBudget
        for (start, result) in ranked.dropFirst() where work < limit {
            let found = descend(from: start, result, until: limit)
            if found.result.distance < best.distance - epsilon { (current, best) = (found.penalties, found.result) }
        }
        return (memberLevel.map { current[$0] }, best.shares, best.tieShare, best.distance)
    }
}
