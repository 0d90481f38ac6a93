/// ISO 8601 instants and calendar dates, parsed from bytes into Unix seconds (UTC).
///
/// Accepted: `YYYY-MM-DDTHH:MM:SS` (or a space instead of `T`), optional fraction of a second
/// (dropped: instants are stored in whole seconds), then `Z` or an offset `±HH:MM`, `±HHMM` or `±HH`.
/// A timestamp without offset is refused: the same wall-clock time means different instants in
/// different places.
package enum Timestamp {
    /// `YYYY-MM-DD?HH:MM:SS` at the start of `b`, `?` a `T` or a space (or a `t` with
    /// `lowercaseT`), checked to be a real date
    /// and time of day: the part that instants (`parseInstant`) and wall-clock times
    /// (`parseWallClock`) share. Throws `fail()` when malformed, `fail(" (no such date)")` or
    /// `fail(" (no such time of day)")` when out of range.
    static func civilFields(
        _ b: UnsafeBufferPointer<UInt8>, lowercaseT: Bool, fail: (String) -> FieldError
    ) throws(FieldError) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        guard b.count >= 19 else { throw fail("") }
        guard let year = digits(b, 0, 4), b[4] == UInt8(ascii: "-"), let month = digits(b, 5, 2), b[7] == UInt8(ascii: "-"),
              let day = digits(b, 8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") || (lowercaseT && b[10] == UInt8(ascii: "t")),
              let hour = digits(b, 11, 2), b[13] == UInt8(ascii: ":"), let minute = digits(b, 14, 2),
              b[16] == UInt8(ascii: ":"), let second = digits(b, 17, 2)
        else { throw fail("") }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else {
            throw fail(" (no such date)")
        }
        guard hour <= 23, minute <= 59, second <= 59 else { throw fail(" (no such time of day)") }
        return (year, month, day, hour, minute, second)
    }

    /// The `n` decimal digits at `at` of `b` as a number; nil when one is not a digit or missing.
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ n: Int) -> Int? {
        var v = 0
        for i in at..<(at + n) {
            guard i < b.count else { return nil }
            let d = b[i]
            guard d >= 48 && d <= 57 else { return nil }
            v = v * 10 + Int(d - 48)
        }
        return v
    }

    package static func parseInstant(_ raw: UnsafeBufferPointer<UInt8>) throws(FieldError) -> Int64 {
        let b = raw.trimmed
        func fail(_ why: String = "") -> FieldError {
            FieldError("'\(displayText(b))' is not an ISO 8601 timestamp like 2026-11-02T08:15:00Z\(why)")
        }
        func digits(_ at: Int, _ n: Int) -> Int? { Self.digits(b, at, n) }
        let (year, month, day, hour, minute, second) = try civilFields(b, lowercaseT: true, fail: fail)
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
            i += 1
            let fractionStart = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            guard i > fractionStart else { throw fail() }
        }
        guard i < b.count else { throw fail(" (no UTC offset: add Z or +hh:mm)") }
        var offsetSeconds = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(i, 2) else { throw fail() }
            i += 2
            var om = 0
            if i < b.count {
                if b[i] == UInt8(ascii: ":") { i += 1 }
                guard let m = digits(i, 2) else { throw fail() }
                om = m
                i += 2
            }
            guard oh <= 18, om <= 59 else { throw fail(" (offset out of range)") }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        default:
            throw fail()
        }
        guard i == b.count else { throw fail() }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
    }

    /// A calendar date `YYYY-MM-DD`, as days since 1970-01-01.
    package static func parseDate(_ raw: UnsafeBufferPointer<UInt8>) throws(FieldError) -> Int {
        let b = raw.trimmed
        let fail = FieldError("'\(displayText(b))' is not a date like 2026-11-02")
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { throw fail }
        var parts = [0, 0, 0]
        for (index, range) in [(0, 0..<4), (1, 5..<7), (2, 8..<10)] {
            for i in range {
                guard b[i] >= 48 && b[i] <= 57 else { throw fail }
                parts[index] = parts[index] * 10 + Int(b[i] - 48)
            }
        }
        guard (1...12).contains(parts[1]), parts[2] >= 1, parts[2] <= daysInMonth(year: parts[0], month: parts[1]) else {
            throw FieldError("'\(displayText(b))' is not a date (no such day)")
        }
        return daysFromCivil(year: parts[0], month: parts[1], day: parts[2])
    }

    package static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        CivilCalendar.days(from: CivilDate(year: year, month: month, day: day))
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    package static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let date = CivilCalendar.date(fromDays: days)
        return (date.year, date.month, date.day)
    }

    /// `2026-11-02T07:15:00Z` for Unix seconds.
    package static func formatUTC(_ seconds: Int64) -> String {
        let days = Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let (y, m, d) = civilFromDays(days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))Z"
    }

    /// `2026-11-02` for days since 1970-01-01.
    package static func formatDate(days: Int) -> String {
        let (y, m, d) = civilFromDays(days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension Timestamp {
    /// `2026-11-02T07:15:00Z` for Unix milliseconds (the milliseconds dropped).
    package static func formatUTC(milliseconds: Int64) -> String {
        formatUTC(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
    }
}
