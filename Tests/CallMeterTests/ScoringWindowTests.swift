import Foundation
import Testing
@testable import CallMeter

private let zurich = TimeZone(identifier: "Europe/Zurich") ?? .gmt

@Test func windowIsLocalCalendarDays() {
    // Summer time all through: local midnight is 22:00 UTC.
    let window = ScoringWindow(asOf: .day("2026-07-31"), days: 28, timeZone: zurich)
    #expect(window.firstDay == .day("2026-07-04"))
    #expect(Timestamp.formatUTC(window.start) == "2026-07-03T22:00:00Z")
    #expect(Timestamp.formatUTC(window.end) == "2026-07-31T22:00:00Z")
    #expect(window.end - window.start == 28 * 86_400)
}

@Test func windowAcrossTheEndOfSummerTimeIsAnHourLonger() {
    // Europe/Zurich leaves summer time on Sunday 2026-10-25 (03:00 CEST → 02:00 CET).
    let window = ScoringWindow(asOf: .day("2026-10-31"), days: 28, timeZone: zurich)
    #expect(Timestamp.formatUTC(window.start) == "2026-10-03T22:00:00Z")  // 00:00 CEST
    #expect(Timestamp.formatUTC(window.end) == "2026-10-31T23:00:00Z")    // 00:00 CET
    #expect(window.end - window.start == 28 * 86_400 + 3600)
    // 23:30 local on the as-of day is inside; 00:00 local the next day is not.
    #expect(window.contains(ScoringFixture.instant("2026-10-31T22:30:00Z")))
    #expect(!window.contains(ScoringFixture.instant("2026-10-31T23:00:00Z")))
    #expect(window.contains(ScoringFixture.instant("2026-10-03T22:00:00Z")))
    #expect(!window.contains(ScoringFixture.instant("2026-10-03T21:59:59Z")))
}

@Test func windowAcrossTheStartOfSummerTimeIsAnHourShorter() {
    // 2026-03-29: 02:00 CET → 03:00 CEST.
    let window = ScoringWindow(asOf: .day("2026-03-29"), days: 1, timeZone: zurich)
    #expect(Timestamp.formatUTC(window.start) == "2026-03-28T23:00:00Z")
    #expect(Timestamp.formatUTC(window.end) == "2026-03-29T22:00:00Z")
    #expect(window.end - window.start == 23 * 3600)
}

@Test func dayOfTheDSTChangeIsTwentyFiveHours() {
    let window = ScoringWindow(asOf: .day("2026-10-25"), days: 1, timeZone: zurich)
    #expect(window.end - window.start == 25 * 3600)
}

@Test(arguments: ["2026-10-31", "2024-02-29", "1999-12-31"])
func calendarDatesRoundTrip(_ text: String) {
    #expect(CalendarDate(text)?.description == text)
}

@Test(arguments: ["2026-02-29", "2026-13-01", "2026-10-32", "26-10-31", "2026-10-31 ", "2026/10/31", "", "yesterday", "2026-1-05"])
func invalidCalendarDatesAreRefused(_ text: String) {
    #expect(CalendarDate(text) == nil)
}

@Test func localDateOfAnInstant() {
    // 23:30 UTC on 31 October is 00:30 on 1 November in Zurich.
    let instant = Date(timeIntervalSince1970: TimeInterval(ScoringFixture.instant("2026-10-31T23:30:00Z")))
    #expect(CalendarDate(containing: instant, in: zurich) == .day("2026-11-01"))
    #expect(CalendarDate(containing: instant, in: TimeZone(identifier: "UTC") ?? .gmt) == .day("2026-10-31"))
}
