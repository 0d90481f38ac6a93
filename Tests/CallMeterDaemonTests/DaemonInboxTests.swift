import CallMeter
@testable import CallMeterDaemon
import Foundation
import Testing

@Test func aNameClashInTheArchiveGetsANumberAndNothingIsOverwritten() throws {
    let rig = try DaemonRig("clash", at: "2026-06-01T12:00:00Z")
    try rig.daemon.startUp()
    try rig.scratch.write("inbox/ratings/day.csv", "call_id,rating\nA1,3\n")
    rig.daemon.tick()
    try rig.scratch.write("inbox/ratings/day.csv", "call_id,rating\nA2,4\nA3,9\n")
    rig.daemon.tick()
    // 14:00 in Zurich: the archive folder is the local date.
    #expect(rig.scratch.files(under: "inbox/archive") == [
        "2026-06-01/day.2.csv", "2026-06-01/day.2.csv.rejects.csv", "2026-06-01/day.csv",
    ])
    #expect(rig.scratch.read("inbox/archive/2026-06-01/day.csv") == "call_id,rating\nA1,3\n")
    #expect(rig.scratch.read("inbox/archive/2026-06-01/day.2.csv.rejects.csv")
            == "line,column,field,reason,raw\r\n3,4,rating,9 is outside the rating scale 1–5,\"A3,9\"\r\n")
}

@Test func linksAndFoldersInTheInboxAreNeverFollowedAndSaidOnce() throws {
    let rig = try DaemonRig("links", at: "2026-06-01T12:00:00Z")
    try rig.daemon.startUp()
    try rig.scratch.write("outside/secret.csv", "call_id,rating\nS1,5\n")
    try FileManager.default.createSymbolicLink(atPath: rig.scratch.file("inbox/ratings/secret.csv"), withDestinationPath: rig.scratch.file("outside/secret.csv"))
    try rig.scratch.write("inbox/ratings/sub/inner.csv", "call_id,rating\nS2,5\n")
    rig.daemon.tick()
    rig.daemon.tick()
    #expect(try rig.store.status().ratings == 0)
    #expect(rig.scratch.files(under: "inbox/archive").isEmpty)
    let skipped = rig.lines.all.filter { $0.contains("event=skipped") }
    #expect(skipped.count == 2)
    #expect(skipped.contains { $0.contains("secret.csv") && $0.contains("a symbolic link") })
    #expect(skipped.contains { $0.contains("inbox/ratings/sub ") && $0.contains("a directory") })
}

@Test func aFileDatedInTheFutureSettlesByObservation() throws {
    let rig = try DaemonRig("future", at: "2026-06-01T12:00:00Z", settle: 5)
    try rig.daemon.startUp()
    let path = rig.scratch.file("inbox/ratings/future.csv")
    try rig.scratch.write("inbox/ratings/future.csv", "call_id,rating\nF1,2\n")
    // 2300-01-01: a clock far ahead (and nanoseconds beyond Int64: no trap).
    var times = [timespec(tv_sec: 10_413_792_000, tv_nsec: 0), timespec(tv_sec: 10_413_792_000, tv_nsec: 0)]
    #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    rig.daemon.tick()
    rig.clock.advance(seconds: 4)
    rig.daemon.tick()
    #expect(try rig.store.status().ratings == 0)
    rig.clock.advance(seconds: 1)
    rig.daemon.tick()
    #expect(try rig.store.status().ratings == 1)
}

@Test func aTemporaryStoreErrorLeavesTheFileForARetryWithBackoff() throws {
    struct Busy: Error, CustomStringConvertible { var description: String { "database is locked" } }
    final class FlakyIngester: FileIngesting {
        var failures = 2
        func ingest(file path: String, name: String, kind: IngestReport.Kind, format: String, settings: IngestSettings, store: Store) throws -> IngestReport {
            if failures > 0 {
                failures -= 1
                throw Busy()
            }
            return try StoreFileIngester().ingest(file: path, name: name, kind: kind, format: format, settings: settings, store: store)
        }
    }
    let rig = try DaemonRig("flaky", at: "2026-06-01T12:00:00Z", poll: 10, ingester: FlakyIngester())
    try rig.daemon.startUp()
    try rig.scratch.write("inbox/ratings/r.csv", "call_id,rating\nB1,2\n")
    rig.daemon.tick()  // fails: retry in 10 s
    rig.clock.advance(seconds: 9)
    rig.daemon.tick()
    #expect(rig.lines.all.filter { $0.contains("event=retry-later") }.count == 1)
    rig.clock.advance(seconds: 1)
    rig.daemon.tick()  // fails again: retry in 20 s
    rig.clock.advance(seconds: 19)
    rig.daemon.tick()
    #expect(rig.lines.all.filter { $0.contains("event=retry-later") }.count == 2)
    #expect(rig.scratch.files(under: "inbox/ratings") == ["r.csv"])
    rig.clock.advance(seconds: 1)
    rig.daemon.tick()
    #expect(rig.scratch.files(under: "inbox/ratings").isEmpty)
    #expect(try rig.store.status().ratings == 1)
}

/// A file of which every row is rejected is a failed ingest: it goes to failed/ with its note and
/// its rejects, and the same bytes are taken again (not "a duplicate") once the rules fit them.
@Test func aFileOfWhichEveryRowIsRejectedGoesToFailedWithItsRejectsAndCanComeAgain() throws {
    let rig = try DaemonRig("all-rejected", at: "2026-06-01T12:00:00Z", rules: { try $0.copyRules() })
    try rig.daemon.startUp()
    let text = "call_id,rating\nA1,9\nA2,7\n"
    try rig.scratch.write("inbox/ratings/day.csv", text)
    rig.daemon.tick()
    #expect(rig.scratch.files(under: "inbox/failed") == ["day.csv", "day.csv.error.txt", "day.csv.rejects.csv"])
    #expect(rig.scratch.files(under: "inbox/archive").isEmpty)
    #expect(rig.scratch.read("inbox/failed/day.csv.rejects.csv") == """
        line,column,field,reason,raw\r
        2,4,rating,9 is outside the rating scale 1–5,"A1,9"\r
        3,4,rating,7 is outside the rating scale 1–5,"A2,7"\r

        """)
    let note = try #require(rig.scratch.read("inbox/failed/day.csv.error.txt"))
    #expect(note.contains("error: no row could be stored: all 2 rejected (batch 1; see the .rejects.csv beside this note)"))
    #expect(note.contains("Nothing of this file was stored."))
    #expect(rig.lines.all.contains { $0.contains("event=failed") && $0.contains("day.csv") })
    #expect(try rig.store.status().ratings == 0)

    // The center's scale fixed and reloaded: the same bytes are ingested, not called a duplicate.
    try Data(#"{ "timezone": "Europe/Zurich", "currency": "CHF", "rating_scale": { "min": 0, "max": 10 } }"#.utf8)
        .write(to: URL(fileURLWithPath: rig.scratch.file("rules/center.json")))
    rig.daemon.control.requestReload()
    try rig.scratch.write("inbox/ratings/day.csv", text)
    rig.clock.advance(seconds: 10)
    rig.daemon.tick()
    #expect(rig.scratch.files(under: "inbox/archive") == ["2026-06-01/day.csv"])
    #expect(try rig.store.status().ratings == 2)
}

/// `commitments/` is read like `ingest commitments`, in the center's zone, after the directory of
/// the same pass (its agents must be known).
@Test func theCommitmentsFolderIsIngestedInTheCentersZoneAfterTheDirectory() throws {
    let rig = try DaemonRig("commitments", at: "2026-06-01T12:00:00Z")
    try rig.daemon.startUp()
    try rig.scratch.write("inbox/agents/agents.csv", "agent_id,name,hotlines\na1,Anna,+41800100100\n")
    try rig.scratch.write("inbox/commitments/week.csv", """
        agent_id,date,from,to,hotlines
        a1,2026-06-02,08:00,12:00,
        a1,2026-06-03,08:00,12:00,+41800200200

        """)
    rig.daemon.tick()
    #expect(rig.scratch.files(under: "inbox/archive") == [
        "2026-06-01/agents.csv", "2026-06-01/week.csv", "2026-06-01/week.csv.rejects.csv",
    ])
    // 08:00 in Zurich in June is 06:00 UTC.
    let june2: Int64 = 1_780_358_400
    #expect(try Capacity(store: rig.store, timeZone: TimeZone(identifier: "Europe/Zurich") ?? .current)
        .committedIntervals(from: june2, to: june2 + 86_400)
        == [CommittedInterval(agentID: "a1", start: june2 + 6 * 3600, end: june2 + 10 * 3600, hotlines: [])])
    let note = rig.scratch.read("inbox/archive/2026-06-01/week.csv.rejects.csv") ?? ""
    #expect(note.contains("3,27,hotlines,\"agent a1 may take only +41800100100 (the directory's hotlines), not +41800200200\""), "\(note)")
}
