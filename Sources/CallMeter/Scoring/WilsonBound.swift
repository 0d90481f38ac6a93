import Foundation

/// The lower end of the Wilson score interval for a share: how low the true share may plausibly
/// be, given `successes` of `total`. Few ratings give a wide interval and a low bound.
///
///     (p + z²/2n − z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)
///
/// nil when `total` is 0.
package func wilsonLowerBound(successes: Int, total: Int, z: Double = ScoringRules.wilsonZ) -> Double? {
    guard total > 0, successes >= 0, successes <= total else { return nil }
    let n = Double(total)
    let p = Double(successes) / n
    let z2 = z * z
    let centre = p + z2 / (2 * n)
    let spread = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
    return max(0, (centre - spread) / (1 + z2 / n))
}

/// `value × 1000` rounded half up, clamped to 0…1000: a share or quality in tenths of a percent
/// (0.7235 → 724, i.e. 72.4). The 1e-9 tolerance makes a decimal half that binary floating point
/// computes as 723.4999999999 round up, as it does on paper.
package func roundedTenths(_ value: Double) -> Int {
    guard value.isFinite else { return 0 }
    let scaled = (min(max(value, 0), 1) * 1000 + 0.5 + 1e-9).rounded(.down)
    return min(Int(scaled), 1000)
}
