import CallMeter
import CallMeterDaemon
import Foundation
import Testing

private func utc(_ text: String) -> Int64 {
    let formatter = ISO8601DateFormatter()
    guard let date = formatter.date(from: text) else {
        Issue.record("bad test instant \(text)")
        return 0
    }
    return Int64(date.timeIntervalSince1970)
}

private func schedule(_ zone: String, _ time: String) throws -> NightlySchedule {
    let timeZone = try #require(TimeZone(identifier: zone))
    return NightlySchedule(time: try #require(NightlyTime(time)), clock: CenterClock(timeZone: timeZone))
}

private func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(text)) }

@Test func slotOnAnOrdinaryDayIsTheLocalTime() throws {
    let zurich = try schedule("Europe/Zurich", "02:30")
    #expect(zurich.instant(of: try date("2026-06-01")) == utc("2026-06-01T00:30:00Z"))  // CEST, UTC+2
    #expect(zurich.instant(of: try date("2026-01-15")) == utc("2026-01-15T01:30:00Z"))  // CET, UTC+1
}

@Test func aNightlyTimeInTheSpringGapRunsAtTheFirstMinuteAfterIt() throws {
    // 2026-03-29 in Zurich: 02:00 CET is followed by 03:00 CEST; 02:30 does not exist.
    let zurich = try schedule("Europe/Zurich", "02:30")
    #expect(zurich.instant(of: try date("2026-03-29")) == utc("2026-03-29T01:00:00Z"))  // 03:00 CEST
    // Havana skips midnight: 2026-03-08 00:00 CST is 01:00 CDT.
    let havana = try schedule("America/Havana", "00:30")
    #expect(havana.instant(of: try date("2026-03-08")) == utc("2026-03-08T05:00:00Z"))  // 01:00 CDT
}

@Test func aRepeatedNightlyTimeRunsAtItsFirstOccurrenceOnly() throws {
    // 2026-10-25 in Zurich: 02:00–02:59 happen twice (CEST, then CET).
    let zurich = try schedule("Europe/Zurich", "02:30")
    let slot = zurich.instant(of: try date("2026-10-25"))
    #expect(slot == utc("2026-10-25T00:30:00Z"))  // 02:30 CEST, the first one
    // The second 02:30 (01:30 UTC) belongs to the same slot: the latest slot is still the 25th.
    #expect(zurich.latestSlot(atOrBefore: utc("2026-10-25T01:30:00Z")) == (try date("2026-10-25")))
    #expect(zurich.nextSlot(after: utc("2026-10-25T01:30:00Z")) == (try date("2026-10-26")))
    let havana = try schedule("America/Havana", "00:30")
    #expect(havana.instant(of: try date("2026-11-01")) == utc("2026-11-01T04:30:00Z"))  // 00:30 CDT
}

@Test func latestSlotIsTodayAfterTheNightlyTimeAndYesterdayBefore() throws {
    let zurich = try schedule("Europe/Zurich", "02:30")
    #expect(zurich.latestSlot(atOrBefore: utc("2026-06-01T00:29:59Z")) == (try date("2026-05-31")))
    #expect(zurich.latestSlot(atOrBefore: utc("2026-06-01T00:30:00Z")) == (try date("2026-06-01")))
    #expect(zurich.latestSlot(atOrBefore: utc("2026-06-01T21:59:59Z")) == (try date("2026-06-01")))
    // Just after local midnight the slot of the new day has not come yet.
    #expect(zurich.latestSlot(atOrBefore: utc("2026-06-01T22:00:00Z")) == (try date("2026-06-01")))
    #expect(zurich.nextSlot(after: utc("2026-06-01T22:00:00Z")) == (try date("2026-06-02")))
}

@Test func localDateFollowsTheZone() throws {
    let clock = CenterClock(timeZone: try #require(TimeZone(identifier: "Europe/Zurich")))
    #expect(clock.localDate(at: utc("2026-06-01T21:59:59Z")) == (try date("2026-06-01")))
    #expect(clock.localDate(at: utc("2026-06-01T22:00:00Z")) == (try date("2026-06-02")))
}

@Test func nightlyTimeAndLocalDateParseStrictly() {
    #expect(NightlyTime("02:30") == NightlyTime(hour: 2, minute: 30))
    #expect(NightlyTime("2:05") == NightlyTime(hour: 2, minute: 5))
    for bad in ["24:00", "02:60", "0230", "02:3", "-1:30", "02:30:00", "", "٠٢:٣٠", "+2:30"] {
        #expect(NightlyTime(bad) == nil, "\(bad)")
    }
    #expect(CalendarDate("2024-02-29")?.description == "2024-02-29")
    for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "20260101", "2026-01-01T00"] {
        #expect(CalendarDate(bad) == nil, "\(bad)")
    }
}
