import Foundation
import Testing
@testable import CallMeter

/// Every `data-band="…" data-count="N"` of the histogram, summed per band.
private func histogramCounts(_ html: String) -> [String: Int] {
    var counts: [String: Int] = [:]
    var rest = html[...]
    while let range = rest.range(of: "data-band=\"") {
        rest = rest[range.upperBound...]
        guard let quote = rest.firstIndex(of: "\"") else { break }
        let band = String(rest[..<quote])
        guard let countRange = rest.range(of: "data-count=\""), let end = rest[countRange.upperBound...].firstIndex(of: "\""),
              let count = Int(rest[countRange.upperBound..<end]) else { break }
        counts[band, default: 0] += count
        rest = rest[end...]
    }
    return counts
}

@Test func fixturesReportIsSelfContained() throws {
    let html = try ReportFixture().html()
    let lower = html.lowercased()
    for forbidden in ["http://", "https://", "<script", "<link", "url(", "@import", "src=", "//fonts", "<iframe", "<object", "<embed"] {
        #expect(!lower.contains(forbidden), "\(forbidden)")
    }
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
    #expect(html.contains("@page{size:A4"))
    #expect(html.contains("tr{break-inside:avoid"))
    #expect(html.contains("@media (max-width:700px)"))
}

@Test func everyFixtureAgentAppears() throws {
    let html = try ReportFixture().html()
    let agents = try ReportFixture.agents()
    #expect(agents.count == 5)
    for agent in agents {
        #expect(html.contains("<span class=\"id\">\(agent.id)</span>"), "\(agent.id)")
        #expect(html.contains(HTML.escape(agent.name)), "\(agent.name)")
    }
}

@Test func histogramCountsMatchTheBands() throws {
    let fixture = try ReportFixture()
    let report = try fixture.report()
    let html = QAReportHTML.render(report)
    let scored = report.agents.compactMap(\.score).filter { $0.scoreTenths != nil }
    #expect(!scored.isEmpty)
    var expected: [String: Int] = [:]
    for score in scored { expected[score.band.rawValue, default: 0] += 1 }
    #expect(histogramCounts(html) == expected)
    for band in ScoreBand.allCases {
        #expect(report.histogram.count(band) == report.headline.count(band) - report.agents.filter { $0.score?.band == band && $0.score?.scoreTenths == nil }.count)
    }
}

@Test func sameDataGiveTheSameBytes() throws {
    let first = try ReportFixture().html()
    let second = try ReportFixture().html()
    #expect(first == second)
    #expect(try ReportFixture().html(asOf: .day("2026-10-25")) != first)
}

@Test(arguments: [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "&amp;",
    "<svg onload=alert(1)>",
    "</td></tr></table><h1>x</h1>",
])
func hostileNamesAreEscaped(name: String) throws {
    // a100 and a400 are scored (a400 insufficient), a500 is not: the name shows up in each kind of row.
    let fixture = try ReportFixture(names: ["a100": name, "a400": name, "a500": name])
    let report = try fixture.report()
    #expect(report.agents.filter { $0.name == name }.count == 3)
    let html = QAReportHTML.render(report)
    let escaped = HTML.escape(name)
    #expect(escaped != name)
    #expect(html.components(separatedBy: "<span class=\"name\">\(escaped)</span>").count - 1 == 3)
    #expect(!html.contains("<span class=\"name\">\(name)</span>"))
    if name.contains("<") { #expect(!html.contains(name)) }
    let lower = html.lowercased()
    #expect(!lower.contains("<script"))
    #expect(!lower.contains("<img"))
    #expect(!lower.contains("<svg onload"))
    #expect(!lower.contains("<h1>x"))
}

@Test func payIsPerTierNeverPerAgent() throws {
    let fixture = try ReportFixture()
    let report = try fixture.report()
    guard case .figures(let pay) = report.pay else {
        Issue.record("no pay figures: \(report.pay)")
        return
    }
    let whole = try Payroll(store: fixture.store).payroll(for: pay.period, configuration: fixture.payroll)
    #expect(pay.period.identifier == "2026-10")
    #expect(pay.total == whole.total)
    #expect(pay.tiers.map(\.id) == ["medical", "order", "support"])
    #expect(pay.tiers.reduce(0) { $0 + $1.amount.minorUnits } + pay.bonus.minorUnits == pay.total.minorUnits)
    let html = QAReportHTML.render(report)
    guard let section = html.range(of: "<h2>Pay period") else {
        Issue.record("no pay section")
        return
    }
    let paySection = String(html[section.lowerBound...])
    for agent in try ReportFixture.agents() {
        #expect(!paySection.contains(agent.id))
        #expect(!paySection.contains(HTML.escape(agent.name)))
    }
    for line in whole.lines {
        // No agent's amount appears unless it is also a tier's or the total.
        let amount = line.amount.formatted()
        // (The bonus total may equal one agent's bonus when only one agent earned one.)
        if !pay.tiers.contains(where: { $0.amount.formatted() == amount }) && pay.total.formatted() != amount
            && pay.bonus.formatted() != amount {
            #expect(!paySection.contains(">\(amount)<"), "\(line.agentID) \(amount)")
        }
    }
}

@Test func payPeriodSoFarStopsAtTheEndOfTheDate() throws {
    let fixture = try ReportFixture(nights: 1)
    let midMonth = try fixture.report(asOf: .day("2026-10-15"))
    let endOfMonth = try fixture.report(asOf: .day("2026-10-31"))
    guard case .figures(let early) = midMonth.pay, case .figures(let late) = endOfMonth.pay else {
        Issue.record("no pay figures")
        return
    }
    #expect(early.through == .day("2026-10-15"))
    #expect(early.total < late.total)
    let start = CalendarDate.day("2026-10-01").start(in: fixture.center.timeZone)
    let end = CalendarDate.day("2026-10-16").start(in: fixture.center.timeZone)
    let calls = try #require(try fixture.store.int("""
        SELECT count(*) FROM calls WHERE started_at >= ? AND started_at < ? AND agent IS NOT NULL
          AND disposition IN ('answered', 'transferred')
        """, [.int(start), .int(end)]))
    #expect(early.tiers.reduce(0) { $0 + $1.calls } == calls)
}

@Test func headlineFiguresOfTheRun() throws {
    let fixture = try ReportFixture(nights: 1)
    let report = try fixture.report()
    let run = try Scoring(store: fixture.store).score(asOf: ReportFixture.asOf, rules: fixture.scoring, center: fixture.center, store: false)
    #expect(report.run?.asOf == ReportFixture.asOf)
    #expect(report.headline.agentsScored == run.rows.count)
    #expect(report.headline.ratings == run.population.ratings.count)
    #expect(report.headline.calls == run.rows.reduce(0) { $0 + $1.score.calls })
    #expect(report.headline.satisfied == run.rows.reduce(0) { $0 + $1.score.satisfied })
    #expect(report.headline.talkSeconds == (try fixture.store.int("""
        SELECT sum(talk_seconds) FROM calls WHERE started_at >= ? AND started_at < ? AND agent IS NOT NULL
          AND disposition IN ('answered', 'transferred')
        """, [.int(run.window.start), .int(run.window.end)]) ?? -1))
    #expect(report.headline.bands.reduce(0, +) == run.rows.count)
    // Every agent of the directory is in the table: the scored ones first, by score.
    #expect(report.agents.prefix(run.rows.count).map(\.agentID) == run.rows.map(\.agentID))
    #expect(report.agents.count == 5)
    #expect(report.trendDates == [ReportFixture.asOf])
}

@Test func trendsShowTheLastFourteenRuns() throws {
    let fixture = try ReportFixture(nights: 16)
    let report = try fixture.report()
    #expect(report.trendDates.count == QAReport.trendRuns)
    #expect(report.trendDates.first == .day("2026-10-18"))
    #expect(report.trendDates.last == ReportFixture.asOf)
    let scored = try #require(report.agents.first)
    #expect(scored.trend.count == QAReport.trendRuns)
    #expect(scored.trend.last == scored.score?.scoreTenths)
    let html = QAReportHTML.render(report)
    #expect(html.contains("Score by run: 2026-10-18 "))
}

@Test func reportBeforeAnyRunStillListsTheAgents() throws {
    let fixture = try ReportFixture(nights: 1)
    let report = try fixture.report(asOf: .day("2026-09-30"))
    #expect(report.run == nil)
    #expect(report.agents.count == 5)
    #expect(report.agents.allSatisfy { $0.score == nil })
    let html = QAReportHTML.render(report)
    #expect(html.contains("No scoring run is stored on or before 2026-09-30"))
    #expect(html.contains("No paid calls in the period yet."))
}

@Test func anEarlierRunIsShownAndSaidSo() throws {
    let fixture = try ReportFixture(nights: 1)
    let report = try fixture.report(asOf: .day("2026-11-03"))
    #expect(report.run?.asOf == ReportFixture.asOf)
    #expect(QAReportHTML.render(report).contains("this is the latest run before it, of 2026-10-31"))
}

@Test func publishedWeightsAppearWithTheirChangeAndPins() throws {
    let fixture = try ReportFixture(nights: 1)
    let feed = PublishedWeights(
        version: 12, format: "kamailio", generatedAt: 1_795_490_000, validUntil: 1_795_619_600, scoringAsOf: ReportFixture.asOf,
        agents: ["a100": .init(weight: 100, previous: 90, pinned: false), "a300": .init(weight: 42, previous: 60, pinned: true)])
    let report = try fixture.report(weights: FixedWeights(feed))
    #expect(report.feedAgeSeconds == 10_000)
    let html = QAReportHTML.render(report)
    #expect(html.contains("<dd>v12<small class=\"block\">kamailio, 2 h 46 min old</small></dd>"))
    #expect(html.contains("<td class=\"num\" data-label=\"Weight\"><span>100<span class=\"change\">+10</span></span></td>"))
    #expect(html.contains("<span>42<span class=\"change\">\u{2212}18</span><span class=\"pin\""))
    let none = QAReportHTML.render(try fixture.report())
    #expect(none.contains("no feed published yet"))
    #expect(!none.contains("class=\"pin\""))
}

private struct BrokenWeights: PublishedWeightsSource {
    struct Failure: Error, CustomStringConvertible { var description: String { "no such column: <pinned>" } }
    func publishedWeights(throughScoringRunOf date: CalendarDate) throws -> PublishedWeights? { throw Failure() }
    func lastFeedGeneratedAt() throws -> Int64? { throw Failure() }
}

@Test func anUnreadableFeedIsShownNotThrown() throws {
    let fixture = try ReportFixture(nights: 1)
    let report = try fixture.report(weights: BrokenWeights())
    #expect(report.feedProblem == "no such column: <pinned>")
    #expect(QAReportHTML.render(report).contains("cannot be read: no such column: &lt;pinned&gt;"))
}

@Test func missingPayrollRulesAreShownInTheirSection() throws {
    let fixture = try ReportFixture(nights: 1)
    let failure = RulesError(file: "Rules/tiers.json", position: nil, keyPath: "", reason: "rule file not found", sourceLine: nil)
    let report = try Reporting(store: fixture.store).qaReport(
        asOf: ReportFixture.asOf, center: fixture.center, scoring: fixture.scoring, payroll: .failure(failure),
        weights: NoPublishedWeights(), generatedAt: ReportFixture.clock)
    #expect(report.pay == .unavailable(failure.description))
    #expect(QAReportHTML.render(report).contains("Not available: Rules/tiers.json"))
}

@Test(arguments: [
    // (sum, count, mean in hundredths, half up)
    (Int64(12), Int64(4), 300), (19, 5, 380), (17, 5, 340), (10, 3, 333), (11, 3, 367), (5, 8, 63), (0, 0, 0),
    (Int64.max, Int64.max, 100), (Int64.max - 1, Int64.max, 100),
])
func hotlineMeans(sum: Int64, count: Int64, hundredths: Int) {
    #expect(HotlineMovement.mean(sum: sum, count: count) == hundredths)
}

@Test func hotlinesWhoseRatingMovedMost() throws {
    let fixture = try ReportFixture(nights: 1)
    let hotlines = try fixture.report().attention.hotlines
    // Fixtures: 2026-10-18..24 against 2026-10-25..31 (Zurich), hotlines with 3 ratings or more in both.
    #expect(hotlines.map(\.hotline) == ["+41800300300", "+41800100100"])
    #expect(hotlines.first?.name == "Medical information")
    #expect(hotlines.map(\.earlierMeanHundredths) == [300, 380])
    #expect(hotlines.map(\.recentMeanHundredths) == [400, 340])
    #expect(hotlines.map(\.changeHundredths) == [100, -40])
    #expect(hotlines.map(\.earlierRatings) == [4, 5])
    #expect(hotlines.map(\.recentRatings) == [3, 5])
}

@Test(arguments: [Int64.min, Int64.max])
func absurdFeedTimesDoNotTrap(generatedAt: Int64) throws {
    let fixture = try ReportFixture(nights: 1)
    let feed = PublishedWeights(version: 1, format: "csv", generatedAt: generatedAt, validUntil: generatedAt, scoringAsOf: nil, agents: [:])
    let report = try fixture.report(weights: FixedWeights(feed))
    let html = QAReportHTML.render(report)
    #expect(html.contains("<dd>v1<small class=\"block\">csv, "))
}
