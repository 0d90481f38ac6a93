/// A date in the proleptic Gregorian calendar, without time of day or time zone.
struct CivilDate: Equatable {
    var year: Int
    var month: Int
    var day: Int
}

/// Calendar arithmetic on days since 1970-01-01, with Howard Hinnant's `days_from_civil` and
/// `civil_from_days` (http://howardhinnant.github.io/date_algorithms.html): a handful of integer
/// operations, so timestamps are formatted without Foundation's date formatters.
enum CivilCalendar {
    static let secondsPerDay = 86_400

    /// Days since 1970-01-01 of `year`-`month`-`day` (any integer year; month 1...12, day 1...31).
    static func days(from date: CivilDate) -> Int {
        let year = date.month <= 2 ? date.year - 1 : date.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let shiftedMonth = date.month > 2 ? date.month - 3 : date.month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    static func date(fromDays days: Int) -> CivilDate {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return CivilDate(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// 0 = Sunday, 1 = Monday, …, 6 = Saturday.
    static func weekday(ofDays days: Int) -> Int {
        days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6
    }

    /// Splits epoch seconds into days since 1970-01-01 and seconds into that (UTC) day.
    static func split(epochSeconds: Int) -> (days: Int, secondOfDay: Int) {
        var days = epochSeconds / secondsPerDay
        var second = epochSeconds % secondsPerDay
        if second < 0 {
            days -= 1
            second += secondsPerDay
        }
        return (days, second)
    }

    /// Days since 1970-01-01 of a strict `YYYY-MM-DD` date, or nil when `text` is not one
    /// (wrong shape, month 13, February 30, …).
    static func parseDays(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return nil
        }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        let days = days(from: date)
        // Day 31 of a 30-day month lands in the next month: the round trip catches it.
        return self.date(fromDays: days) == date ? days : nil
    }
}
