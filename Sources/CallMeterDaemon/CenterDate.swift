import CallMeter

/// A calendar date in the center's time zone, as days since 1970-01-01.
public struct CenterDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Parses `YYYY-MM-DD`; nil when it is not a real date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...Timestamp.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        daysSinceEpoch = Timestamp.daysFromCivil(year: year, month: month, day: day)
    }

    public func adding(days: Int) -> CenterDate {
        CenterDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// `YYYY-MM-DD`
    public var description: String { Timestamp.formatDate(days: daysSinceEpoch) }

    public static func < (a: CenterDate, b: CenterDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }
}
