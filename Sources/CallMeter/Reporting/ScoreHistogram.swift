/// Scores counted in bins of 5 points (0–5, 5–10, …, 95–100; 100 falls in the last bin), and within
/// each bin by band. The band is the one the scoring run gave the agent, so the counts of a band
/// over all bins are exactly the agents of that band that have a score.
package struct ScoreHistogram: Sendable, Equatable {
    package static let binTenths = 50
    package static let binCount = 1000 / binTenths

    package struct Bin: Sendable, Equatable {
        /// In tenths of a point: [lower, upper), the last bin includes 100.
        package let lowerTenths: Int
        package let upperTenths: Int
        /// Agents per band, in `ScoreBand.allCases` order.
        package fileprivate(set) var counts: [Int]

        package func count(_ band: ScoreBand) -> Int {
            ScoreBand.allCases.firstIndex(of: band).map { counts[$0] } ?? 0
        }

        package var total: Int { counts.reduce(0, +) }
    }

    package private(set) var bins: [Bin]
    /// Agents of the run without a score (no ratings in the window): not in any bin.
    package private(set) var unscored = 0

    package init(_ scores: [(scoreTenths: Int?, band: ScoreBand)]) {
        bins = (0..<Self.binCount).map { index in
            Bin(lowerTenths: index * Self.binTenths, upperTenths: (index + 1) * Self.binTenths,
                counts: Array(repeating: 0, count: ScoreBand.allCases.count))
        }
        for (score, band) in scores {
            guard let score, let bandIndex = ScoreBand.allCases.firstIndex(of: band) else {
                unscored += 1
                continue
            }
            let index = min(max(score, 0) / Self.binTenths, Self.binCount - 1)
            bins[index].counts[bandIndex] += 1
        }
    }

    /// Agents of `band` over all bins.
    package func count(_ band: ScoreBand) -> Int { bins.reduce(0) { $0 + $1.count(band) } }

    /// The fullest bin's count (0 when empty).
    package var largestBin: Int { bins.map(\.total).max() ?? 0 }
}
