@testable import CallMeter
import CallMeterCLI
@testable import CallMeterDaemon
import Foundation
import Testing

@Test func statusShowsHeartbeatNightlyRunFeedAgeAndBacklog() throws {
    let rig = try DaemonRig("status", at: "2026-06-01T12:00:00Z", failures: 1)
    try rig.daemon.startUp()
    rig.daemon.tick()  // the missed run of the day fails once
    try rig.scratch.write("inbox/cdr/a.csv", "call_id\n")
    try rig.scratch.write("inbox/ratings/b.csv", "call_id\n")
    try rig.scratch.write("inbox/ratings/c.csv.part", "call_id\n", direct: true)

    let now = FakeClock.parse("2026-06-01T12:00:42Z")
    var lines = DaemonStatus(store: rig.store, inbox: nil, nowMilliseconds: now).lines
    let host = Daemon.hostName()
    #expect(lines == [
        "Daemon:   running, pid \(getpid()) on \(host), heartbeat 42 s ago, since 2026-06-01T12:00:00Z",
        "          nightly at 02:30 local time, inbox \(rig.scratch.file("inbox"))",
        "Nightly:  2026-06-01 (as of 2026-05-31), attempt 1: failed at 2026-06-01T12:00:00Z: scoring exploded",
        "Feed:     no feed yet",
        "Page:     none yet in \(rig.scratch.file("reports"))",
        "Inbox:    \(rig.scratch.file("inbox")): 2 files waiting (cdr 1, ratings 1; 16 bytes)",
    ])

    // A feed, and a heartbeat gone quiet.
    try insertFeed(generatedAt: 1_780_272_000, into: rig.store)  // 2026-06-01T00:00:00Z
    lines = DaemonStatus(store: rig.store, inbox: nil, nowMilliseconds: now + 3_600_000).lines
    #expect(lines[0].hasPrefix("Daemon:   NOT RESPONDING: last heartbeat 2026-06-01T12:00:00Z (1 h 0 min ago)"))
    #expect(lines[3] == "Feed:     generated 2026-06-01T00:00:00Z (13 h 0 min old)")

    // Through the command line, with the inbox given.
    let captured = CapturedConsole()
    let status = CLI.run(["--db", rig.scratch.file("db.sqlite"), "status", "--inbox", rig.scratch.file("inbox")],
                         console: captured.console, environment: [:])
    #expect(status == 0)
    #expect(captured.out.contains("Nightly:  2026-06-01 (as of 2026-05-31), attempt 1: failed"))
    #expect(captured.out.contains("Inbox:    \(rig.scratch.file("inbox")): 2 files waiting"))
}

@Test func statusOfADatabaseTheDaemonNeverRanOn() throws {
    let scratch = try Scratch("status-never")
    let store = try Store(path: scratch.file("db.sqlite"), create: true)
    #expect(DaemonStatus(store: store, inbox: nil, nowMilliseconds: 0).lines == [
        "Daemon:   callmeterd never ran on this database",
        "Nightly:  never run",
        "Feed:     no feed yet",
        "Page:     none: callmeterd writes it after each nightly run",
        "Inbox:    unknown (pass --inbox DIR)",
    ])
}

/// Records a feed generated at `generatedAt` (Unix seconds) in `weight_feeds`: the routing feed's
/// table (issue 6) when this build has it, else a stand-in with the one column status reads. Other
/// required columns get zeros and empty strings; foreign keys are off for the insert.
private func insertFeed(generatedAt: Int64, into store: Store) throws {
    let c = store.connection
    try c.execute("CREATE TABLE IF NOT EXISTS weight_feeds (version INTEGER PRIMARY KEY, generated_at INTEGER NOT NULL)")
    let required = try c.prepare("""
        SELECT name, type FROM pragma_table_info('weight_feeds') WHERE "notnull" = 1 AND dflt_value IS NULL AND pk = 0
        """).rows { (name: $0.text(0), type: $0.text(1)) }
    let names = required.map { "\"\($0.name)\"" }.joined(separator: ", ")
    let values: [SQLValue] = required.map {
        $0.name == "generated_at" ? .int(generatedAt) : $0.type.uppercased().contains("INT") ? .int(0) : .text("")
    }
    try c.execute("PRAGMA foreign_keys=OFF")
    defer { try? c.execute("PRAGMA foreign_keys=ON") }
    try c.prepare("INSERT INTO weight_feeds (\(names)) VALUES (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
        .run(values)
}
