extension Timestamp {
    /// A wall-clock time in `dates` order: `parseWallClock` for ISO dates; for a spreadsheet's
    /// re-save `D/M/YYYY H:MM:SS` or `M/D/YYYY H:MM:SS` (one or two digits for day, month and hour).
    package static func parseWallClock(_ raw: UnsafeBufferPointer<UInt8>, dates: WallClockDates) throws(FieldError) -> Int64 {
        guard dates != .isoYearMonthDay else { return try parseWallClock(raw) }
        let b = raw.trimmed
        let example = dates == .dayMonthYear ? "25/10/2026 2:30:00" : "10/25/2026 2:30:00"
        func fail(_ why: String = "") -> FieldError {
            FieldError("'\(displayText(b))' is not a time like \(example) (\(dates.rawValue) H:MM:SS)\(why)")
        }
        // Numbers separated by exactly: / / space : :
        var numbers: [Int] = []
        var separators: [UInt8] = []
        var current: Int?
        var digits = 0
        for byte in b {
            if byte >= 48 && byte <= 57 {
                digits += 1
                guard digits <= 4 else { throw fail() }
                current = (current ?? 0) * 10 + Int(byte - 48)
            } else {
                guard let value = current else { throw fail() }
                numbers.append(value)
                separators.append(byte)
                current = nil
                digits = 0
            }
        }
        guard let last = current else { throw fail() }
        numbers.append(last)
        let slash = UInt8(ascii: "/"), colon = UInt8(ascii: ":"), space = UInt8(ascii: " ")
        guard numbers.count == 6, separators == [slash, slash, space, colon, colon] else { throw fail() }
        let (day, month) = dates == .dayMonthYear ? (numbers[0], numbers[1]) : (numbers[1], numbers[0])
        let year = numbers[2], hour = numbers[3], minute = numbers[4], second = numbers[5]
        guard year >= 1000, (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else {
            throw fail(": no such date")
        }
        guard hour <= 23, minute <= 59, second <= 59 else { throw fail(": no such time of day") }
        return Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }
}
