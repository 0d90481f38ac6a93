import Testing
@testable import CallMeter

private func items(_ weights: [Int]) -> [(key: String, weight: Int)] {
    weights.enumerated().map { (key: "a\(1000 + $0.offset)", weight: $0.element) }
}

/// A deterministic spread of weight lists: small and large sets, equal weights, extremes.
private let weightLists: [[Int]] = {
    var lists: [[Int]] = [[1], [100], [1, 1, 1], [20, 100], [5, 3, 2], [40, 25, 15, 12, 8], [100, 80, 80, 80, 100]]
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((seed >> 33) % UInt64(bound))
    }
    for count in [2, 7, 33, 64, 99, 100] {
        lists.append((0..<count).map { _ in 20 + next(81) })
    }
    lists.append([20] + Array(repeating: 100, count: 99))
    lists.append(Array(repeating: 37, count: 100))
    lists.append([1000] + Array(repeating: 1, count: 99))
    return lists
}()

@Test(arguments: weightLists)
func percentsSumTo100AndEveryAgentGetsOne(_ weights: [Int]) {
    let percents = LargestRemainder.percents(items(weights))
    #expect(percents.count == weights.count)
    #expect(percents.reduce(0, +) == 100)
    #expect(percents.allSatisfy { $0 >= 1 })
    // Same input, same answer.
    #expect(LargestRemainder.percents(items(weights)) == percents)
    // A larger weight never gets fewer percent than a smaller one.
    for i in weights.indices {
        for j in weights.indices where weights[i] > weights[j] {
            #expect(percents[i] >= percents[j])
        }
    }
}

@Test func exactSharesAreKept() {
    #expect(LargestRemainder.percents(items([40, 25, 15, 12, 8])) == [40, 25, 15, 12, 8])
    #expect(LargestRemainder.percents(items([2, 2])) == [50, 50])
}

@Test func leftoverGoesToTheLargestRemainders() {
    // 100/360 = 27.78, 80/360 = 22.22: floors 27, 22, 22, 27 (98); the two .78 get the 2 points.
    #expect(LargestRemainder.percents(items([100, 80, 80, 100])) == [28, 22, 22, 28])
    // 5/3/2 of 10: 50, 30, 20.
    #expect(LargestRemainder.percents(items([5, 3, 2])) == [50, 30, 20])
}

@Test func tiesGoToTheKeyThatSortsFirst() {
    // Three equal shares of 33.33: the first key gets the leftover point.
    #expect(LargestRemainder.percents([("b", 1), ("a", 1), ("c", 1)]) == [33, 34, 33])
    // Equal remainders and weights: the key that sorts first. 2/9 = 22.22, 1/9 = 11.11: 99 by the
    // floors, the point goes to w (before x).
    #expect(LargestRemainder.percents([("x", 2), ("y", 1), ("z", 1), ("w", 2), ("v", 1), ("u", 1), ("t", 1)])
        == [22, 11, 11, 23, 11, 11, 11])
    // Equal remainders (4 of 6 each: 16.67, 66.67, 16.67), different weights: the larger weight,
    // then the key that sorts first.
    #expect(LargestRemainder.percents([("c", 1), ("b", 4), ("a", 1)]) == [16, 67, 17])
}

@Test func zeroSharesAreRaisedToOne() {
    // 1 of 1099 is 0.09 %: raised to 1, taken from the largest.
    let percents = LargestRemainder.percents(items([1000] + Array(repeating: 1, count: 99)))
    #expect(percents == [1] + Array(repeating: 1, count: 99))
    let two = LargestRemainder.percents(items([1000, 1]))
    #expect(two == [99, 1])
}
