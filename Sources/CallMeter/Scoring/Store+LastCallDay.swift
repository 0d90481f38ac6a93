public import Foundation

extension Store {
    /// The local date (in `timeZone`) of the latest answered or transferred call with an agent:
    /// what `score` suggests as `--as-of` when its window holds no call. Nil with no such call.
    public func lastScorableCallDay(in timeZone: TimeZone) throws -> CalendarDate? {
        let latest = try connection.cached("""
            SELECT max(started_at) FROM calls
            WHERE disposition IN ('answered', 'transferred') AND agent IS NOT NULL
            """).rows { $0.optionalInt64(0) }.first ?? nil
        return latest.map { CalendarDate(containing: Date(timeIntervalSince1970: TimeInterval($0)), in: timeZone) }
    }
}
