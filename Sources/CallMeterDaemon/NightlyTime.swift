/// The local time of day of the nightly job, `HH:MM` (24-hour clock).
package struct NightlyTime: Sendable, Equatable, CustomStringConvertible {
    package let hour: Int
    package let minute: Int

    package static let `default` = NightlyTime(hour: 2, minute: 30)

    package init(hour: Int, minute: Int) {
        self.hour = min(max(hour, 0), 23)
        self.minute = min(max(minute, 0), 59)
    }

    /// Parses `HH:MM` or `H:MM`; nil when it is not a time of day.
    package init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        self.hour = hour
        self.minute = minute
    }

    package var secondsIntoDay: Int64 { Int64(hour * 3600 + minute * 60) }

    package var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
}
