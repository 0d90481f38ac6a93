package import Foundation

/// Where a local date of the center begins and ends as instants. Instants are Unix seconds, UTC,
/// as calls store them; days are cut at local midnight in the center's IANA time zone, so a day can
/// last 23, 24 or 25 hours.
extension CalendarDate {
    /// The local date of Unix second `instant` in `zone`.
    package init(containing instant: Int64, in zone: TimeZone) {
        let local = instant + Self.offset(at: instant, in: zone)
        self.init(daysSinceEpoch: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
    }

    /// The first instant of this date in `zone`: local midnight, or, where a daylight-saving
    /// change skips midnight, the first instant after the gap. When midnight occurs twice (a
    /// change back at midnight), the earlier one.
    package func start(in zone: TimeZone) -> Int64 {
        let wall = Int64(daysSinceEpoch) * 86_400
        var best: Int64?
        // The offsets in force a little before and after; one of them holds at midnight.
        for probe in [wall - 172_800, wall - 86_400, wall, wall + 86_400, wall + 172_800] {
            let candidate = wall - Self.offset(at: probe, in: zone)
            if candidate + Self.offset(at: candidate, in: zone) == wall {
                best = min(best ?? candidate, candidate)
            }
        }
        if let best { return best }
        // Midnight does not exist: the day starts where local time first reaches it.
        var low = wall - 172_800, high = wall + 172_800
        while low < high {
            let middle = low + (high - low) / 2
            if middle + Self.offset(at: middle, in: zone) >= wall { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The instants of this date in `zone`: from its start up to, not including, the next day's.
    package func instants(in zone: TimeZone) -> Range<Int64> {
        start(in: zone)..<adding(days: 1).start(in: zone)
    }

    /// ISO weekday, Monday 1 … Sunday 7 (1970-01-01 was a Thursday).
    package var isoWeekday: Int { ((daysSinceEpoch + 3) % 7 + 7) % 7 + 1 }

    /// Seconds east of UTC at `instant`. Instants are whole seconds far below 2^53, so the
    /// conversion to `TimeInterval` is exact.
    package static func offset(at instant: Int64, in zone: TimeZone) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }
}
