import Foundation
import Testing
@testable import CallMeter

/// The two-thread ingest of native CDR files must behave exactly like a one-thread run: every row
/// read once, in order, rejects with the right positions even across batch boundaries.
@Test func pipelinedIngestKeepsOrderAndPositionsAcrossBatches() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-pipeline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }

    let rowCount = StageOneThread<CDRRowParser>.batchSize * 3 + 17
    var text = "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,queue\n"
    var line = 2
    var expectedRejects: [(line: Int, column: Int, field: String)] = []
    var multiLineStored = 0
    for i in 0..<rowCount {
        let start = 1_790_000_000 + i * 60
        let answered = Timestamp.formatUTC(Int64(start + 5)), ended = Timestamp.formatUTC(Int64(start + 65))
        var started = Timestamp.formatUTC(Int64(start))
        if i % 997 == 13 {
            started = "2026-02-30T10:00:00Z"
            // call_id is 7 characters ("p000013") plus the comma, hotline 12 plus comma, agent 4 plus comma.
            expectedRejects.append((line, 8 + 13 + 5 + 1, "started_at"))
        }
        // Every 500th row has a queue name with a newline: the next row's line moves on by one.
        let queue = i % 500 == 7 ? "\"main\nline\"" : "q\(i % 3)"
        if i % 500 == 7 && i % 997 != 13 { multiLineStored += 1 }
        text += "p\(String(format: "%06d", i)),+41800100100,a\(i % 10 + 100),\(started),\(answered),\(ended),answered,60,\(queue)\n"
        line += i % 500 == 7 ? 2 : 1
    }
    let file = dir.appendingPathComponent("calls.csv")
    try Data(text.utf8).write(to: file)

    let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true)
    let report = try Ingestion(store: store).ingest(file: file.path, kind: .cdr)
    #expect(report.rowsRead == rowCount)
    #expect(report.rowsRejected == expectedRejects.count)
    #expect(report.rowsAccepted == rowCount - expectedRejects.count)
    #expect(report.firstRejects.map { "\($0.line):\($0.column):\($0.field)" }
            == expectedRejects.prefix(IngestReport.rejectsKept).map { "\($0.line):\($0.column):\($0.field)" })
    let storedRejects = try store.connection.cached("SELECT line_number FROM rejects ORDER BY id").rows { Int($0.int64(0)) }
    #expect(storedRejects == expectedRejects.map(\.line))
    // Calls keep the file's order and their source lines.
    let lines = try store.connection.cached("SELECT source_line FROM calls ORDER BY id").rows { Int($0.int64(0)) }
    #expect(lines == lines.sorted())
    #expect(try store.connection.scalarInt("SELECT count(*) FROM calls WHERE queue = ?", [.text("main\nline")]) == Int64(multiLineStored))
}

@Test func pipelinedIngestRollsBackWhenTheDatabaseFailsMidFile() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-pipeline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var text = "call_id,hotline,agent_id,started_at,ended_at,disposition,talk_seconds\n"
    for i in 0..<(StageOneThread<CDRRowParser>.batchSize * 2) {
        text += "r\(i),+41800100100,a1,2026-10-01T08:00:00Z,2026-10-01T08:01:00Z,answered,60\n"
    }
    let file = dir.appendingPathComponent("calls.csv")
    try Data(text.utf8).write(to: file)
    let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true)
    // A trigger that fails half way through stands in for a full disk.
    try store.connection.execute("""
        CREATE TRIGGER fail_midway BEFORE INSERT ON calls WHEN NEW.call_id = 'r3000'
        BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END
        """)
    #expect(throws: SQLiteError.self) { try Ingestion(store: store).ingest(file: file.path, kind: .cdr) }
    #expect(try store.connection.scalarInt("SELECT count(*) FROM calls") == 0)
    #expect(try store.connection.scalarInt("SELECT count(*) FROM batches") == 0)
    // Nothing is half written: the same file goes in whole once the disk is back.
    try store.connection.execute("DROP TRIGGER fail_midway")
    let report = try Ingestion(store: store).ingest(file: file.path, kind: .cdr)
    #expect(report.rowsAccepted == StageOneThread<CDRRowParser>.batchSize * 2)
}
