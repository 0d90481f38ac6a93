public import Foundation

/// A day of the calendar, without a time or a zone: an as-of date such as 2026-10-31.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    public let daysSinceEpoch: Int

    /// The date `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The date of a year (1…9999), month and day; nil for a day that does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Timestamp.daysInMonth(year: year, month: month)
        else { return nil }
        daysSinceEpoch = Timestamp.daysFromCivil(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`; nil for anything else, including days that do not exist.
    public init?(_ text: String) {
        var text = text
        let days: Int? = text.withUTF8 { bytes in
            guard bytes.count == 10 else { return nil }
            return try? Timestamp.parseDate(bytes)
        }
        guard let days else { return nil }
        daysSinceEpoch = days
    }

    /// The local date at `instant` in `zone`.
    public init(containing instant: Date, in zone: TimeZone) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down)) + Int64(zone.secondsFromGMT(for: instant))
        daysSinceEpoch = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// The year, e.g. 2026.
    public var year: Int { Timestamp.civilFromDays(daysSinceEpoch).year }
    /// The month, 1…12.
    public var month: Int { Timestamp.civilFromDays(daysSinceEpoch).month }
    /// The day of the month, 1…31.
    public var day: Int { Timestamp.civilFromDays(daysSinceEpoch).day }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// `YYYY-MM-DD`.
    public var description: String { Timestamp.formatDate(days: daysSinceEpoch) }

    /// Earlier dates first.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }
}
