package import CallMeter
package import Foundation

/// Local wall-clock arithmetic in the center's time zone, on Unix seconds.
///
/// "Wall seconds" are the local date and time written as if they were UTC: `t + offset(t)`.
package struct CenterClock: Sendable {
    package let timeZone: TimeZone

    package init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The zone's offset from UTC at instant `t`, in seconds.
    package func offset(at t: Int64) -> Int64 {
        CalendarDate.offset(at: t, in: timeZone)
    }

    package func wallSeconds(at t: Int64) -> Int64 {
        t + offset(at: t)
    }

    /// The local calendar date at instant `t`.
    package func localDate(at t: Int64) -> CalendarDate {
        CalendarDate(containing: t, in: timeZone)
    }

    /// The first instant whose local time is `wall` or later: the wall time itself when it exists,
    /// its first occurrence when the clocks go back and it happens twice, and the first minute after
    /// the gap when the clocks go forward over it.
    package func firstInstant(atOrAfterWall wall: Int64) -> Int64 {
        // Every offset in force within 15 hours of the wall time (offsets are within -12 h…+14 h,
        // so every instant that can show this wall time is in that range).
        var offsets = Set<Int64>()
        for hour in -15...15 {
            offsets.insert(offset(at: wall + Int64(hour) * 3600))
        }
        guard let largest = offsets.max(), let smallest = offsets.min() else { return wall }
        // `wall - largest` is the earliest instant that can show `wall`; `wall - smallest` shows
        // `wall` or later. Local time only jumps forward inside this range at a gap, so the first
        // minute showing `wall` or later is found by walking it minute by minute (at most the spread
        // of the offsets: an hour or two).
        var t = wall - largest
        let end = wall - smallest
        while t < end {
            if wallSeconds(at: t) >= wall { return t }
            t += 60
        }
        return end
    }
}
