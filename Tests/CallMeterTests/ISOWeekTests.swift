import Testing
@testable import CallMeter

@Test(arguments: [
    ("2026-W01", "2025-12-29"), ("2026-W53", "2026-12-28"), ("2021-W52", "2021-12-27"), ("2026-W49", "2026-11-30"),
])
func isoWeeksStartOnTheirMonday(_ text: String, _ monday: String) throws {
    let week = try #require(ISOWeek(text))
    #expect(week.description == text)
    #expect(week.monday == CalendarDate.day(monday))
    #expect(week.days.count == 7)
    #expect(ISOWeek(containing: week.monday) == week)
    #expect(ISOWeek(containing: week.monday.adding(days: 6)) == week)
    #expect(week.adding(weeks: 1).monday == week.monday.adding(days: 7))
    #expect(week.adding(weeks: -6).adding(weeks: 6) == week)
}

@Test(arguments: ["2027-W53", "2026-W00", "2026-W54", "2026-w49", "2026-W7", "26-W49", "2026-W49 ", ""])
func notAnISOWeek(_ text: String) {
    #expect(ISOWeek(text) == nil)
}
