import Foundation
import Testing
@testable import CallMeter

/// 2026-W43 in Europe/Berlin: Sunday 2026-10-25 has 50 half hours. Calls on H1 every slot of
/// Monday only; one agent committed Monday 08:00–16:00.
private func report() throws -> CoverageReport {
    let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
    let week = try #require(ISOWeek("2026-W43"))
    let slots = LocalSlot.week(week, intervalMinutes: 30, in: zone)
    let sundayTwo = slots.filter { $0.date.isoWeekday == 7 && $0.minuteOfDay == 120 }
    let forecast = CallForecast(
        week: week, historyWeeks: [week.adding(weeks: -1)], timeZone: zone, historyStart: 0, historyEnd: 0, hotlines: ["H1"],
        slots: slots,
        perSlot: [slots.map { slot in
            let calls = slot.isoWeekday == 1 || sundayTwo.contains(slot) ? 4.0 : 0
            return CallForecast.SlotForecast(calls: calls, averageHandleSeconds: 180, historyConnected: 50)
        }],
        hotlineHandleSeconds: [:], patienceSeconds: [:], historyCalls: [:], historyDays: [:])
    let monday = week.monday.start(in: zone)
    let interval = CommittedInterval(agentID: "a1", start: monday + 8 * 3600, end: monday + 16 * 3600, hotlines: [])
    return CoveragePlanner.plan(forecast: forecast, intervals: [interval], skills: [:], rules: .shipped, removedAgent: nil)
}

@Test func heatMapMarksUncoveredSlotsAndSplitsTheRepeatedHour() throws {
    let report = try report()
    let svg = CoverageHeatMapSVG.render(report, hotline: "H1").markup
    // Monday: 16 covered slots with a title each, 32 uncovered with a cross; Sunday's 02:00 twice.
    let uncovered = report.slots.filter(\.isUncovered)
    #expect(uncovered.count == 32 + 2)
    #expect(svg.components(separatedBy: "<path ").count - 1 == uncovered.count)
    #expect(svg.components(separatedBy: "<title>").count - 1 == 1 + 48 + 2)
    #expect(svg.contains("<title>2026-10-25 02:00 (2nd): 4.0 calls, required 2, committed 0.00, uncovered</title>"))
    // The two occurrences of 02:00 are half-height cells, one above the other.
    #expect(svg.contains("height=\"6\" fill=\"#67000d\""))
    // Days without calls or commitments: runs of empty cells, not a rect per slot.
    #expect(svg.components(separatedBy: "fill=\"\(CoverageHeatMapSVG.emptySlot)\"").count - 1 < 20)
}

@Test func qaReportCoverageSectionListsTheUncoveredStretches() throws {
    let html = QAReportHTML.coverageSection(try report()).markup
    #expect(html.contains("<h2>Coverage of 2026-W43</h2>"))
    #expect(html.contains("<li>H1: 2026-10-19 00:00 to 2026-10-19 08:00 (8.0 h)</li>"))
    // Each occurrence of the repeated 02:00 is its own stretch.
    #expect(html.contains("<li>H1: 2026-10-25 02:00 to 2026-10-25 02:30 (0.5 h)</li>"))
    #expect(html.contains("<li>H1: 2026-10-25 02:00 (2nd) to 2026-10-25 02:30 (0.5 h)</li>"))
    #expect(html.contains("<h3>Worst slots</h3>"))
}
