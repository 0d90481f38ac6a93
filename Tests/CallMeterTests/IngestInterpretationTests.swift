import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

/// Issue 14: a file is ingested once per interpretation (bytes, kind, format and the options that
/// change what is stored), not once per bytes.

@Test func theSameBytesAsAnotherKindAreIngested() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        // A CDR file that also carries a rating column: as call records and as ratings it is
        // two different things, and the second must not be "already ingested".
        let text = "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,rating\n"
            + "C001,hot1,a1,2026-10-01T10:00:00Z,2026-10-01T10:00:10Z,2026-10-01T10:05:10Z,answered,300,4\n"
        let file = try scratch.write("both.csv", text)
        let asRatings = try Ingestion(store: store).ingest(file: file, kind: .ratings)
        #expect(!asRatings.alreadyIngested && asRatings.rowsAccepted == 1)
        let asCalls = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(!asCalls.alreadyIngested && asCalls.rowsAccepted == 1)
        #expect(try store.count("calls") == 1)
        // The pending rating found its call.
        #expect(try store.count("ratings", where: "call IS NOT NULL") == 1)
        // Each interpretation once.
        #expect(try Ingestion(store: store).ingest(file: file, kind: .cdr).alreadyIngested)
        #expect(try Ingestion(store: store).ingest(file: file, kind: .ratings).alreadyIngested)
        #expect(try store.count("batches") == 2)
    }
}

@Test(arguments: [
    (IngestSettings(format: .native, timeZone: TimeZone(identifier: "Europe/Zurich")!), ""),
    (IngestSettings(format: .asteriskCSV, timeZone: TimeZone(identifier: "Europe/Zurich")!), "timezone=Europe/Zurich"),
    (IngestSettings(format: .asteriskCSV, timeZone: TimeZone(identifier: "UTC")!, seventeenthColumn: .userfield),
     // Foundation on Linux names UTC "GMT": the key holds whatever identifier the zone reports.
     "timezone=\(TimeZone(identifier: "UTC")!.identifier);columns=userfield"),
    (IngestSettings(format: .asteriskCSV, timeZone: TimeZone(identifier: "Europe/Zurich")!,
                    asteriskLayout: AsteriskColumnLayout.presets.first { $0.name == "cdr-custom-sample" }),
     "timezone=Europe/Zurich;layout=cdr-custom-sample"),
])
func theInterpretationNamesWhatChangesTheStoredRows(settings: IngestSettings, expected: String) {
    #expect(settings.interpretation == expected)
}

@Test func anAsteriskFileReadInAnotherZoneIsAnotherInterpretation() throws {
    let scratch = try ScratchStore()
    let file = asteriskFixture("master-16.csv")
    let zurich = try scratch.ingest(file, .asteriskCSV, zone: "Europe/Zurich")
    #expect(!zurich.alreadyIngested && zurich.rowsAccepted > 0)
    #expect(try scratch.ingest(file, .asteriskCSV, zone: "Europe/Zurich").alreadyIngested)
    // Not "already ingested" in another zone: read again (its calls are the same calls, so they
    // are duplicates or conflicts until the first batch is voided).
    let utc = try scratch.ingest(file, .asteriskCSV, zone: "UTC")
    #expect(!utc.alreadyIngested)
    #expect(utc.batchID != zurich.batchID)
    #expect(try scratch.store.batch(id: utc.batchID) != nil)
}

@Test func aVoidedBatchNoLongerCountsAsIngested() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("cdr.csv", CDR.file(CDR.row("C001")))
        let first = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        // The audit row `callmeter batch void` writes; here by hand, to test the lookup alone.
        try store.connection.execute("""
            INSERT INTO batch_voids (batch, voided_at_ms, voided_by, reason) VALUES (\(first.batchID), 1, 'test', 'wrong file')
            """)
        let again = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(!again.alreadyIngested)
        #expect(again.batchID != first.batchID)
    }
}

/// v11 rebuilds `batches` (which every part's rows reference) without its UNIQUE on sha256: the
/// rows, their ids and every reference to them survive, with foreign keys checked.
@Test func version11KeepsTheBatchesOfAnOlderDatabase() throws {
    let connection = try databaseAtSchemaVersion(10)
    try connection.execute("""
        INSERT INTO batches (id, file_name, sha256, kind, format, rows_read, rows_accepted, rows_merged, rows_ignored, started_at_ms, finished_at_ms)
        VALUES (1, 'calls.csv', 'aa', 'cdr', 'native', 2, 2, 0, 0, 10, 20),
               (7, 'Master.csv', 'bb', 'cdr', 'asterisk-csv', 5, 4, 1, 0, 30, 40);
        INSERT INTO hotlines (id, hotline) VALUES (1, 'H');
        INSERT INTO calls (id, call_id, hotline, started_at, ended_at, disposition, talk_seconds, hold_seconds, wrap_seconds,
                           direction, batch, source_line)
        VALUES (1, 'c1', 1, 1790000000, 1790000100, 'answered', 100, 0, 0, 'inbound', 1, 2),
               (2, 'c2', 1, 1790000200, 1790000300, 'answered', 100, 0, 0, 'inbound', 7, 1);
        INSERT INTO rejects (batch, line_number, column_number, field, reason, raw) VALUES (7, 3, 1, 'start', 'bad', x'00');
        """)
    try Schema.migrate(connection)
    #expect(try connection.scalarInt("PRAGMA user_version") == Int64(Schema.currentVersion))
    #expect(try connection.scalarInt("PRAGMA foreign_keys") == 1)
    #expect(try connection.prepare("PRAGMA foreign_key_check").rows { $0.text(0) }.isEmpty)
    #expect(try connection.prepare("SELECT id, file_name, format, options, rows_merged, finished_at_ms FROM batches ORDER BY id").rows {
        "\($0.int64(0)) \($0.text(1)) \($0.text(2)) [\($0.text(3))] \($0.int64(4)) \($0.int64(5))"
    } == ["1 calls.csv native [] 0 20", "7 Master.csv asterisk-csv [] 1 40"])
    // The same bytes may now be a second batch (another kind or interpretation).
    try connection.execute("INSERT INTO batches (file_name, sha256, kind, format, options, started_at_ms) VALUES ('r.csv', 'aa', 'ratings', 'native', '', 50)")
    // References still hold: a call of a batch that does not exist is refused.
    #expect(throws: SQLiteError.self) {
        try connection.execute("""
            INSERT INTO calls (call_id, hotline, started_at, ended_at, disposition, talk_seconds, hold_seconds, wrap_seconds, direction, batch, source_line)
            VALUES ('c3', 1, 1, 2, 'answered', 1, 0, 0, 'inbound', 99, 1)
            """)
    }
    // The void audit exists and wants a reason.
    #expect(throws: SQLiteError.self) {
        try connection.execute("INSERT INTO batch_voids (batch, voided_at_ms, voided_by, reason) VALUES (1, 1, 'u', '')")
    }
}
