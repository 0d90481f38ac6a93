import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

private struct Counts: Equatable {
    var batches, calls, rejects, hotlines, agents, ratings: Int

    init(_ store: Store) throws {
        batches = try store.count("batches")
        calls = try store.count("calls")
        rejects = try store.count("rejects")
        hotlines = try store.count("hotlines")
        agents = try store.count("agents")
        ratings = try store.count("ratings")
    }
}

@Test func sameBytesAgainAreANoOp() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let text = CDR.file(CDR.row("C001"), CDR.row("C002", talk: "-5"), CDR.row("C003"))
        let file = try scratch.write("cdr.csv", text)
        let first = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(!first.alreadyIngested)
        #expect(first.rowsAccepted == 2)
        let before = try Counts(store)

        let again = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(again.alreadyIngested)
        #expect(again.batchID == first.batchID)
        #expect(again.rowsRead == 0 && again.rowsRejected == 0)
        #expect(try Counts(store) == before)

        // The same bytes under another name are still the same bytes.
        let copy = try Ingestion(store: store).ingest(file: try scratch.write("copy.csv", text), kind: .cdr)
        #expect(copy.alreadyIngested)
        #expect(copy.batchID == first.batchID)
        #expect(try Counts(store) == before)
    }
}

/// A file of which every row was rejected is a failed ingest: its batch and rejects are kept (to be
/// listed), but it does not count as ingested, so the same bytes can be tried again.
@Test func fileWithOnlyRejectedRowsIsAFailedIngestThatCanBeTriedAgain() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("bad.csv", CDR.file(CDR.row("C001", talk: "-1"), CDR.row("C002", disposition: "lost")))
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.rowsRejected == 2 && report.rowsAccepted == 0)
        #expect(report.noRowStored)
        #expect(report.firstRejects.count == 2)
        #expect(try store.count("batches", where: "rows_read = 2 AND rows_rejected = 2 AND rows_accepted = 0 AND finished_at_ms IS NOT NULL") == 1)
        #expect(try store.count("rejects", where: "batch = \(report.batchID)") == 2)
        #expect(try store.count("calls") == 0)

        let again = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(!again.alreadyIngested)
        #expect(again.noRowStored)
        #expect(again.batchID != report.batchID)
        #expect(try store.count("rejects") == 4)
    }
}

/// The failed ingest of the issue: ratings on a 0–10 scale read with the default 1–5 are all
/// rejected; with the right scale the same bytes (same kind, format and options) are stored.
@Test func ratingsAllRejectedUnderTheWrongScaleAreStoredUnderTheRightOne() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("r.csv", Ratings.file(Ratings.row("C001", rating: "8"), Ratings.row("C002", rating: "0")))
        let wrong = try Ingestion(store: store).ingest(file: file, kind: .ratings, settings: IngestSettings(ratingScale: 1...5))
        #expect(wrong.noRowStored)
        let right = try Ingestion(store: store).ingest(file: file, kind: .ratings, settings: IngestSettings(ratingScale: 0...10))
        #expect(!right.alreadyIngested)
        #expect(!right.noRowStored)
        #expect(right.rowsAccepted == 2)
        #expect(try Ingestion(store: store).ingest(file: file, kind: .ratings, settings: IngestSettings(ratingScale: 0...10)).alreadyIngested)
    }
}

/// Rows that are duplicates, or rejects next to one stored row, or a header alone: not failed.
@Test func fileWithDuplicatesOrSomeStoredRowsOrNoRowsIsNotAFailedIngest() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("a.csv", CDR.file(CDR.row("C001"))), kind: .cdr)
        // Other bytes (an empty line more), the same call.
        let duplicates = try Ingestion(store: store).ingest(file: try scratch.write("b.csv", CDR.file(CDR.row("C001")) + "\n"), kind: .cdr)
        #expect(duplicates.rowsDuplicate == 1 && !duplicates.noRowStored)
        let mixed = try Ingestion(store: store).ingest(file: try scratch.write("c.csv", CDR.file(CDR.row("C002", talk: "-1"), CDR.row("C003"))), kind: .cdr)
        #expect(mixed.rowsRejected == 1 && !mixed.noRowStored)
        let ratingDuplicates = try Ingestion(store: store).ingest(file: try scratch.write("r.csv", Ratings.file(Ratings.row("C001"))), kind: .ratings)
        #expect(!ratingDuplicates.noRowStored)
        let ratingAgain = try Ingestion(store: store).ingest(file: try scratch.write("r2.csv", Ratings.file(Ratings.row("C001")) + "\n"), kind: .ratings)
        #expect(ratingAgain.rowsDuplicate == 1 && !ratingAgain.noRowStored)

        // A header alone: nothing refused, nothing to try again. Ingested (0 rows), once.
        let empty = try scratch.write("empty.csv", CDR.file())
        let first = try Ingestion(store: store).ingest(file: empty, kind: .cdr)
        #expect(first.rowsRead == 0 && !first.noRowStored)
        #expect(try Ingestion(store: store).ingest(file: empty, kind: .cdr).alreadyIngested)
        for file in ["b.csv", "c.csv", "r2.csv"] {
            #expect(try Ingestion(store: store).ingest(file: scratch.path(file), kind: file.hasPrefix("r") ? .ratings : .cdr).alreadyIngested)
        }
    }
}

/// A queue_log of events CallMeter skips (QUEUESTART, CONFIGRELOAD) is read and understood: ignored
/// rows are not a failed ingest.
@Test func queueLogWithOnlyIgnoredEventsIsNotAFailedIngest() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("queue_log", "1791980000|NONE|NONE|NONE|QUEUESTART|\n1791980001|NONE|NONE|NONE|CONFIGRELOAD|\n")
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr, settings: IngestSettings(format: .asteriskQueueLog))
        #expect(report.rowsIgnored == 2 && report.rowsRejected == 0 && !report.noRowStored)
        #expect(try Ingestion(store: store).ingest(file: file, kind: .cdr, settings: IngestSettings(format: .asteriskQueueLog)).alreadyIngested)
    }
}

@Test func sameCallWithSameContentInAnotherFileIsADuplicate() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("monday.csv", CDR.file(CDR.row("C001", caller: "+41612223344"), CDR.row("C002"))), kind: .cdr)
        // Same call (the caller spelled differently is the same number), and a new one.
        let report = try Ingestion(store: store).ingest(
            file: try scratch.write("tuesday.csv", CDR.file(CDR.row("C003"), CDR.row("C001", caller: "0041 61 222 33 44"))), kind: .cdr)
        #expect(report.rowsAccepted == 1)
        #expect(report.rowsDuplicate == 1)
        #expect(report.rowsRejected == 0)
        #expect(try store.count("calls") == 3)
        #expect(try store.count("batches", where: "rows_duplicate = 1") == 1)
    }
}

@Test func sameCallWithOtherContentIsAConflictNamingBothFiles() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let monday = try scratch.write("monday.csv", CDR.file(CDR.row("C002"), CDR.row("C001")))
        _ = try Ingestion(store: store).ingest(file: monday, kind: .cdr)
        let tuesday = try scratch.write("tuesday.csv", CDR.file(CDR.row("C001", agent: "a2", talk: "299", caller: "+41790000000")))
        let report = try Ingestion(store: store).ingest(file: tuesday, kind: .cdr)
        #expect(report.rowsRejected == 1)
        #expect(report.rowsDuplicate == 0)
        let reject = try #require(report.firstRejects.first)
        #expect(reject.description == """
            \(tuesday):2:1: call_id: conflicts with the call stored from \(monday) line 3 (differs in agent_id, talk_seconds, caller)
            """)
        // The stored call is left as it was.
        #expect(try store.int("SELECT talk_seconds FROM calls WHERE call_id = 'C001'") == 300)
    }
}

@Test func repeatedCallInsideOneFile() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("cdr.csv", CDR.file(CDR.row("C001"), CDR.row("C001"), CDR.row("C001", hold: "6")))
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.rowsAccepted == 1)
        #expect(report.rowsDuplicate == 1)
        #expect(report.firstRejects.map(\.description)
                == ["\(file):4:1: call_id: conflicts with the call stored from \(file) line 2 (differs in hold_seconds)"])
    }
}

/// Where a database failure is injected: each is a point inside the file's transaction.
enum FailurePoint: String, CaseIterable, Sendable {
    case callInsert, rejectInsert, batchUpdate, hotlineInsert

    var trigger: String {
        switch self {
        case .callInsert:
            "CREATE TRIGGER boom BEFORE INSERT ON calls WHEN NEW.call_id = 'BOOM' BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        case .rejectInsert:
            "CREATE TRIGGER boom BEFORE INSERT ON rejects BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        case .batchUpdate:
            "CREATE TRIGGER boom BEFORE UPDATE ON batches BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        case .hotlineInsert:
            "CREATE TRIGGER boom BEFORE INSERT ON hotlines WHEN NEW.hotline = 'late' BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        }
    }
}

/// A file's rows, rejects and batch commit together: a database failure anywhere in the file leaves
/// nothing of it, and the same file can be ingested once the cause is gone.
@Test(arguments: FailurePoint.allCases)
func databaseFailureMidFileStoresNothingOfIt(_ point: FailurePoint) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("earlier.csv", CDR.file(CDR.row("E001"))), kind: .cdr)
        _ = try Ingestion(store: store).ingest(file: try scratch.write("ratings.csv", Ratings.file(Ratings.row("C001"))), kind: .ratings)
        let before = try Counts(store)
        try store.connection.execute(point.trigger)

        let file = try scratch.write("cdr.csv", CDR.file(
            CDR.row("C001", agent: "new1"), CDR.row("C002", talk: "-1"), CDR.row("C003", hotline: "new"),
            CDR.row("BOOM"), CDR.row("C004", hotline: "late")))
        #expect {
            _ = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        } throws: { error in
            (error as? SQLiteError)?.message.contains("injected failure") == true
        }
        #expect(try Counts(store) == before)
        #expect(try store.count("ratings", where: "call IS NULL") == 1)

        try store.connection.execute("DROP TRIGGER boom")
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(!report.alreadyIngested)
        #expect(report.rowsAccepted == 4)
        #expect(report.rowsRejected == 1)
        #expect(report.ratingsAttached == 1)
    }
}
