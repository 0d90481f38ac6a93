package import Foundation

/// One planning slot: a local wall-clock interval of `interval_minutes` (`Rules/staffing.json`) in
/// the center's zone, as the instants it covers.
///
/// Slots are cut at the local wall-clock multiples of the interval, so an ordinary day has 1440 ÷
/// interval of them. Where clocks change they follow the clock: on a spring-forward day of Europe/Berlin
/// the skipped hour has no slots (46 half hours); on a fall-back day the repeated hour is two sets of
/// distinct instants, each its own slot (50 half hours), marked `repeated` the second time. A slot is
/// also cut at a change that is not on a slot boundary (zones that shift by 30 minutes with 60-minute
/// slots), so a slot can be shorter than the interval; `seconds` is always its real length.
package struct LocalSlot: Sendable, Hashable, Comparable {
    /// First instant, Unix seconds UTC.
    package var start: Int64
    /// Instant after the last second.
    package var end: Int64
    /// The local date the slot belongs to.
    package var date: CalendarDate
    /// Local wall-clock start of the slot's interval, minutes after midnight (0, 30, … 1410 for
    /// 30-minute slots): the slot of the day it is, whatever the clock did.
    package var minuteOfDay: Int
    /// The second occurrence of this wall-clock interval on a fall-back day.
    package var repeated: Bool

    package var seconds: Int64 { end - start }
    /// ISO weekday of `date`, Monday 1 … Sunday 7.
    package var isoWeekday: Int { date.isoWeekday }

    /// `2026-12-07 08:30`, with ` (2nd)` for the repeated hour of a fall-back day.
    package var label: String {
        let hour = minuteOfDay / 60, minute = minuteOfDay % 60
        return "\(date) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)" + (repeated ? " (2nd)" : "")
    }

    /// `08:30`, or `02:00b` for the repeated one.
    package var timeOfDay: String { String(label.dropFirst(11).prefix(5)) + (repeated ? "b" : "") }

    package static func < (a: LocalSlot, b: LocalSlot) -> Bool { a.start < b.start }

    /// The slots of local date `date` in `zone`, in time order, covering its instants without gap
    /// or overlap. `intervalMinutes` divides 1440 (15, 30 or 60 in the rules).
    package static func day(_ date: CalendarDate, intervalMinutes: Int, in zone: TimeZone) -> [LocalSlot] {
        let interval = Int64(intervalMinutes) * 60
        let instants = date.instants(in: zone)
        let midnight = Int64(date.daysSinceEpoch) * 86_400
        var slots: [LocalSlot] = []
        var seen = Set<Int>()
        var cursor = instants.lowerBound
        while cursor < instants.upperBound {
            let offset = CalendarDate.offset(at: cursor, in: zone)
            let wall = cursor + offset - midnight
            let slotWall = wall - ((wall % interval) + interval) % interval
            var end = min(cursor + (slotWall + interval - wall), instants.upperBound)
            // A change of offset inside: the slot ends where it happens.
            if CalendarDate.offset(at: end - 1, in: zone) != offset {
                var low = cursor + 1, high = end - 1
                while low < high {
                    let middle = low + (high - low) / 2
                    if CalendarDate.offset(at: middle, in: zone) != offset { high = middle } else { low = middle + 1 }
                }
                end = low
            }
            let minute = Int(slotWall / 60)
            // The rest of a slot cut by a change is no repetition (a 15-minute jump forward inside it).
            let continued = slots.last.map { $0.minuteOfDay == minute && $0.end == cursor } ?? false
            let repeated = continued ? slots[slots.count - 1].repeated : !seen.insert(minute).inserted
            slots.append(LocalSlot(start: cursor, end: end, date: date, minuteOfDay: minute, repeated: repeated))
            cursor = end
        }
        return slots
    }

    /// The slots of the seven days of `week`.
    package static func week(_ week: ISOWeek, intervalMinutes: Int, in zone: TimeZone) -> [LocalSlot] {
        week.days.flatMap { day($0, intervalMinutes: intervalMinutes, in: zone) }
    }
}
