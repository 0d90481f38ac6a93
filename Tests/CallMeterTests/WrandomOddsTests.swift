import Foundation
import Testing
@testable import CallMeter

// app_queue's wrandom strategy computed exactly (WrandomOdds), and the penalty search.

/// The exact probability, as a fraction of integers, that the second of two members wins: it
/// draws x (⌊2^31/n⌋ + [x < 2^31 mod n] of the 2^31 values) and the first draws at least x
/// (ties go to the member iterated last). Independent of WrandomOdds' floating-point sums.
private func exactSecondWins(_ first: Int, _ second: Int) -> (numerator: Int, denominator: Double) {
    let values = 1 << 31
    func count(_ range: Int, _ x: Int) -> Int { values / range + (x < values % range ? 1 : 0) }
    let (n1, n2) = ((1 + first) * 1000, (1 + second) * 1000)
    var atLeast = [Int](repeating: 0, count: n1 + 1)
    for x in stride(from: n1 - 1, through: 0, by: -1) { atLeast[x] = atLeast[x + 1] + count(n1, x) }
    var numerator = 0
    for x in 0..<min(n1, n2) { numerator += count(n2, x) * atLeast[x] }
    return (numerator, Double(values) * Double(values))
}

@Test func penalties0And1SplitAbout75To25Exactly() {
    let odds = WrandomOdds.odds(penalties: [0, 1])
    let exact = exactSecondWins(0, 1)
    let second = Double(exact.numerator) / exact.denominator
    #expect(abs(odds.shares[1] - second) < 1e-12)
    #expect(abs(odds.shares[0] + odds.shares[1] - 1) < 1e-12)
    // Without the modulo bias it is 500,500 / 2,000,000 = 25.025 %.
    #expect(abs(odds.shares[1] - 0.25025) < 1e-6)
    #expect(abs(odds.shares[0] - 0.74975) < 1e-6)
}

@Test func equalPenaltiesAreEqualButForTiesWhichTheLaterMemberWins() {
    let two = WrandomOdds.odds(penalties: [0, 0])
    let exact = exactSecondWins(0, 0)
    #expect(abs(two.shares[1] - Double(exact.numerator) / exact.denominator) < 1e-12)
    #expect(abs(two.shares[1] - 0.5005) < 1e-6 && abs(two.shares[0] - 0.4995) < 1e-6)
    #expect(abs(two.tieShare - 0.001) < 1e-6)

    let five = WrandomOdds.odds(penalties: [3, 3, 3, 3, 3])
    #expect(abs(five.shares.reduce(0, +) - 1) < 1e-12)
    for share in five.shares { #expect(abs(share - 0.2) < five.tieShare) }
    #expect(five.shares == five.shares.sorted(), "a later member wins the ties, so its share is never lower")
}

@Test func aHigherPenaltyIsAlwaysALowerShare() {
    var previous = 1.0
    for penalty in 0...20 {
        let share = WrandomOdds.odds(penalties: [penalty, 0, 2, 5]).shares[0]
        #expect(share < previous, "penalty \(penalty)")
        previous = share
    }
    // Not proportional: penalty 1 has a third of penalty 0's share, not a half.
    let odds = WrandomOdds.odds(penalties: [0, 1])
    #expect(odds.shares[1] / odds.shares[0] < 0.34)
}

@Test func theSearchFindsTheClosestPenalties() {
    // 0 and 1 give 74.975/25.025; larger penalties come closer (2 and 5: 74.992/25.008).
    let found = WrandomOdds.penalties(weights: [75, 25], maxPenalty: 20)
    #expect(found.distance < WrandomOdds.distance(WrandomOdds.odds(penalties: [0, 1]).shares, [0.75, 0.25]))
    #expect(abs(found.shares[1] - 0.25) < 0.0002)
    #expect(found.penalties[0] < found.penalties[1])
    // One member: penalty 0 and all the calls.
    #expect(WrandomOdds.penalties(weights: [40], maxPenalty: 20).penalties == [0])
    // Equal weights: equal penalties.
    #expect(Set(WrandomOdds.penalties(weights: [60, 60, 60], maxPenalty: 20).penalties).count == 1)
}

/// The coordinate search against every ordered assignment, for queues of up to four distinct
/// weights (penalties 0...6).
@Test(arguments: [[100, 80, 20], [100, 100, 62, 20], [90, 30], [100, 20, 20, 20, 20], [50, 49, 20, 20], [100, 85, 70, 55], [80, 100]])
func theSearchMatchesTheExhaustiveOne(_ weights: [Int]) {
    let maxPenalty = 6
    let found = WrandomOdds.penalties(weights: weights, maxPenalty: maxPenalty)
    let levels = Array(Set(weights)).sorted(by: >)
    let sum = Double(weights.reduce(0, +))
    let targets = weights.map { Double($0) / sum }
    var best = Double.infinity
    func walk(_ chosen: [Int]) {
        if chosen.count == levels.count {
            let penalties = weights.map { w in chosen[levels.firstIndex(of: w) ?? 0] }
            best = min(best, WrandomOdds.distance(WrandomOdds.odds(penalties: penalties).shares, targets))
            return
        }
        for p in (chosen.last ?? 0)...maxPenalty { walk(chosen + [p]) }
    }
    walk([])
    #expect(found.distance <= best + 1e-12, "search \(found.distance), exhaustive \(best)")
}

@Test func aQueueOf30MembersIsSearched() {
    // Weights 20...100 as the shipped rules give them (200 members take seconds in a release
    // build, minutes in this debug one: README, "Asterisk app_queue").
    let weights = (0..<30).map { 20 + ($0 * 37) % 81 }
    let found = WrandomOdds.penalties(weights: weights, maxPenalty: 20)
    #expect(found.penalties.count == 30)
    #expect(abs(found.shares.reduce(0, +) - 1) < 1e-9)
    // Better than every member at penalty 0 (equal shares).
    let equal = WrandomOdds.odds(penalties: [Int](repeating: 0, count: 30)).shares
    let sum = Double(weights.reduce(0, +))
    #expect(found.distance < WrandomOdds.distance(equal, weights.map { Double($0) / sum }))
}
