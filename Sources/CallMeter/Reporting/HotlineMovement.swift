import Foundation

/// A hotline's mean `overall` rating in the last `days` days up to the as-of date against the
/// `days` days before: the report lists the hotlines whose mean moved most.
package struct HotlineMovement: Sendable, Equatable {
    package let hotline: String
    /// From `tiers.json`, when it names the hotline.
    package let name: String?
    package let recentRatings: Int
    package let earlierRatings: Int
    /// Means in hundredths of a rating point (412 is 4.12), rounded half up.
    package let recentMeanHundredths: Int
    package let earlierMeanHundredths: Int

    package var changeHundredths: Int { recentMeanHundredths - earlierMeanHundredths }

    /// Length of each of the two periods compared.
    package static let days = 7
    /// Ratings a hotline needs in each period to be compared.
    package static let minimumRatings = 3
    /// How many hotlines the report lists.
    package static let shown = 5

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

extension Reporting {
    /// The hotlines with at least `minimumRatings` rated calls in both periods, by the size of the
    /// move (largest first), then hotline; at most `shown`.
    ///
    /// Each rating counts on the center's current scale: one stored with another scale (a changed
    /// `rating_scale`) is placed at the same point of the current one, in hundredths, rounded half up.
    func hotlineMovements(
        asOf: CalendarDate, timeZone: TimeZone, names: [String: String], ratingScale: ClosedRange<Int>
    ) throws -> [HotlineMovement] {
        let recent = ScoringWindow(asOf: asOf, days: HotlineMovement.days, timeZone: timeZone)
        let earlier = ScoringWindow(asOf: asOf.adding(days: -HotlineMovement.days), days: HotlineMovement.days, timeZone: timeZone)
        // The rating in hundredths of a point of the current scale; a rating without a scale of
        // its own (stored before ratings kept one) is on the current scale.
        let rows = try connection.rows("""
            WITH rated AS (
                SELECT c.hotline, c.started_at,
                       CASE WHEN r.scale_min IS NULL OR (r.scale_min = :low AND r.scale_max = :high) THEN c.overall_rating * 100
                            ELSE :low * 100 + ((c.overall_rating - r.scale_min) * (:high - :low) * 200 / (r.scale_max - r.scale_min) + 1) / 2
                       END AS hundredths
                FROM calls c LEFT JOIN ratings r ON r.call = c.id AND r.question = 'overall'
                WHERE c.started_at >= :earlier AND c.started_at < :end AND c.overall_rating >= 0
            )
            SELECT h.hotline,
                   sum(x.started_at >= :recent) AS recent_count,
                   sum(CASE WHEN x.started_at >= :recent THEN x.hundredths ELSE 0 END) AS recent_sum,
                   sum(x.started_at < :recent) AS earlier_count,
                   sum(CASE WHEN x.started_at < :recent THEN x.hundredths ELSE 0 END) AS earlier_sum
            FROM rated x JOIN hotlines h ON h.id = x.hotline
            GROUP BY h.hotline
            """, [
                ":earlier": .int(earlier.start), ":recent": .int(recent.start), ":end": .int(recent.end),
                ":low": .int(ratingScale.lowerBound), ":high": .int(ratingScale.upperBound),
            ]) { row in
                (hotline: try row.text("hotline"), recentCount: try row.int64("recent_count"), recentSum: try row.int64("recent_sum"),
                 earlierCount: try row.int64("earlier_count"), earlierSum: try row.int64("earlier_sum"))
            }
        let movements = rows.compactMap { row -> HotlineMovement? in
            guard row.recentCount >= HotlineMovement.minimumRatings, row.earlierCount >= HotlineMovement.minimumRatings else { return nil }
            return HotlineMovement(
                hotline: row.hotline, name: names[row.hotline], recentRatings: Int(clamping: row.recentCount),
                earlierRatings: Int(clamping: row.earlierCount),
                // The sums are in hundredths already: the mean of hundredths is mean(sum, 100 × count).
                recentMeanHundredths: HotlineMovement.mean(sum: row.recentSum, count: row.recentCount * 100),
                earlierMeanHundredths: HotlineMovement.mean(sum: row.earlierSum, count: row.earlierCount * 100))
        }
        let sorted = movements.sorted { a, b in
            if abs(a.changeHundredths) != abs(b.changeHundredths) { return abs(a.changeHundredths) > abs(b.changeHundredths) }
            return a.hotline.utf8.lexicographicallyPrecedes(b.hotline.utf8)
        }
        return Array(sorted.prefix(HotlineMovement.shown))
    }
}
