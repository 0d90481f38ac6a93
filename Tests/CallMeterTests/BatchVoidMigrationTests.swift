import Foundation
import Testing
@testable import CallMeter

/// v12 adds what a void needs; an agents batch from before it has no record of the previous
/// directory values: its void leaves the directory as it is and says so, and a CDR batch of the
/// same database voids as any other.
@Test func anAgentsBatchFromBeforeVersion12IsVoidedWithoutTouchingTheDirectory() throws {
    try withScratch { scratch in
        let path = scratch.path("old.sqlite")
        do {
            let connection = try databaseAtSchemaVersion(11, path: path)
            try connection.execute("""
                INSERT INTO batches (id, file_name, sha256, kind, format, started_at_ms) VALUES (1, 'agents.csv', 'x', 'agents', 'native', 0);
                INSERT INTO batches (id, file_name, sha256, kind, format, started_at_ms) VALUES (2, 'cdr.csv', 'y', 'cdr', 'native', 0);
                INSERT INTO agents (id, agent_id, name, in_directory) VALUES (1, 'a', 'Anna', 1);
                INSERT INTO hotlines (id, hotline) VALUES (1, 'H');
                INSERT INTO calls (id, call_id, hotline, agent, started_at, ended_at, disposition, talk_seconds, hold_seconds,
                                   wrap_seconds, direction, batch, source_line)
                VALUES (1, 'c1', 1, 1, 1790000000, 1790000100, 'answered', 100, 0, 0, 'inbound', 2, 2);
                """)
        }
        // A key beside it, as the older version made one (taken from a new store).
        _ = try scratch.store("new.sqlite")
        try FileManager.default.copyItem(atPath: scratch.path("new.sqlite.key"), toPath: path + ".key")
        let store = try Store(path: path)
        #expect(try store.connection.scalarInt("PRAGMA user_version") == Int64(Schema.currentVersion))
        let agents = try store.voidBatch(1, reason: "old", by: "tester", atMilliseconds: 1)
        #expect(agents.agentsNotRecorded)
        #expect(try store.connection.scalarText("SELECT name FROM agents WHERE agent_id = 'a'") == "Anna")
        let calls = try store.voidBatch(2, reason: "old", by: "tester", atMilliseconds: 2)
        #expect(calls.callsDeleted == 1)
        #expect(try Maintenance(store: store).integrityProblems().isEmpty)
    }
}

/// A void is one transaction: when it fails half-way nothing of it stays, not even the audit row.
@Test func aVoidThatFailsLeavesNothingBehind() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("cdr.csv", """
            call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds
            C1,H,a,2026-10-01T10:00:00Z,2026-10-01T10:00:10Z,2026-10-01T10:05:10Z,answered,300,0,0

            """)
        _ = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        // Something outside CallMeter points at the call without the void knowing: the delete fails.
        try store.connection.execute("""
            CREATE TABLE outside (call INTEGER REFERENCES calls(id));
            INSERT INTO outside VALUES (1);
            """)
        #expect(throws: SQLiteError.self) { try store.voidBatch(1, reason: "x", by: "tester") }
        #expect(try store.count("batch_voids") == 0)
        #expect(try store.count("calls") == 1)
    }
}
