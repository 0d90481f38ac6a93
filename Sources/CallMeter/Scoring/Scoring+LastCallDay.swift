package import Foundation

extension Scoring {
    /// The local date (in `timeZone`) of the latest answered or transferred call with an agent:
    /// what `score` suggests as `--as-of` when its window holds no call. Nil with no such call.
    package func lastScorableCallDay(in timeZone: TimeZone) throws -> CalendarDate? {
        let latest = try connection.firstRow("SELECT max(started_at) AS latest FROM connected_calls WHERE agent IS NOT NULL") {
            try $0.optionalInt64("latest")
        } ?? nil
        return latest.map { CalendarDate(containing: Date(timeIntervalSince1970: TimeInterval($0)), in: timeZone) }
    }
}
