@testable import CallMeter
@testable import CallMeterDaemon
import Foundation
import Testing

/// One rule set in force: checked as a whole at start and on `SIGHUP`, never re-read behind the
/// daemon's back. The real `callmeterd`, one test at a time.
@Suite(.serialized) struct DaemonRulesTests: DaemonScratchSuite {
    let scratch: Scratch
    let rules: String

    init() throws {
        scratch = try Scratch("rules")
        rules = try scratch.copyRules()
    }

    /// An edit that breaks each rule file, and where (line:column) the loader points.
    static let breakages: [String: (old: String, new: String)] = [
        "center.json": (#""currency": "CHF""#, #""currency": "chf""#),
        "scoring.json": (#""window_days": 28"#, #""window_days": 0"#),
        "routing.json": (#""floor": 20"#, #""floor": "x""#),
        "tiers.json": (#""per_minute": "0.45""#, #""per_minute": "zero""#),
        "payroll.json": (#""increment_mode": "up""#, #""increment_mode": "sideways""#),
        "asterisk.json": (#""trunks": []"#, #""trunks": [1]"#),
        "report.json": (#""keep_days": 31"#, #""keep_days": 0"#),
        "staffing.json": (#""interval_minutes": 30"#, #""interval_minutes": 20"#),
    ]

    /// Breaks `name` in the rules folder; returns the good text and the `file:line:column` the
    /// error must name (the start of the edited value).
    func breakFile(_ name: String) throws -> (good: String, location: String) {
        let path = rules + "/" + name
        let good = try String(contentsOfFile: path, encoding: .utf8)
        let (old, new) = try #require(Self.breakages[name])
        let range = try #require(good.range(of: old), "\(name) has no \(old)")
        let broken = good.replacingCharacters(in: range, with: new)
        try Data(broken.utf8).write(to: URL(fileURLWithPath: path))
        let before = good[..<range.lowerBound]
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).count
        return (good, "\(path):\(line):")
    }

    func restore(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: rules + "/" + name))
    }

    @Test(arguments: ["scoring.json", "asterisk.json", "tiers.json", "report.json", "staffing.json"])
    func sighupWithOneBrokenFileKeepsTheWholeSetInForce(file: String) throws {
        let daemon = try DaemonProcess(arguments("--poll", "1", "--settle", "0"), logPath: scratch.file("daemon.log"))
        #expect(daemon.waitForLog("event=started"))
        let (good, location) = try breakFile(file)
        daemon.send(SIGHUP)
        #expect(daemon.waitForLog("event=rules-reload-failed", "at=\(location)", "action=\"keeping the rules in force\""))
        #expect(!daemon.log.contains("event=rules-reloaded"), "a broken \(file) was taken:\n\(daemon.log)")
        // Still working on the set in force, Asterisk files included.
        try scratch.write("inbox/ratings/r.csv", "call_id,rating\nX1,4\n")
        try scratch.write("inbox/asterisk-csv/Master.csv", try fixture("asterisk/master-16.csv"))
        #expect(daemon.waitForLog("event=ingested", "r.csv"))
        #expect(daemon.waitForLog("event=ingested", "Master.csv"))
        // Fixed: the new set is taken.
        try restore(file, good)
        daemon.send(SIGHUP)
        #expect(daemon.waitForLog("event=rules-reloaded"))
        daemon.send(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func aBrokenAsteriskFileAtStartHoldsOnlyTheAsteriskFolders() throws {
        let (good, location) = try breakFile("asterisk.json")
        try scratch.write("inbox/agents/agents.csv", try fixture("agents.csv"))
        try scratch.write("inbox/cdr/cdr.csv", try fixture("cdr.csv"))
        try scratch.write("inbox/ratings/ratings.csv", try fixture("ratings.csv"))
        try scratch.write("inbox/asterisk-csv/Master.csv", try fixture("asterisk/master-16.csv"))
        try scratch.write("inbox/asterisk-queue-log/queue_log", try fixture("asterisk/queue_log.1"))

        // One pass: the native files go through, the Asterisk ones wait (a file left for later: 1).
        let once = try DaemonProcess.run(arguments("--once", "--settle", "0"), logPath: scratch.file("once.log"))
        #expect(once.status == 1)
        #expect(once.log.contains("event=rules-invalid at=\(location)"), "\(once.log)")
        for name in ["agents/agents.csv", "cdr/cdr.csv", "ratings/ratings.csv"] {
            #expect(once.log.split(separator: "\n").contains { $0.contains("event=ingested") && $0.contains("/inbox/\(name) ") }, "\(name)")
        }
        #expect(try count("SELECT count(*) FROM calls") == 109)
        #expect(try count("SELECT count(*) FROM ratings") == 68)
        #expect(scratch.files(under: "inbox/asterisk-csv") == ["Master.csv"])
        #expect(scratch.files(under: "inbox/asterisk-queue-log") == ["queue_log"])
        #expect(scratch.files(under: "inbox/cdr").isEmpty && scratch.files(under: "inbox/ratings").isEmpty)
        for name in ["asterisk-csv/Master.csv", "asterisk-queue-log/queue_log"] {
            let held = once.log.split(separator: "\n").filter { $0.contains("event=held") && $0.contains(name) }
            #expect(held.count == 1, "\(name): \(held)")
            #expect(held.first?.contains("asterisk.json does not load; fix it and send SIGHUP") == true)
        }

        // Running: each waiting file is said once, however many passes; a fixed file and SIGHUP
        // let them in.
        let daemon = try DaemonProcess(arguments("--poll", "1", "--settle", "0"), logPath: scratch.file("daemon.log"))
        #expect(daemon.waitForLog("event=held", "Master.csv"))
        try restore("asterisk.json", good)
        // An edit alone changes nothing until SIGHUP.
        try scratch.write("inbox/cdr/more.csv", CDRText.one("M1"))
        #expect(daemon.waitForLog("event=ingested", "more.csv"))
        #expect(scratch.files(under: "inbox/asterisk-csv") == ["Master.csv"])
        daemon.send(SIGHUP)
        #expect(daemon.waitForLog("event=rules-reloaded"))
        #expect(daemon.waitForLog("event=ingested", "Master.csv"))
        #expect(daemon.waitForLog("event=ingested", "queue_log"))
        daemon.send(SIGTERM)
        #expect(daemon.waitForExit() == 0)
        #expect(daemon.log.split(separator: "\n").filter { $0.contains("event=held") && $0.contains("Master.csv") }.count == 1)
    }

    /// A broken report.json at start stops only the morning page: the daemon starts, ingests and
    /// runs the nightly job; the page fails saying where (a file left for later: `--once` exits 1).
    @Test func aBrokenReportFileAtStartStopsOnlyThePage() throws {
        let (_, location) = try breakFile("report.json")
        try scratch.write("inbox/cdr/cdr.csv", try fixture("cdr.csv"))
        let once = try DaemonProcess.run(arguments("--once", "--settle", "0"), logPath: scratch.file("once.log"))
        #expect(once.status == 1)
        #expect(once.log.contains("event=rules-invalid at=\(location)"), "\(once.log)")
        #expect(once.log.contains("event=ingested"))
        #expect(once.log.contains("event=nightly-done"))
        let failed = once.log.split(separator: "\n").filter { $0.contains("event=report-failed") }
        #expect(failed.count == 1 && failed.first?.contains("at=\(location)") == true && failed.first?.contains("feed=published") == true,
                "\(once.log)")
        #expect(scratch.files(under: "reports").isEmpty)
    }

    @Test(arguments: ["center.json", "scoring.json", "routing.json", "tiers.json", "payroll.json"])
    func aBrokenRequiredFileStopsTheStartNamingWhere(file: String) throws {
        let (_, location) = try breakFile(file)
        // A second broken file is reported too, not only the first.
        let other = file == "payroll.json" ? "tiers.json" : "payroll.json"
        let (_, otherLocation) = try breakFile(other)
        let run = try DaemonProcess.run(arguments("--once"), logPath: scratch.file("start.log"))
        #expect(run.status == 1)
        #expect(run.log.contains("event=cannot-start reason=rules at=\(location)"), "\(run.log)")
        #expect(run.log.contains("event=cannot-start reason=rules at=\(otherLocation)"), "\(run.log)")
        #expect(!run.log.contains("event=started"))
    }
}

/// A one-row native CDR file.
enum CDRText {
    static func one(_ callID: String) -> String {
        "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds,caller,direction,queue,ended_by\n"
            + "\(callID),+41800200200,a300,2026-10-23T06:49:38Z,2026-10-23T06:50:18Z,2026-10-23T06:51:22Z,answered,49,15,10,,inbound,support,caller\n"
    }
}

/// The nightly job scores with the rules in force: an edit on disk waits for `SIGHUP`, and a
/// broken file at `SIGHUP` leaves the set in force, with which the next nights still run.
@Test func theNightlyJobUsesTheRulesInForceUntilAGoodReload() throws {
    let rig = try DaemonRig(
        "nightly-rules", at: "2026-11-01T12:00:00Z", rules: { try $0.copyRules() }, job: ScoreAndPublishJob(environment: ["USER": "nightly"]))
    for (kind, file) in [(IngestReport.Kind.agents, "agents.csv"), (.cdr, "cdr.csv"), (.ratings, "ratings.csv")] {
        _ = try Ingestion(store: rig.store).ingest(file: Repository.root.appendingPathComponent("Fixtures/\(file)").path, kind: kind)
    }
    let scoring = URL(fileURLWithPath: rig.scratch.file("rules/scoring.json"))
    let shipped = try String(contentsOf: scoring, encoding: .utf8)
    let edited = shipped.replacingOccurrences(of: #""window_days": 28"#, with: #""window_days": 27"#)
    let broken = shipped.replacingOccurrences(of: #""window_days": 28"#, with: #""window_days": 0"#)
    #expect(edited != shipped && broken != shipped)
    func digest(_ text: String) -> String { Crypto.hex(Crypto.sha256(Array(text.utf8))) }
    func rulesOfRun(asOf: String) throws -> String? {
        try rig.store.connection.scalarText("SELECT rules_sha256 FROM score_runs WHERE as_of = ?1 ORDER BY id DESC LIMIT 1", [.text(asOf)])
    }
    func night(_ iso: String) {
        rig.clock.set(iso)
        rig.daemon.tick()
    }

    try rig.daemon.startUp()
    night("2026-11-01T12:00:00Z")
    #expect(try rulesOfRun(asOf: "2026-10-31") == digest(shipped))
    // Edited without SIGHUP: the next night still uses the rules in force.
    try Data(edited.utf8).write(to: scoring)
    night("2026-11-02T01:30:00Z")  // 02:30 in Zurich
    #expect(try rulesOfRun(asOf: "2026-11-01") == digest(shipped))
    // Broken, then SIGHUP: refused with where, and the night runs on the set in force.
    try Data(broken.utf8).write(to: scoring)
    rig.daemon.control.requestReload()
    night("2026-11-03T01:30:00Z")
    let line = shipped.components(separatedBy: "\n").firstIndex { $0.contains(#""window_days": 28"#) }.map { $0 + 1 }
    #expect(rig.lines.all.contains {
        $0.contains("event=rules-reload-failed") && $0.contains("at=\(scoring.path):\(line ?? 0):")
    })
    #expect(!rig.lines.all.contains { $0.contains("event=rules-reloaded") })
    #expect(try rulesOfRun(asOf: "2026-11-02") == digest(shipped))
    // Fixed, then SIGHUP: taken, and the next night uses it.
    try Data(edited.utf8).write(to: scoring)
    rig.daemon.control.requestReload()
    night("2026-11-04T01:30:00Z")
    #expect(rig.lines.all.contains { $0.contains("event=rules-reloaded") })
    #expect(try rulesOfRun(asOf: "2026-11-03") == digest(edited))
}

/// `callmeterd` on a database whose key was swapped, or left open to others, does not start:
/// nothing would be ingested under the wrong key.
@Test(arguments: ["swapped", "mode 0644"]) func callmeterdRefusesAKeyThatIsNotTheDatabasesOrNotPrivate(_ case: String) throws {
    let scratch = try Scratch("key")
    let rules = try scratch.copyRules()
    let database = scratch.file("db.sqlite")
    _ = try Store(path: database, create: true)
    let keyPath = database + ".key"
    if `case` == "swapped" {
        let key = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        try Data(key.map { ~$0 }).write(to: URL(fileURLWithPath: keyPath))
        #expect(chmod(keyPath, 0o600) == 0)
    } else {
        #expect(chmod(keyPath, 0o644) == 0)
    }
    try scratch.write("inbox/ratings/r.csv", "call_id,rating\nX1,4\n")
    let run = try DaemonProcess.run(
        ["--db", database, "--rules", rules, "--inbox", scratch.file("inbox"), "--once", "--settle", "0"], logPath: scratch.file("daemon.log"))
    #expect(run.status == 1)
    #expect(run.log.contains("event=cannot-start reason=database"), "\(run.log)")
    #expect(run.log.contains(`case` == "swapped" ? "is not the key of the database \(database)" : "has mode 0644"), "\(run.log)")
    #expect(scratch.files(under: "inbox/ratings") == ["r.csv"])
    #expect(try Connection(path: database, create: false).scalarInt("SELECT count(*) FROM ratings") == 0)
}
