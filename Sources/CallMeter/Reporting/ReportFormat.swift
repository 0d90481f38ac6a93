/// How numbers, dates and durations are written on the report. Integers only: the same data gives
/// the same text on every machine.
enum ReportFormat {
    /// `71.3`; `–` for nil.
    static func tenths(_ value: Int?) -> String {
        guard let value else { return "–" }
        return (value < 0 ? "-" : "") + "\(abs(value) / 10).\(abs(value) % 10)"
    }

    /// `+1.2`, `−0.4`, `±0.0`.
    static func signedTenths(_ value: Int) -> String {
        sign(value) + "\(abs(value) / 10).\(abs(value) % 10)"
    }

    /// `4.12`.
    static func hundredths(_ value: Int) -> String {
        let digits = abs(value) % 100
        return (value < 0 ? "-" : "") + "\(abs(value) / 100)." + (digits < 10 ? "0" : "") + "\(digits)"
    }

    static func signedHundredths(_ value: Int) -> String {
        let digits = abs(value) % 100
        return sign(value) + "\(abs(value) / 100)." + (digits < 10 ? "0" : "") + "\(digits)"
    }

    static func signed(_ value: Int) -> String { sign(value) + "\(abs(value))" }

    private static func sign(_ value: Int) -> String { value > 0 ? "+" : value < 0 ? "\u{2212}" : "\u{00B1}" }

    /// Ten-thousandths of a minute to whole tenths, half up: `2287000` → `228.7`.
    static func minutes(_ tenThousandths: Int64) -> String {
        let magnitude = tenThousandths.magnitude
        let tenths = (magnitude + 500) / 1000
        return (tenThousandths < 0 ? "-" : "") + grouped(tenths / 10) + ".\(tenths % 10)"
    }

    /// Seconds as whole minutes, half up, grouped.
    static func wholeMinutes(_ seconds: Int64) -> String {
        grouped((seconds.magnitude + 30) / 60)
    }

    /// `12 345` with a narrow no-break space between groups of three.
    static func grouped<T: BinaryInteger>(_ value: T) -> String {
        let digits = Array(String(value.magnitude))
        var text = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { text += "\u{202F}" }
            text.append(digit)
        }
        return (value < 0 ? "-" : "") + text
    }

    /// `2 d 4 h`, `3 h 12 min`, `5 min`; for an age.
    static func duration(_ seconds: Int64) -> String {
        let s = seconds.magnitude
        let days = s / 86_400, hours = s % 86_400 / 3600, minutes = s % 3600 / 60
        if days > 0 { return "\(days) d \(hours) h" }
        if hours > 0 { return "\(hours) h \(minutes) min" }
        return "\(minutes) min"
    }

    /// `2026-11-23 12:35 UTC`.
    static func utcMinute(_ seconds: Int64) -> String {
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = seconds - Int64(days) * 86_400
        let hour = rest / 3600, minute = rest % 3600 / 60
        return CalendarDate(daysSinceEpoch: days).description + " " + two(hour) + ":" + two(minute) + " UTC"
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// A coordinate in an SVG: one decimal at most, `12`, `12.5`, `-3.2`.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e9 else { return "0" }
        let tenths = Int((value * 10).rounded())
        let text = "\(abs(tenths) / 10)" + (tenths % 10 == 0 ? "" : ".\(abs(tenths) % 10)")
        return (tenths < 0 ? "-" : "") + text
    }

    /// `1 call`, `3 calls`.
    static func count(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(grouped(value)) " + (value == 1 ? singular : plural ?? singular + "s")
    }
}
