import Foundation

/// Where the hours of one local calendar day fall in UTC.
///
/// Asks the time zone twice per local hour, never per call. A local hour that a daylight-saving change
/// skips starts where the next one does; of a repeated hour, the later reading is used.
struct LocalDayClock {
    let timeZone: TimeZone

    /// UTC epoch seconds at which each of the 24 local hours of `localDay` (days since 1970-01-01) begins.
    func hourStarts(ofLocalDay localDay: Int) -> [Int] {
        (0..<24).map { hour in
            utcSeconds(ofLocalSeconds: localDay * CivilCalendar.secondsPerDay + hour * 3_600)
        }
    }

    /// UTC epoch seconds of a local wall-clock time given as seconds since 1970-01-01T00:00 local.
    func utcSeconds(ofLocalSeconds local: Int) -> Int {
        let guess = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local)))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - guess)))
        return local - offset
    }
}
