/// The Wilson score interval of a share (95 %, the z of the scoring rules): where the true CSAT
/// share plausibly lies given `successes` of `total`. The lower end is `wilsonLowerBound`, which
/// scoring stores; the report draws both ends.
package struct WilsonInterval: Sendable, Equatable {
    /// Tenths of a percent, 0…1000.
    package let lowerTenths: Int
    package let upperTenths: Int
    /// The observed share in tenths of a percent.
    package let shareTenths: Int

    /// nil when `total` is 0 or the counts are inconsistent.
    package init?(successes: Int, total: Int, z: Double = ScoringRules.wilsonZ) {
        guard total > 0, successes >= 0, successes <= total,
              let lower = wilsonLowerBound(successes: successes, total: total, z: z) else { return nil }
        let n = Double(total)
        let p = Double(successes) / n
        let z2 = z * z
        let upper = min(1, (p + z2 / (2 * n) + z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()) / (1 + z2 / n))
        lowerTenths = roundedTenths(lower)
        upperTenths = roundedTenths(upper)
        shareTenths = (successes * 2000 + total) / (2 * total)
    }
}
