import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

/// The QA report's "hotlines whose rating moved most" counts each rating on the center's current
/// scale: ratings ingested under another `rating_scale` are placed at the same point of the current
/// one, so a changed scale is not a move.
@Test func ratingsOnAnotherScaleAreNotAMoveOfTheHotline() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let earlier = ["E1", "E2", "E3"].map { CDR.row($0, started: "2026-10-03T10:00:00Z", answered: "2026-10-03T10:00:10Z", ended: "2026-10-03T10:05:10Z") }
        let recent = ["R1", "R2", "R3"].map { CDR.row($0, started: "2026-10-10T10:00:00Z", answered: "2026-10-10T10:00:10Z", ended: "2026-10-10T10:05:10Z") }
        _ = try Ingestion(store: store).ingest(file: try scratch.write("cdr.csv", CDR.file(earlier + recent)), kind: .cdr)
        _ = try Ingestion(store: store).ingest(file: try scratch.write("r1.csv", "call_id,rating\nE1,4\nE2,4\nE3,5\n"), kind: .ratings,
                             settings: IngestSettings(ratingScale: 1...5))
        // The same satisfaction on a 1–9 scale (2r − 1).
        _ = try Ingestion(store: store).ingest(file: try scratch.write("r2.csv", "call_id,rating\nR1,7\nR2,7\nR3,9\n"), kind: .ratings,
                             settings: IngestSettings(ratingScale: 1...9))
        let asOf = try #require(CalendarDate(year: 2026, month: 10, day: 14))
        let utc = try #require(TimeZone(identifier: "UTC"))
        let onFive = try Reporting(store: store).hotlineMovements(asOf: asOf, timeZone: utc, names: [:], ratingScale: 1...5)
        #expect(onFive.map { "\($0.hotline) \($0.earlierMeanHundredths) \($0.recentMeanHundredths)" } == ["hot1 433 433"])
        // Read on the 1–9 scale, both weeks are 7.67.
        let onNine = try Reporting(store: store).hotlineMovements(asOf: asOf, timeZone: utc, names: [:], ratingScale: 1...9)
        #expect(onNine.map { "\($0.earlierMeanHundredths) \($0.recentMeanHundredths)" } == ["767 767"])
    }
}

/// Ratings on the current scale (and ratings stored before ratings kept their scale) give the
/// means they always gave: hundredths, rounded half up.
@Test func ratingsOnTheCurrentScaleGiveTheirPlainMean() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let rows = ["E1", "E2", "E3"].map { CDR.row($0, started: "2026-10-03T10:00:00Z", answered: "2026-10-03T10:00:10Z", ended: "2026-10-03T10:05:10Z") }
            + ["R1", "R2", "R3"].map { CDR.row($0, started: "2026-10-10T10:00:00Z", answered: "2026-10-10T10:00:10Z", ended: "2026-10-10T10:05:10Z") }
        _ = try Ingestion(store: store).ingest(file: try scratch.write("cdr.csv", CDR.file(rows)), kind: .cdr)
        _ = try Ingestion(store: store).ingest(file: try scratch.write("r.csv", "call_id,rating\nE1,1\nE2,2\nE3,2\nR1,5\nR2,5\nR3,4\n"), kind: .ratings,
                             settings: IngestSettings(ratingScale: 1...5))
        try store.connection.execute("UPDATE ratings SET scale_min = NULL, scale_max = NULL WHERE call_key = 'E1'")
        let movements = try Reporting(store: store).hotlineMovements(
            asOf: try #require(CalendarDate(year: 2026, month: 10, day: 14)), timeZone: try #require(TimeZone(identifier: "UTC")),
            names: [:], ratingScale: 1...5)
        #expect(movements.map { "\($0.earlierMeanHundredths) \($0.recentMeanHundredths) \($0.changeHundredths)" } == ["167 467 300"])
    }
}
