import Foundation
import Testing
@testable import CallMeter

private let zurich = TimeZone(identifier: "Europe/Zurich") ?? .gmt

private func day(_ text: String) -> CalendarDate { CalendarDate.day(text) }

@Test(arguments: [
    ("2026-11", PayPeriod.Kind.monthly, "2026-11-01", "2026-11-30"),
    ("2026-02", .monthly, "2026-02-01", "2026-02-28"),
    ("2028-02", .monthly, "2028-02-01", "2028-02-29"),
    ("2026-11a", .semimonthly, "2026-11-01", "2026-11-15"),
    ("2026-11b", .semimonthly, "2026-11-16", "2026-11-30"),
    ("2026-10b", .semimonthly, "2026-10-16", "2026-10-31"),
    ("2026-W47", .weekly, "2026-11-16", "2026-11-22"),
    ("2026-W01", .weekly, "2025-12-29", "2026-01-04"),
    ("2026-W53", .weekly, "2026-12-28", "2027-01-03"),
    ("2021-W52", .weekly, "2021-12-27", "2022-01-02"),
    ("2026-W43", .weekly, "2026-10-19", "2026-10-25"),
])
func parsesPeriods(_ text: String, _ kind: PayPeriod.Kind, _ first: String, _ last: String) throws {
    let period = try PayPeriod.parse(text)
    #expect(period.kind == kind)
    #expect(period.identifier == text)
    #expect(period.firstDay == day(first))
    #expect(period.lastDay == day(last))
    #expect(PayPeriod.containing(day: period.firstDay, kind: kind) == period)
    #expect(PayPeriod.containing(day: period.lastDay, kind: kind) == period)
}

@Test(arguments: [
    "2026-13", "2026-00", "2026-1", "2026-11c", "2026-11A", "2026-W54", "2026-W00", "2026-w47", "2026-W7",
    "26-11", "2026/11", "2026-11-01", "", "1969-12", "november", "2026-11 ", "２０２６-11",
])
func unknownPeriodSyntaxIsAnError(_ text: String) {
    let error = #expect(throws: PayrollError.self) { try PayPeriod.parse(text) }
    #expect(error?.description.contains("2026-W47") == true)
}

/// Week 53 of a year with 52 ISO weeks says so instead of the generic syntax message.
@Test func weekFiftyThreeOfAFiftyTwoWeekYearNamesTheLastWeek() {
    let error = #expect(throws: PayrollError.self) { try PayPeriod.parse("2025-W53") }
    #expect(error?.description == "\"2025-W53\" is not a pay period: 2025 has 52 ISO weeks, so its last week is 2025-W52")
}

@Test(arguments: [("2026-12", "2027-01"), ("2026-11a", "2026-11b"), ("2026-11b", "2026-12a"), ("2026-W52", "2026-W53"),
                  ("2026-W53", "2027-W01"), ("2027-W52", "2028-W01")])
func nextPeriod(_ text: String, _ next: String) throws {
    #expect(try PayPeriod.parse(text).next.identifier == next)
}

/// October 2026 in Zurich starts at 22:00 UTC on 30 September (CEST, +2) and ends at 23:00 UTC on
/// 31 October (CET, +1): the month is 745 hours long.
@Test func monthBoundsFollowTheCentersTimeZone() throws {
    let bounds = try PayPeriod.parse("2026-10").bounds(in: zurich)
    #expect(bounds.start == 1_790_805_600) // 2026-09-30T22:00:00Z
    #expect(bounds.end == 1_793_487_600)   // 2026-10-31T23:00:00Z
    #expect(bounds.end - bounds.start == 745 * 3_600)
}

/// Sunday 25 October 2026 lasts 25 hours in Zurich; ISO week 43 ends at its local midnight.
@Test func theDSTChangeDayHas25Hours() throws {
    let start = day("2026-10-25").start(in: zurich)
    let end = day("2026-10-26").start(in: zurich)
    #expect(start == 1_792_879_200) // 2026-10-24T22:00:00Z
    #expect(end - start == 25 * 3_600)
    #expect(try PayPeriod.parse("2026-W43").bounds(in: zurich).end == end)
    // 23:30 local on the 25th is 22:30 UTC: still the 25th, although UTC+2 would make it the 26th.
    #expect(CalendarDate(containing: end - 1_800, in: zurich) == day("2026-10-25"))
}

/// Where a clock change skips midnight (Santiago, 11 September 2022: 00:00 → 01:00), the day starts
/// at the first instant after the gap.
@Test func aDayWithoutMidnightStartsAfterTheGap() throws {
    let santiago = try #require(TimeZone(identifier: "America/Santiago"))
    #expect(day("2022-09-11").start(in: santiago) == 1_662_868_800) // 2022-09-11T04:00:00Z = 01:00 local
}
