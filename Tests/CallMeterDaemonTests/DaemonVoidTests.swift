import CallMeter
@testable import CallMeterDaemon
import Foundation
import Testing

/// The inbox takes "already ingested" from the store, which does not count a voided batch: a file
/// dropped again after `batch void` is ingested again (not archived as a duplicate); dropped once
/// more, it is a duplicate of the new batch.
@Test func aFileDroppedAgainAfterItsBatchWasVoidedIsIngestedAgain() throws {
    let rig = try DaemonRig("void", at: "2026-06-01T12:00:00Z")
    try rig.daemon.startUp()
    let bytes = """
        call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds
        D1,H,a1,2026-05-31T10:00:00Z,2026-05-31T10:00:10Z,2026-05-31T10:05:10Z,answered,300,0,0

        """
    try rig.scratch.write("inbox/cdr/day.csv", bytes)
    rig.daemon.tick()
    #expect(try rig.store.status().calls == 1)
    _ = try rig.store.voidBatch(1, reason: "wrong day", by: "tester")
    #expect(try rig.store.status().calls == 0)

    try rig.scratch.write("inbox/cdr/day.csv", bytes)
    rig.daemon.tick()
    #expect(try rig.store.status().calls == 1)
    #expect(rig.lines.all.filter { $0.contains("event=ingested") }.count == 2)
    #expect(!rig.lines.all.contains { $0.contains("event=duplicate") })

    try rig.scratch.write("inbox/cdr/day.csv", bytes)
    rig.daemon.tick()
    let duplicate = rig.lines.all.filter { $0.contains("event=duplicate") }
    #expect(duplicate.count == 1)
    #expect(duplicate.first?.contains("batch=2") == true, "\(duplicate)")
    #expect(rig.scratch.files(under: "inbox/archive") == [
        "2026-06-01/day.2.csv", "2026-06-01/day.3.csv", "2026-06-01/day.3.csv.duplicate.txt", "2026-06-01/day.csv",
    ])
}
