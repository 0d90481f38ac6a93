@testable import CallMeter
@testable import CallMeterDaemon
import Foundation
import Testing

// A long ingest holds SQLite's write lock, so the daemon cannot write its heartbeat meanwhile.
// Status must not call such a daemon dead: it reads what the daemon said it was doing and whether
// the daemon's instance lock is held.

/// An ingester that, in the middle of its work, lets an hour pass and asks for the status.
private final class SlowIngester: FileIngesting, @unchecked Sendable {
    let clock: FakeClock
    let probe: InstanceLock.Probe
    var linesDuringIngest: [String] = []

    init(clock: FakeClock, probe: InstanceLock.Probe) {
        self.clock = clock
        self.probe = probe
    }

    func ingest(file path: String, name: String, kind: IngestReport.Kind, format: String, settings: IngestSettings,
                store: Store) throws -> IngestReport {
        clock.advance(seconds: 3_600)
        // Status runs in another process, with its own connection.
        let reader = try Store(path: store.path)
        let probe = probe
        linesDuringIngest = DaemonStatus(store: reader, inbox: nil, nowMilliseconds: clock.now, lockProbe: { _ in probe }).lines
        return try StoreFileIngester().ingest(file: path, name: name, kind: kind, format: format, settings: settings, store: store)
    }
}

@Test func statusDuringALongIngestSaysBusyWithWhatAndSince() throws {
    let clock = FakeClock("2026-06-01T12:00:00Z")
    let ingester = SlowIngester(clock: clock, probe: .held)
    let rig = try DaemonRig("busy", at: "2026-06-01T12:00:00Z", ingester: ingester)
    // The rig has its own clock: drive both.
    try rig.daemon.startUp()
    try rig.scratch.write("inbox/agents/team.csv", "agent_id,name\na1,Ann\n")
    rig.clock.set("2026-06-01T12:00:10Z")
    clock.set("2026-06-01T12:00:10Z")
    rig.daemon.passInbox()
    let file = rig.scratch.file("inbox/agents/team.csv")
    #expect(ingester.linesDuringIngest.first
        == "Daemon:   busy, pid \(getpid()) on \(Daemon.hostName()): ingesting \(file) since 2026-06-01T12:00:10Z (1 h 0 min); "
        + "last heartbeat 2026-06-01T12:00:10Z (1 h 0 min ago), it holds its lock so it is alive")
    // Done: the activity is cleared and the heartbeat is fresh.
    let record = try #require(try DaemonRecords(store: rig.store).daemonRecord())
    #expect(record.activity == nil)
    #expect(record.activitySinceMilliseconds == nil)
    #expect(record.heartbeatAtMilliseconds == rig.clock.now)
}

/// The daemon's first status line an hour into the ingest of one agents file, with the lock as `probe` says.
private func daemonLineDuringIngest(_ label: String, probe: InstanceLock.Probe) throws -> (line: String?, file: String) {
    let clock = FakeClock("2026-06-01T12:00:00Z")
    let ingester = SlowIngester(clock: clock, probe: probe)
    let rig = try DaemonRig(label, at: "2026-06-01T12:00:00Z", ingester: ingester)
    try rig.daemon.startUp()
    try rig.scratch.write("inbox/agents/team.csv", "agent_id,name\na1,Ann\n")
    rig.daemon.passInbox()
    return (ingester.linesDuringIngest.first, rig.scratch.file("inbox/agents/team.csv"))
}

@Test func statusOfADaemonThatDiedInTheMiddleOfAnIngest() throws {
    let (line, file) = try daemonLineDuringIngest("dead", probe: .free)
    #expect(line
        == "Daemon:   NOT RUNNING: pid \(getpid()) on \(Daemon.hostName()) ended without stopping cleanly; "
        + "last heartbeat 2026-06-01T12:00:00Z (1 h 0 min ago), while ingesting \(file)")
}

/// Without a lock to ask (no lock file, another host), a quiet heartbeat stays "not responding".
@Test func statusWithoutALockToAskSaysNotResponding() throws {
    let (line, _) = try daemonLineDuringIngest("unknown", probe: .unknown)
    #expect(line?.hasPrefix("Daemon:   NOT RESPONDING: last heartbeat 2026-06-01T12:00:00Z (1 h 0 min ago)") == true)
}

@Test func instanceLockProbe() throws {
    let scratch = try Scratch("probe")
    let database = scratch.file("db.sqlite")
    #expect(InstanceLock.probe(forDatabase: database) == .unknown)
    do {
        let lock = try InstanceLock.acquire(forDatabase: database)
        #expect(InstanceLock.probe(forDatabase: database) == .held)
        withExtendedLifetime(lock) {}
    }
    #expect(InstanceLock.probe(forDatabase: database) == .free)
    // Asking does not take the lock.
    #expect(throws: Never.self) { _ = try InstanceLock.acquire(forDatabase: database) }
}
