import Foundation

/// A hotline's mean `overall` rating in the last `days` days up to the as-of date against the
/// `days` days before: the report lists the hotlines whose mean moved most.
public struct HotlineMovement: Sendable, Equatable {
    public let hotline: String
    /// From `tiers.json`, when it names the hotline.
    public let name: String?
    public let recentRatings: Int
    public let earlierRatings: Int
    /// Means in hundredths of a rating point (412 is 4.12), rounded half up.
    public let recentMeanHundredths: Int
    public let earlierMeanHundredths: Int

    public var changeHundredths: Int { recentMeanHundredths - earlierMeanHundredths }

    /// Length of each of the two periods compared.
    public static let days = 7
    /// Ratings a hotline needs in each period to be compared.
    public static let minimumRatings = 3
    /// How many hotlines the report lists.
    public static let shown = 5

    /// `sum / count` in hundredths, half up: ⌊(⌊rest × 200 / count⌋ + 1) / 2⌋ added to the whole part,
    /// the product taken full width so that nothing can overflow.
    static func mean(sum: Int64, count: Int64) -> Int {
        guard count > 0, sum >= 0 else { return 0 }
        let whole = sum / count, rest = sum % count
        let (twiceHundredths, _) = count.dividingFullWidth(rest.multipliedFullWidth(by: 200))  // < 200
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 100)
        let (total, carried) = scaled.addingReportingOverflow((twiceHundredths + 1) / 2)
        return overflow || carried ? Int.max : Int(clamping: total)
    }
}

extension Store {
    /// The hotlines with at least `minimumRatings` rated calls in both periods, by the size of the
    /// move (largest first), then hotline; at most `shown`.
    func hotlineMovements(asOf: CalendarDate, timeZone: TimeZone, names: [String: String]) throws -> [HotlineMovement] {
        let recent = ScoringWindow(asOf: asOf, days: HotlineMovement.days, timeZone: timeZone)
        let earlier = ScoringWindow(asOf: asOf.adding(days: -HotlineMovement.days), days: HotlineMovement.days, timeZone: timeZone)
        let rows = try connection.cached("""
            SELECT h.hotline,
                   sum(c.started_at >= ?2), sum(CASE WHEN c.started_at >= ?2 THEN c.overall_rating ELSE 0 END),
                   sum(c.started_at < ?2), sum(CASE WHEN c.started_at < ?2 THEN c.overall_rating ELSE 0 END)
            FROM calls c JOIN hotlines h ON h.id = c.hotline
            WHERE c.started_at >= ?1 AND c.started_at < ?3 AND c.overall_rating >= 0
            GROUP BY h.hotline
            """).rows([.int(earlier.start), .int(recent.start), .int(recent.end)]) { row in
                (hotline: row.text(0), recentCount: row.int64(1), recentSum: row.int64(2), earlierCount: row.int64(3), earlierSum: row.int64(4))
            }
        let movements = rows.compactMap { row -> HotlineMovement? in
            guard row.recentCount >= HotlineMovement.minimumRatings, row.earlierCount >= HotlineMovement.minimumRatings else { return nil }
            return HotlineMovement(
                hotline: row.hotline, name: names[row.hotline], recentRatings: Int(clamping: row.recentCount),
                earlierRatings: Int(clamping: row.earlierCount),
                recentMeanHundredths: HotlineMovement.mean(sum: row.recentSum, count: row.recentCount),
                earlierMeanHundredths: HotlineMovement.mean(sum: row.earlierSum, count: row.earlierCount))
        }
        let sorted = movements.sorted { a, b in
            if abs(a.changeHundredths) != abs(b.changeHundredths) { return abs(a.changeHundredths) > abs(b.changeHundredths) }
            return a.hotline.utf8.lexicographicallyPrecedes(b.hotline.utf8)
        }
        return Array(sorted.prefix(HotlineMovement.shown))
    }
}
