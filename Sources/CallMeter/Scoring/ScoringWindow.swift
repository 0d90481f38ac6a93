package import Foundation

/// The local calendar days a score looks at: `days` days ending with the as-of date, in the
/// center's time zone, as an interval of UTC instants.
///
/// Midnights come from `Calendar` in that zone, so a window that spans a daylight-saving change
/// is an hour longer or shorter than `days × 24 h`.
package struct ScoringWindow: Sendable, Equatable {
    package let asOf: CalendarDate
    package let days: Int
    package let timeZone: TimeZone
    /// Unix seconds (UTC) of the local midnight that starts the first day; inclusive.
    package let start: Int64
    /// Unix seconds (UTC) of the local midnight after the as-of date; exclusive.
    package let end: Int64

    package init(asOf: CalendarDate, days: Int, timeZone: TimeZone) {
        self.asOf = asOf
        self.days = max(days, 1)
        self.timeZone = timeZone
        start = Self.startOfDay(asOf.adding(days: -(self.days - 1)), in: timeZone)
        end = Self.startOfDay(asOf.adding(days: 1), in: timeZone)
    }

    package var firstDay: CalendarDate { asOf.adding(days: -(days - 1)) }

    /// Whether a call that started at `instant` (Unix seconds) belongs to the window.
    package func contains(_ instant: Int64) -> Bool { instant >= start && instant < end }

    /// The first instant of `date` in `zone`: local midnight, or the first valid time after it
    /// where a daylight-saving change skips midnight.
    static func startOfDay(_ date: CalendarDate, in zone: TimeZone) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: date.year, month: date.month, day: date.day, hour: 12)
        if let noon = calendar.date(from: components) {
            return Int64(calendar.startOfDay(for: noon).timeIntervalSince1970.rounded())
        }
        // Not reached for a valid date; a fixed-offset approximation rather than a trap.
        let utcMidnight = Int64(date.daysSinceEpoch) * 86_400
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utcMidnight)))
        return utcMidnight - Int64(offset)
    }
}
