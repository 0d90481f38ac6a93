import Testing
@testable import CallMeter

private func instant(_ text: String) throws -> Int64 {
    try Array(text.utf8).withUnsafeBufferPointer { try Timestamp.parseInstant($0) }
}

private func date(_ text: String) throws -> Int {
    try Array(text.utf8).withUnsafeBufferPointer { try Timestamp.parseDate($0) }
}

/// 2026-10-01T10:00:00Z
private let reference: Int64 = 1_790_848_800

@Test(arguments: [
    ("2026-10-01T10:00:00Z", reference),
    ("2026-10-01t10:00:00z", reference),
    ("2026-10-01 10:00:00Z", reference),
    ("2026-10-01T12:00:00+02:00", reference),
    ("2026-10-01T12:00:00+0200", reference),
    ("2026-10-01T12:00:00+02", reference),
    ("2026-10-01T05:30:00-04:30", reference),
    ("2026-10-01T10:00:00.999Z", reference),
    ("2026-10-01T10:00:00,5+00:00", reference),
    ("  2026-10-01T10:00:00Z  ", reference),
    ("1970-01-01T00:00:00Z", 0),
    ("1969-12-31T23:59:59Z", -1),
    ("2028-02-29T00:00:00Z", 1_835_395_200),
    ("2000-02-29T00:00:00Z", 951_782_400),
])
func parsesInstantsToUTCSeconds(_ text: String, _ seconds: Int64) throws {
    #expect(try instant(text) == seconds)
}

@Test(arguments: [
    ("2026-10-01T10:00:00", "no UTC offset"),
    ("2026-10-01T10:00:00.5", "no UTC offset"),
    ("2026-13-01T10:00:00Z", "no such date"),
    ("2026-00-01T10:00:00Z", "no such date"),
    ("2026-02-30T10:00:00Z", "no such date"),
    ("2026-02-29T10:00:00Z", "no such date"),
    ("1900-02-29T10:00:00Z", "no such date"),
    ("2026-04-31T10:00:00Z", "no such date"),
    ("2026-10-00T10:00:00Z", "no such date"),
    ("2026-10-01T24:00:00Z", "no such time of day"),
    ("2026-10-01T10:60:00Z", "no such time of day"),
    ("2026-10-01T10:00:60Z", "no such time of day"),
    ("2026-10-01T10:00:00+19:00", "offset out of range"),
    ("2026-10-01T10:00:00+02:60", "offset out of range"),
    ("2026-10-01T10:00:00+2", "is not an ISO 8601 timestamp"),
    ("2026-10-01T10:00:00+", "is not an ISO 8601 timestamp"),
    ("2026-10-01T10:00:00Zjunk", "is not an ISO 8601 timestamp"),
    ("2026-10-01T10:00:00.Z", "is not an ISO 8601 timestamp"),
    ("2026-10-01X10:00:00Z", "is not an ISO 8601 timestamp"),
    ("2026/10/01T10:00:00Z", "is not an ISO 8601 timestamp"),
    ("01/10/2026 10:00:00", "is not an ISO 8601 timestamp"),
    ("1790848800", "is not an ISO 8601 timestamp"),
    ("yesterday", "is not an ISO 8601 timestamp"),
    ("", "is not an ISO 8601 timestamp"),
    ("２０２６-10-01T10:00:00Z", "is not an ISO 8601 timestamp"),
])
func refusesBadInstants(_ text: String, _ reason: String) {
    #expect {
        _ = try instant(text)
    } throws: { error in
        (error as? FieldError)?.reason.contains(reason) == true
    }
}

@Test func parsesDates() throws {
    #expect(try date("1970-01-01") == 0)
    #expect(try date("2026-10-01") == 20_727)
    #expect(try date(" 2028-02-29 ") == Timestamp.daysFromCivil(year: 2028, month: 2, day: 29))
}

@Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-10-01", "2026-10-01T00:00:00Z", "", "soon"])
func refusesBadDates(_ text: String) {
    #expect(throws: FieldError.self) { _ = try date(text) }
}

@Test(arguments: [Int64(0), -1, 86_399, 86_400, reference, 951_782_400, -62_135_596_800, 253_402_300_799])
func formatsAndParsesBack(_ seconds: Int64) throws {
    let text = Timestamp.formatUTC(seconds)
    #expect(try instant(text) == seconds)
}

@Test func formatsUTC() {
    #expect(Timestamp.formatUTC(reference) == "2026-10-01T10:00:00Z")
    #expect(Timestamp.formatUTC(-1) == "1969-12-31T23:59:59Z")
    #expect(Timestamp.formatUTC(milliseconds: 1_790_848_800_999) == "2026-10-01T10:00:00Z")
    #expect(Timestamp.formatUTC(milliseconds: -1) == "1969-12-31T23:59:59Z")
    #expect(Timestamp.formatDate(days: 20_727) == "2026-10-01")
}

@Test func civilDaysRoundTripOverFourCenturies() {
    var days = Timestamp.daysFromCivil(year: 1800, month: 1, day: 1)
    let end = Timestamp.daysFromCivil(year: 2201, month: 1, day: 1)
    while days < end {
        let (y, m, d) = Timestamp.civilFromDays(days)
        #expect(d >= 1 && d <= Timestamp.daysInMonth(year: y, month: m))
        if Timestamp.daysFromCivil(year: y, month: m, day: d) != days {
            Issue.record("day \(days) gives \(y)-\(m)-\(d)")
            return
        }
        days += 1
    }
}
