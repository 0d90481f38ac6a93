public import Foundation

/// Local calendar dates of the center and the instants where they begin.
///
/// A local date is a day count since 1970-01-01 (proleptic Gregorian, as `Timestamp` uses); an
/// instant is Unix seconds, UTC, as calls store them. Days are cut at local midnight in the
/// center's IANA time zone, so a day can last 23, 24 or 25 hours.
public enum LocalDays {
    /// The first instant of local date `day` in `zone`: local midnight, or, where a daylight-saving
    /// change skips midnight, the first instant after the gap. When midnight occurs twice (a
    /// change back at midnight), the earlier one.
    public static func start(of day: Int, in zone: TimeZone) -> Int64 {
        CalendarDate(daysSinceEpoch: day).start(in: zone)
    }

    /// The local date of `instant` in `zone`.
    public static func day(of instant: Int64, in zone: TimeZone) -> Int {
        CalendarDate(containing: instant, in: zone).daysSinceEpoch
    }

    static func offset(at instant: Int64, in zone: TimeZone) -> Int64 { CalendarDate.offset(at: instant, in: zone) }

    /// ISO weekday, Monday 1 … Sunday 7.
    static func isoWeekday(_ day: Int) -> Int { CalendarDate(daysSinceEpoch: day).isoWeekday }

    /// `2026-10-25`.
    public static func format(_ day: Int) -> String { Timestamp.formatDate(days: day) }

    /// Reads `YYYY-MM-DD` into a day count; nil when it is not a real date.
    public static func parse(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) else { return nil }
                value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), day >= 1, day <= Timestamp.daysInMonth(year: year, month: month)
        else { return nil }
        return Timestamp.daysFromCivil(year: year, month: month, day: day)
    }
}
