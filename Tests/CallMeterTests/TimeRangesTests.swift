import Testing
@testable import CallMeter

@Test func rangesAreMergedSortedAndCountedOnce() {
    let set = TimeRanges([30..<40, 0..<10, 5..<20, 20..<25, 50..<50])
    #expect(set.ranges == [0..<25, 30..<40])
    #expect(set.seconds == 35)
    #expect(TimeRanges([]).isEmpty)
}

@Test func intersectionSubtractionAndClipping() {
    let a = TimeRanges([0..<10, 20..<30, 40..<50])
    let b = TimeRanges([5..<25, 45..<60])
    #expect(a.intersection(b).ranges == [5..<10, 20..<25, 45..<50])
    #expect(a.subtracting(b).ranges == [0..<5, 25..<30, 40..<45])
    #expect(b.subtracting(a).ranges == [10..<20, 50..<60])
    #expect(a.subtracting(TimeRanges([0..<100])).isEmpty)
    #expect(a.subtracting(TimeRanges([])) == a)
    #expect(a.clipped(to: 8..<42).ranges == [8..<10, 20..<30, 40..<42])
    #expect(a.union(b).ranges == [0..<30, 40..<60])
    #expect(a.overlaps(9..<11) && !a.overlaps(10..<20))
}

/// Properties on pseudo-random sets: |A∩B| + |A−B| = |A|, and the union counts each second once.
@Test(arguments: 1...20) func setIdentitiesHold(seed: Int) {
    var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int64) -> Int64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int64((state >> 33) % UInt64(bound))
    }
    func randomSet() -> TimeRanges {
        TimeRanges((0..<Int(next(8))).map { _ in let s = next(200); return s..<(s + next(40)) })
    }
    let a = randomSet(), b = randomSet()
    #expect(a.intersection(b).seconds + a.subtracting(b).seconds == a.seconds)
    #expect(a.union(b).seconds == a.seconds + b.seconds - a.intersection(b).seconds)
    let brute = (0..<300).filter { t in a.ranges.contains { $0.contains(Int64(t)) } }.count
    #expect(Int64(brute) == a.seconds)
}
