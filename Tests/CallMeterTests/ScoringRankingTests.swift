import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

// Does the score find the good and the weak agents? A small deterministic stand-in for
// `callmeter generate` (30 days × 5,000 calls/day): agents with a hidden quality, hotlines whose
// callers rate more or less kindly, a few new agents with little volume.

/// Synthetic ratings from agents with a hidden quality in [0, 1].
struct SyntheticCenter {
    let quality: [Double]
    let input: ScoringInput
    /// Unweighted plain mean rating per agent (the naive method).
    let plainMean: [Int64: Double]

    init(seed: UInt64, agents: Int = 100, days: Int = 30, callsPerDay: Int = 5_000) {
        var random = SplitMix64(seed: seed)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        func gaussian() -> Double {
            let u = max(uniform(), 1e-12), v = uniform()
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        quality = (0..<agents).map { _ in uniform() }
        // A fifth of the agents are new: a fiftieth of the usual volume.
        let volume = (0..<agents).map { $0 % 5 == 0 ? 0.005 : 0.5 + uniform() }
        let total = volume.reduce(0, +)
        var cumulative: [Double] = []
        var running = 0.0
        for v in volume { running += v / total; cumulative.append(running) }
        let hotlineBias = [-0.6, -0.2, 0.2, 0.6]

        let asOf = CalendarDate.day("2026-10-30")
        let window = ScoringWindow(asOf: asOf, days: 28, timeZone: TimeZone(identifier: "UTC") ?? .gmt)
        let firstDay = window.end - Int64(days) * 86_400
        var answered: [Int64: Int] = [:]
        var ratings: [ScoringInput.RatedCall] = []
        var sums: [Int64: (Int, Int)] = [:]
        for day in 0..<days {
            for _ in 0..<callsPerDay {
                let u = uniform()
                let agent = cumulative.firstIndex { u <= $0 } ?? agents - 1
                let hotline = uniform() < 0.8 ? agent % hotlineBias.count : Int(random.next() % UInt64(hotlineBias.count))
                let startedAt = firstDay + Int64(day) * 86_400 + Int64(random.next() % 86_400)
                guard uniform() < 0.9 else { continue }  // abandoned or missed
                let inWindow = window.contains(startedAt)
                if inWindow { answered[Int64(agent), default: 0] += 1 }
                guard uniform() < 0.3 else { continue }  // not rated
                let latent = 1.5 + 3 * quality[agent] + hotlineBias[hotline] + gaussian()
                let rating = min(5, max(1, Int(latent.rounded())))
                guard inWindow else { continue }
                ratings.append(.init(agent: Int64(agent), hotline: Int64(hotline), startedAt: startedAt, rating: rating))
                sums[Int64(agent), default: (0, 0)].0 += rating
                sums[Int64(agent), default: (0, 0)].1 += 1
            }
        }
        input = ScoringInput(window: window, ratingScale: 1...5, answeredCalls: answered, ratings: ratings,
                             hotlineNames: [0: "H0", 1: "H1", 2: "H2", 3: "H3"])
        plainMean = sums.mapValues { Double($0.0) / Double($0.1) }
    }
}

/// How many of the `count` agents a method ranks lowest are among the truly lowest `count`.
private func hits(_ estimate: [Int64: Double], truth: [Double], count: Int) -> Int {
    let worst = Set(truth.indices.sorted { (truth[$0], $0) < (truth[$1], $1) }.prefix(count).map { Int64($0) })
    let flagged = estimate.keys.sorted { (estimate[$0] ?? 0, $0) < (estimate[$1] ?? 0, $1) }.prefix(count)
    return flagged.filter { worst.contains($0) }.count
}

@Test(arguments: [UInt64(1), 2, 3])
func scoresRankHiddenQuality(seed: UInt64) {
    let center = SyntheticCenter(seed: seed)
    let outcome = ScoringModel(rules: ScoringRules(), window: center.input.window, ratingScale: 1...5).run(center.input)
    let scored = outcome.agents.compactMap { score in score.quality.map { (Int(score.agent), $0) } }
    #expect(scored.count >= 95)
    let rho = spearman(scored.map { $0.1 }, scored.map { center.quality[$0.0] })
    #expect(rho >= 0.8, "Spearman \(rho)")
}

/// Over five centers (one center can go either way by luck), the shrunk, hotline-adjusted score
/// flags more of the truly worst 10 % than the plain mean rating, which new agents with two or
/// three unlucky ratings crowd.
@Test func shrinkageFindsTheWorstTenPercentBetterThanThePlainMean() {
    var shrunkHits = 0, plainHits = 0
    var detail = ""
    for seed in UInt64(1)...5 {
        let center = SyntheticCenter(seed: seed)
        let outcome = ScoringModel(rules: ScoringRules(), window: center.input.window, ratingScale: 1...5).run(center.input)
        let shrunk = Dictionary(uniqueKeysWithValues: outcome.agents.compactMap { s in s.quality.map { (s.agent, $0) } })
        let count = center.quality.count / 10
        let s = hits(shrunk, truth: center.quality, count: count)
        let p = hits(center.plainMean, truth: center.quality, count: count)
        detail += "seed \(seed): \(s) vs \(p) of \(count); "
        shrunkHits += s
        plainHits += p
    }
    // Measured: 32 against 22 of 50.
    #expect(shrunkHits > plainHits, "shrinkage \(shrunkHits), plain mean \(plainHits): \(detail)")
}
