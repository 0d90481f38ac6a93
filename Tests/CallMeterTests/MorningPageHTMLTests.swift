import Foundation
import Testing
@testable import CallMeter

/// The morning page's own parts: its headline element reads back exactly, a hostile file name in
/// what arrived late is text, and `callmeter report`'s page has none of it.
struct MorningPageHTMLTests {
    @Test func theHeadlineElementReadsBackAndTheReportPageHasNone() throws {
        let fixture = try ReportFixture()
        let report = try fixture.report()
        let page = QAReportHTML.render(report, morning: MorningPageNotes(previousPage: nil, arrivals: nil))
        let read = try #require(PageHeadline.read(page: Substring(page)))
        #expect(read == PageHeadline(report))
        #expect(read.asOf == ReportFixture.asOf && read.agentsScored == report.headline.agentsScored && read.feedVersion == nil)
        #expect(read.bands.reduce(0, +) == report.headline.agentsScored)
        #expect(page.contains("<a href=\"index.html\">All kept pages</a>") && !page.contains("Previous page"))

        let plain = try fixture.html()
        #expect(!plain.contains("callmeter-page") && !plain.contains("<nav"))
        #expect(plain.contains("Made by <code>callmeter report</code>"))
        #expect(PageHeadline.read(page: Substring(plain)) == nil)
    }

    @Test func aHostileFileNameThatArrivedLateIsText() throws {
        let report = try ReportFixture().report()
        let hostile = "<script>alert(1)</script>\u{202E}lmth.csv"
        let arrival = LateArrival(batchID: 7, fileName: hostile, kind: "ratings", rows: 2, firstCallAt: 1_792_000_000, lastCallAt: 1_792_100_000)
        let previous = CalendarDate.day("2026-10-30")
        let page = QAReportHTML.render(report, morning: MorningPageNotes(previousPage: previous, arrivals: [arrival]))
        #expect(!page.contains("<script"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;\u{FFFD}lmth.csv"))
        #expect(page.contains("<a href=\"2026-10-30.html\">Previous page: 2026-10-30</a>"))
        #expect(page.contains("<td class=\"num\" data-label=\"Rows\">2 ratings</td>"))
    }

    @Test func theIndexListsNewestFirstAndSaysWhenAPageHasNoFigures() throws {
        let report = try ReportFixture().report()
        let headline = PageHeadline(report)
        let html = MorningPageIndexHTML.render(
            pages: [(ReportFixture.asOf, headline), (CalendarDate.day("2026-11-01"), nil)], generatedAt: 1_795_500_000)
        let newer = try #require(html.range(of: "2026-11-01.html"))
        let older = try #require(html.range(of: "2026-10-31.html"))
        #expect(newer.lowerBound < older.lowerBound)
        #expect(html.contains("figures not readable from the page"))
        #expect(html.contains("<td class=\"num\" data-label=\"Agents scored\">\(headline.agentsScored)</td>"))
        for forbidden in ["http://", "https://", "<script", "<link", "url(", "src="] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
        }
    }
}
