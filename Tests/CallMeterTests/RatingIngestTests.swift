import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

@Test func ratingBeforeItsCallIsPendingAndAttachedWhenTheCallArrives() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let ratings = try Ingestion(store: store).ingest(
            file: try scratch.write("ratings.csv", Ratings.file(Ratings.row("C001"), Ratings.row("C001", question: "Resolved"), Ratings.row("C009"))),
            kind: .ratings)
        #expect(ratings.rowsAccepted == 3)
        #expect(ratings.ratingsPending == 3)
        #expect(try store.status().pendingRatings == 3)

        let calls = try Ingestion(store: store).ingest(file: try scratch.write("cdr.csv", CDR.file(CDR.row("C001"), CDR.row("C002"))), kind: .cdr)
        #expect(calls.ratingsAttached == 2)
        #expect(calls.ratingsPending == 1)
        #expect(try store.status().pendingRatings == 1)
        #expect(try store.count("ratings", where: "call = (SELECT id FROM calls WHERE call_id = 'C001')") == 2)

        let late = try Ingestion(store: store).ingest(file: try scratch.write("late.csv", CDR.file(CDR.row("C009"))), kind: .cdr)
        #expect(late.ratingsAttached == 1)
        #expect(late.ratingsPending == 0)
        let status = try store.status()
        #expect(status.pendingRatings == 0)
        #expect(status.ratings == 3)
    }
}

@Test func ratingOfAKnownCallIsAttachedAtOnce() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("cdr.csv", CDR.file(CDR.row("C001"))), kind: .cdr)
        let report = try Ingestion(store: store).ingest(file: try scratch.write("ratings.csv", Ratings.file(Ratings.row("C001"))), kind: .ratings)
        #expect(report.ratingsPending == 0)
        #expect(try store.count("ratings", where: "call IS NOT NULL") == 1)
    }
}

@Test func questionDefaultsToOverallAndIsCaseInsensitive() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let report = try Ingestion(store: store).ingest(file: try scratch.write("r.csv", """
            rating,call_id
            5,C001
            4,C002

            """), kind: .ratings)
        #expect(report.rowsAccepted == 2)
        #expect(try store.count("ratings", where: "question = 'overall' AND rated_at IS NULL") == 2)

        // `OVERALL` is the same question as `overall`: another rating for it is a conflict.
        let again = try Ingestion(store: store).ingest(file: try scratch.write("r2.csv", Ratings.file(Ratings.row("C001", question: "OVERALL"))), kind: .ratings)
        #expect(again.rowsRejected == 1)
        #expect(again.firstRejects.first?.reason.hasPrefix("conflicts with the rating of question 'overall' stored from ") == true)
        #expect(again.firstRejects.first?.reason.hasSuffix("r.csv line 2 (rating 5 there, 4 here)") == true)
    }
}

@Test func anotherRatingForTheSameCallAndQuestionInAnotherFileIsAConflictNamingTheStoredOne() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let first = try scratch.write("first.csv", Ratings.file(Ratings.row("C001")))
        _ = try Ingestion(store: store).ingest(file: first, kind: .ratings)
        let second = try scratch.write("second.csv", Ratings.file(Ratings.row("C001", rating: "1"), Ratings.row("C001", question: "resolved")))
        let report = try Ingestion(store: store).ingest(file: second, kind: .ratings)
        #expect(report.rowsAccepted == 1)
        #expect(report.rowsRejected == 1)
        #expect(report.rowsDuplicate == 0)
        #expect(report.firstRejects.first?.description
                == "\(second):2:1: call_id: conflicts with the rating of question 'overall' stored from \(first) line 2 (rating 4 there, 1 here)")
        // The first rating stands.
        #expect(try store.int("SELECT rating FROM ratings WHERE call_key = 'C001' AND question = 'overall'") == 4)
    }
}

@Test func sameRatingForTheSameCallAndQuestionInAnotherFileIsADuplicate() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("first.csv", Ratings.file(Ratings.row("C001"), Ratings.row("C002"))), kind: .ratings)
        // C001 again as it was, C002 again without rated_at (the same rating, said with less), C003 new.
        let report = try Ingestion(store: store).ingest(
            file: try scratch.write("second.csv", Ratings.file(Ratings.row("C001"), Ratings.row("C002", ratedAt: ""), Ratings.row("C003"))),
            kind: .ratings)
        #expect(report.rowsAccepted == 1)
        #expect(report.rowsDuplicate == 2)
        #expect(report.rowsRejected == 0)
        #expect(try store.count("ratings") == 3)
        #expect(try store.count("batches", where: "rows_duplicate = 2 AND rows_accepted = 1") == 1)
    }
}

@Test func sameRatingAtAnotherTimeIsAConflict() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let first = try scratch.write("first.csv", Ratings.file(Ratings.row("C001")))
        _ = try Ingestion(store: store).ingest(file: first, kind: .ratings)
        let report = try Ingestion(store: store).ingest(
            file: try scratch.write("second.csv", Ratings.file(Ratings.row("C001", ratedAt: "2026-10-02T08:00:00Z"))), kind: .ratings)
        #expect(report.rowsRejected == 1)
        #expect(report.firstRejects.first?.reason == "conflicts with the rating of question 'overall' stored from \(first) line 2 (rated_at differs)")
    }
}

/// A rating sent again after `rating_scale` changed is the stored one, even when its value lies
/// outside the new scale: a cumulative export keeps sending the old rows.
@Test func sameRatingSentAgainAfterTheScaleChangedIsADuplicate() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("old.csv", Ratings.file(Ratings.row("C001", rating: "1"))), kind: .ratings,
                             settings: IngestSettings(ratingScale: 1...5))
        let report = try Ingestion(store: store).ingest(
            file: try scratch.write("new.csv", Ratings.file(Ratings.row("C001", rating: "1"), Ratings.row("C002", rating: "9"))), kind: .ratings,
            settings: IngestSettings(ratingScale: 2...10))
        #expect(report.rowsDuplicate == 1)
        #expect(report.rowsAccepted == 1)
        #expect(report.rowsRejected == 0)
        #expect(try store.int("SELECT count(*) FROM ratings WHERE call_key = 'C001' AND scale_min = 1 AND scale_max = 5") == 1)
        #expect(try store.int("SELECT count(*) FROM ratings WHERE call_key = 'C002' AND scale_min = 2 AND scale_max = 10") == 1)
    }
}

@Test(arguments: [(0...10, "0", true), (0...10, "10", true), (0...10, "11", false), (1...5, "5", true), (1...5, "0", false), (2...4, "1", false)])
func ratingScaleComesFromTheSettings(_ scale: ClosedRange<Int>, _ rating: String, _ accepted: Bool) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let report = try Ingestion(store: store).ingest(file: try scratch.write("r.csv", Ratings.file(Ratings.row("C001", rating: rating))), kind: .ratings,
                                      settings: IngestSettings(ratingScale: scale))
        #expect(report.rowsAccepted == (accepted ? 1 : 0))
        if !accepted {
            #expect(report.firstRejects.first?.reason == "\(rating) is outside the rating scale \(scale.lowerBound)–\(scale.upperBound)")
        }
    }
}

@Test func ratedAtIsStoredAsUTC() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("r.csv", Ratings.file(Ratings.row("C001", ratedAt: "2026-10-01T12:00:00+02:00"))), kind: .ratings)
        #expect(try store.int("SELECT rated_at FROM ratings") == 1_790_848_800)
    }
}

@Test func missingRatingColumnStoresNothing() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        #expect(throws: IngestFileError.header(line: 1, column: 1, reason: "missing required column rating (found: call_id, score)")) {
            _ = try Ingestion(store: store).ingest(file: try scratch.write("r.csv", "call_id,score\nC001,4\n"), kind: .ratings)
        }
        #expect(try store.count("batches") == 0)
        #expect(try store.count("ratings") == 0)
    }
}
