public import Foundation

/// Calendar dates `YYYY-MM-DD` as routing uses them: as-of dates of scoring runs and the `until`
/// of pins, local to the center's time zone.
public enum LocalDate {
    /// The date as written, if it is a real date `YYYY-MM-DD` (leading or trailing spaces refused).
    public static func parse(_ text: String) throws(RoutingError) -> String {
        var copy = text
        let days: Int? = copy.withUTF8 { buffer in
            guard buffer.count == 10 else { return nil }
            return try? Timestamp.parseDate(buffer)
        }
        guard let days else { throw .invalidDate(text) }
        return Timestamp.formatDate(days: days)
    }

    /// The local date in `timeZone` at Unix second `seconds`.
    public static func of(_ seconds: Int64, in timeZone: TimeZone) -> String {
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        let local = seconds + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return Timestamp.formatDate(days: Int(days))
    }
}
