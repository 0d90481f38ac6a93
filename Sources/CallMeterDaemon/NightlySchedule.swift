package import CallMeter

/// When the nightly job is due: once per local date, at the nightly time of that date.
///
/// Daylight saving time: on the night the clocks go forward over the nightly time, the job runs at
/// the first minute after the gap (02:30 that does not exist runs at 03:00); on the night they go
/// back, it runs at the first of the two 02:30s, and only once, since a slot is a date.
package struct NightlySchedule: Sendable {
    package let time: NightlyTime
    package let clock: CenterClock

    package init(time: NightlyTime, clock: CenterClock) {
        self.time = time
        self.clock = clock
    }

    /// The instant (Unix seconds) of the slot of local date `date`.
    package func instant(of date: CalendarDate) -> Int64 {
        clock.firstInstant(atOrAfterWall: Int64(date.daysSinceEpoch) * 86_400 + time.secondsIntoDay)
    }

    /// The latest slot whose instant is `now` or earlier.
    package func latestSlot(atOrBefore now: Int64) -> CalendarDate {
        var date = clock.localDate(at: now).adding(days: 1)
        // At most two steps back: the slot of a date is on that date or just after a gap.
        while instant(of: date) > now { date = date.adding(days: -1) }
        return date
    }

    /// The first slot whose instant is after `now`.
    package func nextSlot(after now: Int64) -> CalendarDate {
        latestSlot(atOrBefore: now).adding(days: 1)
    }
}
