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
        "Inbox:    \(rig.scratch.file("inbox")): 2 files waiting (cdr 1, ratings 1; 16 bytes)",
    ])

    // A feed table as the routing feed (issue 6) writes it, and a heartbeat gone quiet.
    try rig.store.connection.execute("CREATE TABLE weight_feeds (version INTEGER PRIMARY KEY, generated_at INTEGER NOT NULL)")
    try rig.store.connection.execute("INSERT INTO weight_feeds (generated_at) VALUES (1780272000)")  // 2026-06-01T00:00:00Z
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
        "Inbox:    unknown (pass --inbox DIR)",
    ])
}
