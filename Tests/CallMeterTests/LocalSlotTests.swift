import Foundation
import Testing
@testable import CallMeter

private let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt

private func day(_ text: String) -> CalendarDate { CalendarDate.day(text) }

/// Slots tile the day's instants: each starts where the one before ended, from the day's first
/// instant to the next day's.
private func expectTiling(_ slots: [LocalSlot], _ date: CalendarDate, zone: TimeZone) {
    let instants = date.instants(in: zone)
    #expect(slots.first?.start == instants.lowerBound)
    #expect(slots.last?.end == instants.upperBound)
    for (a, b) in zip(slots, slots.dropFirst()) { #expect(a.end == b.start) }
    #expect(slots.allSatisfy { $0.seconds > 0 && $0.date == date })
}

@Test(arguments: [
    ("2026-03-28", 48, 0), ("2026-03-29", 46, 0), ("2026-10-25", 50, 2), ("2026-10-26", 48, 0),
])
func berlinDaysHaveTheirHalfHours(_ text: String, _ count: Int, _ repeated: Int) {
    let slots = LocalSlot.day(day(text), intervalMinutes: 30, in: berlin)
    #expect(slots.count == count)
    #expect(slots.filter(\.repeated).count == repeated)
    #expect(slots.allSatisfy { $0.seconds == 1800 })
    expectTiling(slots, day(text), zone: berlin)
}

@Test func springForwardSkipsTheMissingHour() {
    let slots = LocalSlot.day(day("2026-03-29"), intervalMinutes: 30, in: berlin)
    let times = slots.map(\.timeOfDay)
    #expect(times[3] == "01:30")
    #expect(times[4] == "03:00")
    #expect(!times.contains("02:00") && !times.contains("02:30"))
    // 01:30 CET is 00:30 UTC; 03:00 CEST is 01:00 UTC.
    #expect(slots[4].start == slots[3].end)
    #expect(Timestamp.formatUTC(slots[4].start) == "2026-03-29T01:00:00Z")
}

@Test func fallBackCountsTheRepeatedHourOncePerInstant() {
    let slots = LocalSlot.day(day("2026-10-25"), intervalMinutes: 30, in: berlin)
    let times = slots.map(\.timeOfDay)
    #expect(Array(times[3...8]) == ["01:30", "02:00", "02:30", "02:00b", "02:30b", "03:00"])
    #expect(Timestamp.formatUTC(slots[4].start) == "2026-10-25T00:00:00Z")
    #expect(Timestamp.formatUTC(slots[6].start) == "2026-10-25T01:00:00Z")
    #expect(slots[6].minuteOfDay == slots[4].minuteOfDay)
    #expect(slots[6].label == "2026-10-25 02:00 (2nd)")
    #expect(Set(slots.map(\.start)).count == slots.count)
}

@Test(arguments: [15, 60])
func otherIntervalsOnDaylightSavingDays(_ minutes: Int) {
    let perHour = 60 / minutes
    #expect(LocalSlot.day(day("2026-03-29"), intervalMinutes: minutes, in: berlin).count == 23 * perHour)
    #expect(LocalSlot.day(day("2026-10-25"), intervalMinutes: minutes, in: berlin).count == 25 * perHour)
}

/// Lord Howe Island moves its clocks by 30 minutes: with hourly slots the hour of the change is
/// cut where the clock jumps.
@Test func halfHourChangeCutsAnHourlySlot() throws {
    let zone = try #require(TimeZone(identifier: "Australia/Lord_Howe"))
    let date = day("2026-10-04")
    let slots = LocalSlot.day(date, intervalMinutes: 60, in: zone)
    expectTiling(slots, date, zone: zone)
    #expect(slots.reduce(0) { $0 + $1.seconds } == 86_400 - 1800)
    #expect(slots.contains { $0.seconds == 1800 })
}

@Test func aWeekOfSlots() throws {
    let week = try #require(ISOWeek("2026-W43"))
    let slots = LocalSlot.week(week, intervalMinutes: 30, in: berlin)
    #expect(slots.count == 6 * 48 + 50)
    #expect(slots.first?.date == day("2026-10-19"))
    #expect(slots.last?.date == day("2026-10-25"))
    #expect(slots == slots.sorted())
}
