/// The arithmetic from a score to a weight: all integer, one rounding step (half up).
package enum WeightFormula {
    /// The weight a score asks for before any step limit: `ceiling` at `full_at` and above, `floor`
    /// at `floor_at` and below, linear in between, rounded half up. `scoreTenths` is the score in
    /// tenths of a point (634 is 63.4); nil (no score) or band `insufficient` give
    /// `insufficient_weight`.
    package static func target(scoreTenths: Int?, band: String, rules: RoutingRules) -> Int {
        guard let score = scoreTenths, band != ScoreBand.insufficient.rawValue else { return rules.insufficientWeight }
        let low = rules.floorAt * 10
        let high = rules.fullAt * 10
        if score >= high { return rules.ceiling }
        if score <= low { return rules.floor }
        // floor + (ceiling - floor) * (score - low) / (high - low), half up: both terms are
        // positive, so (2n + d) / 2d rounds n / d half up.
        let numerator = (rules.ceiling - rules.floor) * (score - low)
        let denominator = high - low
        return rules.floor + (2 * numerator + denominator) / (2 * denominator)
    }

    /// `target` moved from `previous` by at most `max_step`; an agent never published before
    /// (`previous` nil) starts from `ceiling`. The result stays in `floor...ceiling` even when the
    /// previous weight lies outside them (the rules changed since).
    package static func stepLimited(target: Int, previous: Int?, rules: RoutingRules) -> Int {
        // Stored weights are at most 1000; the clamp only keeps a damaged database from overflowing.
        let start = min(max(previous ?? rules.ceiling, 0), 1_000_000)
        let moved = min(max(target, start - rules.maxStep), start + rules.maxStep)
        return min(max(moved, rules.floor), rules.ceiling)
    }
}
