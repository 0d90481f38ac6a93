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
        let wall = Int64(day) * 86_400
        var best: Int64?
        // The offsets in force a little before and after; one of them holds at midnight.
        for probe in [wall - 172_800, wall - 86_400, wall, wall + 86_400, wall + 172_800] {
            let candidate = wall - offset(at: probe, in: zone)
            if candidate + offset(at: candidate, in: zone) == wall {
                best = min(best ?? candidate, candidate)
            }
        }
        if let best { return best }
        // Midnight does not exist: the day starts where local time first reaches it.
        var low = wall - 172_800, high = wall + 172_800
        while low < high {
            let middle = low + (high - low) / 2
            if middle + offset(at: middle, in: zone) >= wall { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The local date of `instant` in `zone`.
    public static func day(of instant: Int64, in zone: TimeZone) -> Int {
        let local = instant + offset(at: instant, in: zone)
        return Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// Seconds east of UTC at `instant`. Instants are whole seconds far below 2^53, so the
    /// conversion to `TimeInterval` is exact.
    static func offset(at instant: Int64, in zone: TimeZone) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }

    /// ISO weekday, Monday 1 … Sunday 7 (1970-01-01 was a Thursday).
    static func isoWeekday(_ day: Int) -> Int {
        ((day + 3) % 7 + 7) % 7 + 1
    }

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
