/// An ISO 8601 week, `2026-W49`: Monday to Sunday as local dates, week 1 being the week that holds
/// 4 January (so the ISO year of a week is the year of its Thursday, and a year has 52 or 53 weeks).
package struct ISOWeek: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ISO year (the year of the week's Thursday).
    package let year: Int
    /// 1 to 52 or 53.
    package let week: Int

    /// Reads exactly `YYYY-Www`; nil for anything else, and for a week 53 of a year with 52 weeks.
    package init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 8, bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "W"),
              let year = Self.number(bytes[0..<4]), (1970...9999).contains(year),
              let week = Self.number(bytes[6..<8]), week >= 1, week <= Self.weeksIn(isoYear: year)
        else { return nil }
        self.year = year
        self.week = week
    }

    /// The week that holds local date `day`.
    package init(containing day: CalendarDate) {
        let monday = day.adding(days: -(day.isoWeekday - 1))
        year = monday.adding(days: 3).year
        week = (monday.daysSinceEpoch - Self.firstMonday(isoYear: year).daysSinceEpoch) / 7 + 1
    }

    /// The Monday.
    package var monday: CalendarDate { Self.firstMonday(isoYear: year).adding(days: 7 * (week - 1)) }

    /// Monday to Sunday.
    package var days: [CalendarDate] { (0..<7).map { monday.adding(days: $0) } }

    /// The week `count` weeks later (earlier when negative).
    package func adding(weeks count: Int) -> ISOWeek { ISOWeek(containing: monday.adding(days: 7 * count)) }

    /// `2026-W49`.
    package var description: String {
        let y = String(year), w = String(week)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-W" + (w.count < 2 ? "0" : "") + w
    }

    package static func < (a: ISOWeek, b: ISOWeek) -> Bool { (a.year, a.week) < (b.year, b.week) }

    /// The Monday of ISO week 1: the week that holds 4 January.
    package static func firstMonday(isoYear: Int) -> CalendarDate {
        let fourth = CalendarDate(daysSinceEpoch: Timestamp.daysFromCivil(year: isoYear, month: 1, day: 4))
        return fourth.adding(days: -(fourth.isoWeekday - 1))
    }

    /// 52 or 53.
    package static func weeksIn(isoYear: Int) -> Int {
        (firstMonday(isoYear: isoYear + 1).daysSinceEpoch - firstMonday(isoYear: isoYear).daysSinceEpoch) / 7
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
