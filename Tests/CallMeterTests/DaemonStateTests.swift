@testable import CallMeter
import Foundation
import Testing

private func scratchStore() throws -> (Store, URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-state-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return (try Store(path: directory.appendingPathComponent("db.sqlite").path, create: true), directory)
}

@Test func nightlyRunsAreRecordedAndAStaleRunningOneBecomesInterrupted() throws {
    let (store, directory) = try scratchStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(try DaemonRecords(store: store).lastNightlyRun() == nil)
    let first = try DaemonRecords(store: store).beginNightlyRun(slot: "2026-06-01", asOf: "2026-05-31", attempt: 1, atMilliseconds: 1_000)
    try DaemonRecords(store: store).finishNightlyRun(id: first, outcome: .failed, detail: "scoring failed", atMilliseconds: 2_000)
    let second = try DaemonRecords(store: store).beginNightlyRun(slot: "2026-06-01", asOf: "2026-05-31", attempt: 2, atMilliseconds: 3_000)
    try DaemonRecords(store: store).finishNightlyRun(id: second, outcome: .ok, detail: "published", atMilliseconds: 4_000)
    _ = try DaemonRecords(store: store).beginNightlyRun(slot: "2026-06-02", asOf: "2026-06-01", attempt: 1, atMilliseconds: 5_000)

    #expect(try DaemonRecords(store: store).markInterruptedNightlyRuns(atMilliseconds: 6_000) == 1)
    let last = try #require(try DaemonRecords(store: store).lastNightlyRun())
    #expect(last.slot == "2026-06-02" && last.outcome == .interrupted && last.finishedAtMilliseconds == 6_000)
    #expect(try DaemonRecords(store: store).lastNightlyRun(slot: "2026-06-01")?.attempt == 2)
    #expect(try DaemonRecords(store: store).lastSuccessfulNightlyRun()?.detail == "published")
    #expect(try Weights.published(in: store).lastFeedGeneratedAt() == nil)
}

@Test func daemonRecordIsReplacedAtStartAndStampedAtStop() throws {
    let (store, directory) = try scratchStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(try DaemonRecords(store: store).daemonRecord() == nil)
    let record = DaemonRecord(
        pid: 42, host: "h", version: "0.1.0", inbox: "/in", rules: "/r", nightlyAt: "02:30", pollSeconds: 5,
        startedAtMilliseconds: 10, heartbeatAtMilliseconds: 10)
    try DaemonRecords(store: store).recordDaemonStart(record)
    try DaemonRecords(store: store).recordHeartbeat(atMilliseconds: 20)
    #expect(try DaemonRecords(store: store).daemonRecord()?.heartbeatAtMilliseconds == 20)
    try DaemonRecords(store: store).recordDaemonStop(atMilliseconds: 30)
    #expect(try DaemonRecords(store: store).daemonRecord()?.stoppedAtMilliseconds == 30)
    try DaemonRecords(store: store).recordDaemonStart(record)
    #expect(try DaemonRecords(store: store).daemonRecord() == record)
}

@Test func ingestRecordsTheGivenNameAndKeepsEveryReject() throws {
    let (store, directory) = try scratchStore()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("r.csv")
    try Data("call_id,rating\nA1,3\nA2,9\nA3,x\n".utf8).write(to: file)
    let report = try Ingestion(store: store).ingest(file: file.path, named: "inbox/ratings/r.csv", kind: .ratings)
    #expect(report.file == "inbox/ratings/r.csv" && report.rowsRejected == 2)
    #expect(try store.batch(id: report.batchID)?.fileName == "inbox/ratings/r.csv")
    var rejects: [(Int, String, String)] = []
    try store.forEachReject(batch: report.batchID) { rejects.append(($0.line, $0.field, String(decoding: $0.raw, as: UTF8.self))) }
    #expect(rejects.map { $0.0 } == [3, 4])
    #expect(rejects.map { $0.2 } == ["A2,9", "A3,x"])
}
