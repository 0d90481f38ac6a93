import Foundation
import Testing
@testable import CallMeter

private func wallClock(_ text: String) throws -> Int64 {
    try Array(text.utf8).withUnsafeBufferPointer { bytes throws(FieldError) in try Timestamp.parseWallClock(bytes) }
}

private func instant(_ iso: String) throws -> Int64 {
    try Array(iso.utf8).withUnsafeBufferPointer { bytes throws(FieldError) in try Timestamp.parseInstant(bytes) }
}

private func zurich() throws -> LocalTimeResolver {
    LocalTimeResolver(zone: try #require(TimeZone(identifier: "Europe/Zurich")))
}

/// Europe/Zurich 2026: clocks go forward on Sunday 29 March at 02:00 (+01:00 → +02:00, so 02:00–02:59
/// does not exist) and back on Sunday 25 October at 03:00 (+02:00 → +01:00, so 02:00–02:59 happens twice).
@Test(arguments: [
    ("2026-03-29 01:59:59", "2026-03-29T00:59:59Z"),
    ("2026-03-29 03:00:00", "2026-03-29T01:00:00Z"),
    ("2026-03-28 02:30:00", "2026-03-28T01:30:00Z"),
    ("2026-10-25 01:59:59", "2026-10-24T23:59:59Z"),
    ("2026-10-25 03:00:00", "2026-10-25T02:00:00Z"),
    ("2026-10-26 02:30:00", "2026-10-26T01:30:00Z"),
    ("2026-07-01 12:00:00", "2026-07-01T10:00:00Z"),
])
func unambiguousTimes(_ local: String, _ utc: String) throws {
    var resolver = try zurich()
    #expect(resolver.resolve(wallClock: try wallClock(local)) == .unique(try instant(utc)))
}

@Test(arguments: ["2026-03-29 02:00:00", "2026-03-29 02:30:00", "2026-03-29 02:59:59"])
func springGapHasNoInstant(_ local: String) throws {
    var resolver = try zurich()
    #expect(resolver.resolve(wallClock: try wallClock(local)) == .gap(offsetBefore: 3600, offsetAfter: 7200))
}

@Test(arguments: [
    ("2026-10-25 02:00:00", "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z"),
    ("2026-10-25 02:30:00", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"),
    ("2026-10-25 02:59:59", "2026-10-25T00:59:59Z", "2026-10-25T01:59:59Z"),
])
func autumnFoldHasTwoInstants(_ local: String, _ earlier: String, _ later: String) throws {
    var resolver = try zurich()
    #expect(resolver.resolve(wallClock: try wallClock(local)) == .fold(earlier: try instant(earlier), later: try instant(later)))
}

@Test func foldRules() throws {
    var resolver = try zurich()
    let earlier = try instant("2026-10-25T00:30:00Z"), later = try instant("2026-10-25T01:30:00Z")
    func place(_ rule: FoldRule) throws -> Int64 {
        try Array("2026-10-25 02:30:00".utf8).withUnsafeBufferPointer { bytes throws(FieldError) in try resolver.instant(bytes, fold: rule) }
    }
    #expect(try place(.earlier) == earlier)
    // A hint decides only when it is within the tolerance of one instant and nearer to it.
    #expect(try place(.nearest(later + 5, tolerance: 1800)) == later)
    #expect(try place(.nearest(earlier - 5, tolerance: 1800)) == earlier)
    #expect(try place(.nearest(later + 7200, tolerance: 1800)) == earlier)
    #expect(try place(.nearest(later + 7200, tolerance: .max)) == later)
    #expect(try place(.notBefore(earlier - 60)) == earlier)
    #expect(try place(.notBefore(earlier + 60)) == later)
    #expect(try place(.notBefore(later + 60)) == earlier)
}

@Test func gapIsAnErrorNamingTheJump() throws {
    var resolver = try zurich()
    let error = #expect(throws: FieldError.self) {
        try Array("2026-03-29 02:30:00".utf8).withUnsafeBufferPointer { bytes throws(FieldError) in try resolver.instant(bytes, fold: .earlier) }
    }
    #expect(error?.reason == "'2026-03-29 02:30:00' does not exist in Europe/Zurich: clocks jumped from +01:00 to +02:00 "
        + "(are the times of this file in another zone? see --timezone)")
}

/// The cached transitions agree with asking the zone directly, every 20 minutes over the DST days of
/// several zones (half-hour shifts, southern hemisphere, a change of standard offset).
@Test(arguments: [
    ("Europe/Zurich", "2026-03-28"), ("Europe/Zurich", "2026-10-24"), ("America/New_York", "2026-03-07"),
    ("America/New_York", "2026-10-31"), ("Australia/Lord_Howe", "2026-04-04"), ("Australia/Lord_Howe", "2026-10-03"),
    ("America/Caracas", "2016-04-30"), ("Asia/Kathmandu", "2026-01-01"), ("UTC", "2026-10-25"),
])
func agreesWithTheZoneItself(_ identifier: String, _ firstDay: String) throws {
    let zone = try #require(TimeZone(identifier: identifier))
    var resolver = LocalTimeResolver(zone: zone)
    let start = try wallClock(firstDay + " 00:00:00")
    for local in stride(from: start, to: start + 3 * 86_400, by: 1200) {
        // Every instant whose local reading is `local`, found by brute force.
        var expected: [Int64] = []
        for offset in stride(from: -14 * 3600, through: 14 * 3600, by: 900) {
            let instant = local - Int64(offset)
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) == offset { expected.append(instant) }
        }
        expected.sort()
        switch resolver.resolve(wallClock: local) {
        case .unique(let instant): #expect(expected == [instant], "\(identifier) \(Timestamp.formatWallClock(local))")
        case .fold(let earlier, let later): #expect(expected == [earlier, later], "\(identifier) \(Timestamp.formatWallClock(local))")
        case .gap: #expect(expected.isEmpty, "\(identifier) \(Timestamp.formatWallClock(local))")
        }
    }
}

@Test(arguments: [
    ("2015-03-24 15:44:40", "2015-03-24T15:44:40Z"),
    ("2015-03-24T15:44:40", "2015-03-24T15:44:40Z"),
    ("2026-10-25 02:30:00.123456", "2026-10-25T02:30:00Z"),
    (" 2024-02-29 23:59:59 ", "2024-02-29T23:59:59Z"),
])
func parsesWallClockTimes(_ text: String, _ same: String) throws {
    #expect(try wallClock(text) == instant(same))
}

@Test(arguments: ["", "2015-03-24", "2015-03-24 15:44", "2015-02-29 10:00:00", "2015-03-24 24:00:00", "2015-03-24 15:44:40Z",
                  "2015-03-24 15:44:40.", "2015/03/24 15:44:40", "2015-03-24 15:44:40+01:00"])
func refusesOtherText(_ text: String) {
    #expect(throws: FieldError.self) { try wallClock(text) }
}
