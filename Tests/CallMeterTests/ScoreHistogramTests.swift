import Testing
@testable import CallMeter

@Test func binsScoresByFivePointsAndBand() {
    let histogram = ScoreHistogram([
        (0, .poor), (49, .poor), (50, .poor), (549, .poor), (550, .watch), (713, .good), (713, .insufficient),
        (999, .excellent), (1000, .excellent), (nil, .insufficient),
    ])
    #expect(histogram.bins.count == 20)
    #expect(histogram.bins[0].count(.poor) == 2)
    #expect(histogram.bins[1].count(.poor) == 1)
    #expect(histogram.bins[10].count(.poor) == 1)
    #expect(histogram.bins[11].count(.watch) == 1)
    #expect(histogram.bins[14].total == 2)
    #expect(histogram.bins[19].count(.excellent) == 2)
    #expect(histogram.unscored == 1)
    #expect(histogram.largestBin == 2)
    #expect(histogram.count(.poor) == 4)
    #expect(histogram.count(.insufficient) == 1)
    #expect(histogram.bins.reduce(0) { $0 + $1.total } == 9)
}

@Test(arguments: ScoreBand.allCases)
func everyBandIsCountedOnce(band: ScoreBand) {
    let scores: [(scoreTenths: Int?, band: ScoreBand)] = (0...1000).map { ($0, band) }
    let histogram = ScoreHistogram(scores)
    #expect(histogram.count(band) == 1001)
    #expect(histogram.bins.allSatisfy { $0.total == $0.count(band) })
}
