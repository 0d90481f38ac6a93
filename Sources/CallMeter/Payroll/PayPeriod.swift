package import Foundation

/// A pay period: a month (`2026-11`), a half month (`2026-11a` the 1st to the 15th, `2026-11b` the
/// 16th to the end) or an ISO week (`2026-W47`, Monday to Sunday), as local dates of the center.
///
/// A call belongs to the period of the local date of its start.
public struct PayPeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    package enum Kind: String, Sendable, CaseIterable {
        case monthly, semimonthly, weekly
    }

    package let kind: Kind
    /// The first local date.
    package let firstDay: CalendarDate
    /// The local date after the last one.
    package let endDay: CalendarDate
    /// The canonical text: `2026-11`, `2026-11a`, `2026-W47`.
    public let identifier: String

    /// The canonical text, as `identifier`.
    public var description: String { identifier }
    package var lastDay: CalendarDate { endDay.adding(days: -1) }

    /// By first day, then by end: `2026-11a` sorts before `2026-11`.
    public static func < (a: PayPeriod, b: PayPeriod) -> Bool {
        (a.firstDay, a.endDay) < (b.firstDay, b.endDay)
    }

    /// Years a period may be in.
    static let years = 1970...9999

    /// Reads `2026-11`, `2026-11a`, `2026-11b` or `2026-W47`.
    public static func parse(_ text: String) throws(PayrollError) -> PayPeriod {
        let bytes = Array(text.utf8)
        let fail = PayrollError(.periodSyntax(text))
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for i in range {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) else { return nil }
                value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count >= 7, let year = number(0..<4), years.contains(year), bytes[4] == UInt8(ascii: "-") else { throw fail }
        if bytes[5] == UInt8(ascii: "W") {
            guard bytes.count == 8, let week = number(6..<8), week >= 1 else { throw fail }
            let weeks = ISOWeek.weeksIn(isoYear: year)
            guard week <= weeks else {
                throw week == 53 ? PayrollError(.noSuchWeek(text: text, year: year, weeks: weeks)) : fail
            }
            return weekly(isoYear: year, week: week)
        }
        guard let month = number(5..<7), (1...12).contains(month) else { throw fail }
        switch bytes.count {
        case 7:
            return monthly(year: year, month: month)
        case 8 where bytes[7] == UInt8(ascii: "a"):
            return half(year: year, month: month, second: false)
        case 8 where bytes[7] == UInt8(ascii: "b"):
            return half(year: year, month: month, second: true)
        default:
            throw fail
        }
    }

    /// The period of `kind` that holds local date `day`.
    package static func containing(day: CalendarDate, kind: Kind) -> PayPeriod {
        let (year, month, dayOfMonth) = Timestamp.civilFromDays(day.daysSinceEpoch)
        switch kind {
        case .monthly:
            return monthly(year: year, month: month)
        case .semimonthly:
            return half(year: year, month: month, second: dayOfMonth > 15)
        case .weekly:
            let week = ISOWeek(containing: day)
            return weekly(isoYear: week.year, week: week.week)
        }
    }

    /// The period right after this one.
    package var next: PayPeriod { Self.containing(day: endDay, kind: kind) }

    /// The instants where the period starts (inclusive) and ends (exclusive) in `zone`: local
    /// midnight of the first day and of the day after the last.
    package func bounds(in zone: TimeZone) -> (start: Int64, end: Int64) {
        (firstDay.start(in: zone), endDay.start(in: zone))
    }

    package func overlaps(_ other: PayPeriod) -> Bool {
        firstDay < other.endDay && other.firstDay < endDay
    }

    /// A period of `kind`, for messages.
    static func example(_ kind: String) -> String {
        switch Kind(rawValue: kind) {
        case .semimonthly: "2026-11a"
        case .weekly: "2026-W47"
        default: "2026-11"
        }
    }

    // MARK: Construction

    private static func monthly(year: Int, month: Int) -> PayPeriod {
        let first = Timestamp.daysFromCivil(year: year, month: month, day: 1)
        return PayPeriod(kind: .monthly, firstDay: first, endDay: first + Timestamp.daysInMonth(year: year, month: month),
                         identifier: pad(year, 4) + "-" + pad(month, 2))
    }

    private static func half(year: Int, month: Int, second: Bool) -> PayPeriod {
        let first = Timestamp.daysFromCivil(year: year, month: month, day: 1)
        let sixteenth = first + 15
        let end = first + Timestamp.daysInMonth(year: year, month: month)
        return PayPeriod(kind: .semimonthly, firstDay: second ? sixteenth : first, endDay: second ? end : sixteenth,
                         identifier: pad(year, 4) + "-" + pad(month, 2) + (second ? "b" : "a"))
    }

    private static func weekly(isoYear: Int, week: Int) -> PayPeriod {
        let monday = ISOWeek.firstMonday(isoYear: isoYear).daysSinceEpoch + 7 * (week - 1)
        return PayPeriod(kind: .weekly, firstDay: monday, endDay: monday + 7, identifier: pad(isoYear, 4) + "-W" + pad(week, 2))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// `firstDay` and `endDay` in days since 1970-01-01.
    private init(kind: Kind, firstDay: Int, endDay: Int, identifier: String) {
        self.kind = kind
        self.firstDay = CalendarDate(daysSinceEpoch: firstDay)
        self.endDay = CalendarDate(daysSinceEpoch: endDay)
        self.identifier = identifier
    }
}
