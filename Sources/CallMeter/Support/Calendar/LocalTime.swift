import Foundation

extension Timestamp {
    /// A wall-clock time without offset, `YYYY-MM-DD HH:MM:SS` (or `T` between date and time), with an
    /// optional fraction of a second that is dropped: the seconds since 1970-01-01 00:00 *on that
    /// clock*, to be placed in a time zone by `LocalTimeResolver`.
    package static func parseWallClock(_ raw: UnsafeBufferPointer<UInt8>) throws(FieldError) -> Int64 {
        let b = raw.trimmed
        func fail(_ why: String = "") -> FieldError {
            FieldError("'\(displayText(b))' is not a time like 2026-10-25 02:30:00\(why)")
        }
        let (year, month, day, hour, minute, second) = try civilFields(b, lowercaseT: false, fail: fail)
        if b.count > 19 {
            guard b[19] == UInt8(ascii: "."), b.count > 20 else { throw fail() }
            for i in 20..<b.count where !(b[i] >= 48 && b[i] <= 57) { throw fail() }
        }
        return Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// `2026-10-25 02:30:00` for wall-clock seconds.
    package static func formatWallClock(_ seconds: Int64) -> String {
        let utc = formatUTC(seconds)
        return String(utc.prefix(10)) + " " + String(utc.dropFirst(11).prefix(8))
    }

    /// `+02:00` for an offset in seconds.
    package static func formatOffset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        let hours = magnitude / 3600, minutes = magnitude / 60 % 60
        return "\(sign)\(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes)"
    }
}

/// Places wall-clock times of one time zone on the UTC time line.
///
/// A wall-clock time maps to one instant, to two (the hour that repeats when clocks go back: a
/// *fold*) or to none (the hour skipped when clocks go forward: a *gap*). The resolver never picks
/// silently; it reports which case it is and the callers apply the documented rule.
///
/// Transitions are looked up once per local day and cached, so a million rows cost a few
/// dictionary lookups each.
struct LocalTimeResolver {
    enum Resolution: Equatable {
        case unique(Int64)
        /// Both instants the time names, earlier first.
        case fold(earlier: Int64, later: Int64)
        /// The time does not exist: clocks jumped from `offsetBefore` to `offsetAfter`.
        case gap(offsetBefore: Int, offsetAfter: Int)
    }

    let zone: TimeZone
    /// How the dates are written (ISO unless a layout says otherwise).
    var dates = WallClockDates.isoYearMonthDay
    private var days: [Int64: Day] = [:]

    /// The offsets in force around one local day: the offset at the start of the window and every
    /// change inside it.
    private struct Day {
        let baseOffset: Int
        let changes: [(at: Int64, offset: Int)]

        func offset(at instant: Int64) -> Int {
            var offset = baseOffset
            for change in changes where change.at <= instant { offset = change.offset }
            return offset
        }
    }

    init(zone: TimeZone) {
        self.zone = zone
    }

    mutating func resolve(wallClock local: Int64) -> Resolution {
        let dayNumber = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let day: Day
        if let cached = days[dayNumber] {
            day = cached
        } else {
            day = load(dayNumber)
            days[dayNumber] = day
        }
        var offsets = [day.baseOffset]
        for change in day.changes where !offsets.contains(change.offset) { offsets.append(change.offset) }
        var instants: [Int64] = []
        for offset in offsets {
            let instant = local - Int64(offset)
            if day.offset(at: instant) == offset, !instants.contains(instant) { instants.append(instant) }
        }
        instants.sort()
        switch instants.count {
        case 0:
            // The change whose skipped wall-clock span holds `local`.
            var previous = day.baseOffset
            for change in day.changes {
                if local - Int64(previous) >= change.at && local - Int64(change.offset) < change.at {
                    return .gap(offsetBefore: previous, offsetAfter: change.offset)
                }
                previous = change.offset
            }
            return .gap(offsetBefore: day.baseOffset, offsetAfter: previous)
        case 1:
            return .unique(instants[0])
        default:
            return .fold(earlier: instants[0], later: instants[instants.count - 1])
        }
    }

    /// Offsets range from −12 h to +14 h, so every instant a wall-clock time of this local day can
    /// name lies within 16 hours of the day.
    private func load(_ dayNumber: Int64) -> Day {
        let windowStart = dayNumber * 86_400 - 16 * 3600
        let windowEnd = (dayNumber + 1) * 86_400 + 16 * 3600
        let base = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(windowStart)))
        var changes: [(at: Int64, offset: Int)] = []
        var cursor = Date(timeIntervalSince1970: TimeInterval(windowStart))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < TimeInterval(windowEnd),
              changes.count < 8 {
            let at = Int64(next.timeIntervalSince1970.rounded(.down))
            changes.append((at, zone.secondsFromGMT(for: next)))
            cursor = next
        }
        return Day(baseOffset: base, changes: changes)
    }
}

/// How a wall-clock time in a fold is placed. Times in a gap are always refused.
enum FoldRule {
    /// The earlier instant (the offset before clocks went back: summer time).
    case earlier
    /// The instant nearest `hint`, if one is within `tolerance` seconds of it; else the earlier.
    case nearest(Int64, tolerance: Int64)
    /// The earliest instant not before `hint` (an event cannot precede the call it belongs to);
    /// the earlier when both are.
    case notBefore(Int64)
}

extension LocalTimeResolver {
    /// Parses and places a wall-clock field; a time in a gap is an error naming the zone's jump.
    mutating func instant(_ raw: UnsafeBufferPointer<UInt8>, fold rule: FoldRule) throws(FieldError) -> Int64 {
        try instant(wallClock: try Timestamp.parseWallClock(raw, dates: dates), fold: rule)
    }

    /// Places wall-clock seconds (since 1970-01-01 00:00 on that clock); a time in a gap is an
    /// error naming the zone's jump.
    mutating func instant(wallClock local: Int64, fold rule: FoldRule) throws(FieldError) -> Int64 {
        switch resolve(wallClock: local) {
        case .unique(let instant):
            return instant
        case .fold(let earlier, let later):
            switch rule {
            case .earlier:
                return earlier
            case .nearest(let hint, let tolerance):
                let toEarlier = abs(earlier - hint), toLater = abs(later - hint)
                if toLater < toEarlier && toLater <= tolerance { return later }
                return earlier
            case .notBefore(let hint):
                return earlier >= hint || later < hint ? earlier : later
            }
        case .gap(let before, let after):
            throw FieldError(
                "'\(Timestamp.formatWallClock(local))' does not exist in \(zone.identifier): clocks jumped from "
                    + "\(Timestamp.formatOffset(before)) to \(Timestamp.formatOffset(after)) (are the times of this file in another zone? see --timezone)")
        }
    }
}
