@testable import CallMeter
import CallMeterDaemon
import Foundation
import Testing

/// The real `callmeterd` on a temporary inbox. One test at a time: each starts processes.
@Suite(.serialized) struct DaemonProcessTests: DaemonScratchSuite {
    let scratch: Scratch
    let rules: String

    init() throws {
        scratch = try Scratch("process")
        rules = try scratch.copyRules()
    }

    /// The local date folder the files were archived under (there is one; a run across midnight is
    /// not expected within a test).
    func archiveDays() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: scratch.file("inbox/archive")))?.sorted() ?? []
    }

    @Test func filesDroppedInEveryFolderAreIngestedAndArchived() throws {
        try scratch.write("inbox/agents/agents.csv", try fixture("agents.csv"))
        try scratch.write("inbox/cdr/cdr.csv", try fixture("cdr.csv"))
        try scratch.write("inbox/cdr/cdr-mixed.csv", try fixture("bad/cdr-mixed.csv"))
        try scratch.write("inbox/cdr/cdr-missing-column.csv", try fixture("bad/cdr-missing-column.csv"))
        try scratch.write("inbox/ratings/ratings.csv", try fixture("ratings.csv"))
        // master-quirks.csv has a byte that is not UTF-8 in a clid, as real files do.
        try scratch.write("inbox/asterisk-csv/Master.csv",
                          bytes: try Data(contentsOf: Repository.root.appendingPathComponent("Fixtures/asterisk/master-quirks.csv")))
        try scratch.write("inbox/asterisk-queue-log/queue_log", try fixture("asterisk/queue_log.1"))
        try scratch.write("inbox/cdr/.hidden.csv", try fixture("cdr.csv"), direct: true)
        try scratch.write("inbox/cdr/coming.csv.part", try fixture("cdr.csv"), direct: true)
        try scratch.write("inbox/cdr/coming.tmp", try fixture("cdr.csv"), direct: true)

        let daemon = try DaemonProcess(arguments("--poll", "1", "--settle", "0"), logPath: scratch.file("daemon.log"))
        #expect(daemon.waitForLog("event=ingested", "Master.csv"))
        #expect(daemon.waitForLog("event=failed", "cdr-missing-column.csv"))
        #expect(daemon.waitForLog("event=ingested", "ratings.csv"))
        // Bytes already ingested, under another name: archived as a duplicate, the database untouched.
        try scratch.write("inbox/cdr/cdr-again.csv", try fixture("cdr.csv"))
        #expect(daemon.waitForLog("event=duplicate", "cdr-again.csv"))
        daemon.send(SIGTERM)
        #expect(daemon.waitForExit() == 0)

        let days = archiveDays()
        try #require(days.count == 1, "archive folders: \(days)")
        let day = days[0]
        #expect(CalendarDate(day) != nil)
        #expect(scratch.files(under: "inbox/archive/\(day)") == [
            "Master.csv", "agents.csv", "cdr-again.csv", "cdr-again.csv.duplicate.txt", "cdr-mixed.csv", "cdr-mixed.csv.rejects.csv",
            "cdr.csv", "queue_log", "ratings.csv",
        ])
        #expect(scratch.files(under: "inbox/failed") == ["cdr-missing-column.csv", "cdr-missing-column.csv.error.txt"])
        // What is left: the hidden and unfinished files, never taken.
        #expect(scratch.files(under: "inbox/cdr") == [".hidden.csv", "coming.csv.part", "coming.tmp"])
        for kind in ["agents", "ratings", "asterisk-csv", "asterisk-queue-log"] {
            #expect(scratch.files(under: "inbox/\(kind)").isEmpty, "\(kind)")
        }

        let rejects = try #require(scratch.read("inbox/archive/\(day)/cdr-mixed.csv.rejects.csv"))
        #expect(rejects.hasPrefix("line,column,field,reason,raw\r\n3,24,started_at,"))
        #expect(rejects.components(separatedBy: "\r\n").count == 1 + 9 + 1)
        #expect(scratch.read("inbox/failed/cdr-missing-column.csv.error.txt")?.contains("missing required column ended_at") == true)
        #expect(scratch.read("inbox/archive/\(day)/cdr-again.csv.duplicate.txt")?.contains("as batch 2") == true)

        // The Asterisk folders go through their formats: Master.csv's 11 legs are 10 calls (one of
        // them the part of the agent a caller was transferred to); the queue_log holds one call
        // incomplete until a later file brings its end.
        #expect(try count("SELECT count(*) FROM batches") == 6)
        #expect(try count("SELECT count(*) FROM calls") == 109 + 3 + 10)
        #expect(try count("SELECT count(*) FROM queue_log_held") > 0)
        #expect(try count("SELECT count(*) FROM ratings") == 68)
        #expect(try count("SELECT count(*) FROM rejects") == 9)

        // Log lines are key=value with the time, level and event first.
        let ingested = daemon.log.split(separator: "\n").first { $0.contains("event=ingested") && $0.contains("cdr-mixed.csv") }
        let line = try #require(ingested.map(String.init))
        #expect(line.hasPrefix("time=") && line.contains(" level=warning event=ingested "))
        #expect(line.contains(" rows=12 ") && line.contains(" rejected=9 ") && line.contains(" ms="))
    }

    @Test func aHalfWrittenFileIsNotTakenBeforeItSettles() throws {
        let daemon = try DaemonProcess(arguments("--poll", "1", "--settle", "3"), logPath: scratch.file("daemon.log"))
        #expect(daemon.waitForLog("event=started"))
        // Written in place, a row at a time: each write restarts the settle time.
        let lines = try fixture("cdr.csv").split(separator: "\n", omittingEmptySubsequences: true).map { String($0) + "\n" }
        let path = scratch.file("inbox/cdr/slow.csv")
        try Data(lines[0].utf8).write(to: URL(fileURLWithPath: path))
        for line in lines[1...20] {
            usleep(150_000)
            let handle = try #require(FileHandle(forWritingAtPath: path), "the file was taken while still being written")
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(line.utf8))
            try handle.close()
        }
        #expect(!daemon.log.contains("event=ingest-start file=\(path)"), "taken before it settled:\n\(daemon.log)")
        // Said once, however long it keeps growing.
        #expect(daemon.log.components(separatedBy: "event=waiting file=\(path) settles_in=").count == 2, "\(daemon.log)")
        #expect(daemon.waitForLog("event=ingested", "slow.csv", " rows=20 "))
        daemon.send(SIGTERM)
        #expect(daemon.waitForExit() == 0)
        #expect(try count("SELECT count(*) FROM calls") == 20)
        #expect(daemon.log.components(separatedBy: "event=ingest-start").count == 2)
    }

    @Test func aSecondInstanceOnTheSameDatabaseIsRefusedWith75() throws {
        let first = try DaemonProcess(arguments("--poll", "1"), logPath: scratch.file("first.log"))
        #expect(first.waitForLog("event=started"))
        let second = try DaemonProcess.run(
            ["--db", scratch.file("db.sqlite"), "--rules", rules, "--inbox", scratch.file("other-inbox"), "--once"],
            logPath: scratch.file("second.log"))
        #expect(second.status == 75)
        #expect(second.log.contains("event=refused"))
        #expect(second.log.contains("another callmeterd is running on this database (pid \(first.pid))"))
        first.send(SIGTERM)
        #expect(first.waitForExit() == 0)
        // Once the first has stopped, the lock is free.
        #expect(try DaemonProcess.run(arguments("--once"), logPath: scratch.file("third.log")).status == 0)
    }

    @Test(arguments: [SIGTERM, SIGINT]) func aStopSignalExitsZero(signal: Int32) throws {
        let daemon = try DaemonProcess(arguments("--poll", "30"), logPath: scratch.file("daemon.log"))
        #expect(daemon.waitForLog("event=started"))
        daemon.send(signal)
        #expect(daemon.waitForExit(timeout: 15) == 0)
        #expect(daemon.log.contains("event=stopped reason=signal"))
        let store = try Store(path: scratch.file("db.sqlite"))
        #expect(try DaemonRecords(store: store).daemonRecord()?.stoppedAtMilliseconds != nil)
    }

    @Test func aStopSignalDuringAnIngestFinishesOrRollsBackTheFile() throws {
        let files = GeneratedFiles(rows: 40_000)
        try scratch.write("inbox/cdr/big.csv", files.cdr)
        let daemon = try DaemonProcess(arguments("--poll", "1", "--settle", "0"), logPath: scratch.file("daemon.log"))
        #expect(daemon.waitForLog("event=ingest-start", "big.csv"))
        // Two signals: the second one does not wait for the file in hand.
        daemon.send(SIGTERM)
        daemon.send(SIGTERM)
        #expect(daemon.waitForExit(timeout: 15) == 0)
        let calls = try count("SELECT count(*) FROM calls")
        if daemon.log.contains("event=rolled-back") {
            #expect(calls == 0)
            #expect(scratch.files(under: "inbox/cdr") == ["big.csv"])
        } else {
            // It finished before the interrupt landed: all of it is in.
            #expect(calls == Int64(files.goodCalls))
        }
        // The next start takes it (again, if it was rolled back): every row once.
        #expect(try DaemonProcess.run(arguments("--once", "--settle", "0"), logPath: scratch.file("again.log")).status == 0)
        #expect(try count("SELECT count(*) FROM calls") == Int64(files.goodCalls))
        #expect(try count("SELECT count(*) FROM rejects") == Int64(files.badCalls))
        #expect(scratch.files(under: "inbox/cdr").isEmpty)
    }

    @Test func sighupWithBrokenRulesKeepsRunningOnTheOldRules() throws {
        let daemon = try DaemonProcess(arguments("--poll", "1", "--settle", "0"), logPath: scratch.file("daemon.log"))
        #expect(daemon.waitForLog("event=started"))
        let center = rules + "/center.json"
        let good = try String(contentsOfFile: center, encoding: .utf8)
        try Data("{ \"timezone\": \"Mars/Olympus\", \"currency\": \"CHF\" }".utf8).write(to: URL(fileURLWithPath: center))
        daemon.send(SIGHUP)
        #expect(daemon.waitForLog("event=rules-reload-failed", "Mars/Olympus", "action=\"keeping the rules in force\""))
        // Still working, with the old rules (rating scale 1–5: a 4 is accepted).
        try scratch.write("inbox/ratings/r.csv", "call_id,rating\nX1,4\n")
        #expect(daemon.waitForLog("event=ingested", "r.csv", "rejected=0"))
        // Fixed rules are taken (a scale of 1–4 still holds scoring.json's satisfied_at_or_above 4:
        // the whole set is checked together).
        try Data(good.replacingOccurrences(of: "\"max\": 5", with: "\"max\": 4").utf8).write(to: URL(fileURLWithPath: center))
        daemon.send(SIGHUP)
        #expect(daemon.waitForLog("event=rules-reloaded"))
        // X3 fits: a file of which every row is rejected would go to failed/ instead.
        try scratch.write("inbox/ratings/r2.csv", "call_id,rating\nX2,5\nX3,3\n")
        #expect(daemon.waitForLog("event=ingested", "r2.csv", "rejected=1"))
        daemon.send(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func usageErrorsExit64AndBadRulesStopTheStart() throws {
        let usage = try DaemonProcess.run(["--db", scratch.file("db.sqlite")], logPath: scratch.file("usage.log"))
        #expect(usage.status == 64)
        #expect(usage.log.contains("Error: --rules DIR is required"))
        let badRules = try DaemonProcess.run(
            ["--db", scratch.file("db.sqlite"), "--rules", scratch.file("nowhere"), "--inbox", scratch.file("inbox"), "--once"],
            logPath: scratch.file("rules.log"))
        #expect(badRules.status == 1)
        #expect(badRules.log.contains("event=cannot-start reason=rules"))
    }
}
