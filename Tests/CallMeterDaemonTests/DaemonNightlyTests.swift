import CallMeter
@testable import CallMeterDaemon
import Foundation
import Testing

/// A clock the test moves by hand (Unix milliseconds).
final class FakeClock: @unchecked Sendable {
    private let lock = NSLock()
    private var milliseconds: Int64
    init(_ iso: String) { milliseconds = FakeClock.parse(iso) }
    var now: Int64 { lock.withLock { milliseconds } }
    func set(_ iso: String) { lock.withLock { milliseconds = FakeClock.parse(iso) } }
    func advance(seconds: Int64) { lock.withLock { milliseconds += seconds * 1000 } }
    static func parse(_ iso: String) -> Int64 {
        Int64((ISO8601DateFormatter().date(from: iso)?.timeIntervalSince1970 ?? 0) * 1000)
    }
}

/// A nightly job that fails a given number of times, then succeeds; remembers what it was asked.
final class FakeJob: NightlyJob {
    var failuresLeft: Int
    private(set) var runs: [(slot: String, asOf: String)] = []
    init(failures: Int = 0) { failuresLeft = failures }

    struct Failure: Error, CustomStringConvertible { var description: String { "scoring exploded" } }

    func run(_ request: NightlyRequest) throws -> NightlySummary {
        runs.append((request.slot.description, request.asOf.description))
        if failuresLeft > 0 {
            failuresLeft -= 1
            throw Failure()
        }
        return "scored \(request.asOf)"
    }
}

/// A daemon in-process on a scratch database and inbox, with a fake clock and job.
struct DaemonRig {
    let scratch: Scratch
    let clock: FakeClock
    let job: FakeJob
    let store: Store
    let daemon: Daemon
    let lines = LockedLines()

    init(
        _ label: String, at iso: String, failures: Int = 0, poll: Int = 10, settle: Int = 0,
        ingester: any FileIngesting = StoreFileIngester(), rules rulesFolder: ((Scratch) throws -> String)? = nil,
        job realJob: (any NightlyJob)? = nil
    ) throws {
        scratch = try Scratch(label)
        clock = FakeClock(iso)
        job = FakeJob(failures: failures)
        store = try Store(path: scratch.file("db.sqlite"), create: true)
        try FileManager.default.createDirectory(atPath: scratch.file("inbox"), withIntermediateDirectories: true)
        let rulesDirectory = try rulesFolder?(scratch) ?? Repository.root.appendingPathComponent("Rules").path
        var options = DaemonOptions(databasePath: scratch.file("db.sqlite"), rulesDirectory: rulesDirectory, inbox: scratch.file("inbox"))
        options.pollSeconds = poll
        options.settleSeconds = settle
        let rules = try RuleSet.load(directory: URL(fileURLWithPath: rulesDirectory, isDirectory: true))
        let clock = clock
        let lines = lines
        daemon = Daemon(
            options: options, store: store, rules: rules, ingester: ingester, job: realJob ?? job,
            log: EventLog(write: { lines.append($0) }, now: { clock.now }), now: { clock.now })
    }

    var runs: [String] { job.runs.map { "\($0.slot) as of \($0.asOf)" } }
}

@Test func aMissedNightlyRunRunsAtStartUpAndEachSlotRunsOnce() throws {
    // 14:00 in Zurich: the 02:30 run of the day was missed.
    let rig = try DaemonRig("missed", at: "2026-06-01T12:00:00Z")
    try rig.daemon.startUp()
    let wait = rig.daemon.tick()
    #expect(rig.runs == ["2026-06-01 as of 2026-05-31"])
    #expect(wait > 0 && wait <= 10)
    for _ in 0..<5 {
        rig.clock.advance(seconds: 10)
        rig.daemon.tick()
    }
    #expect(rig.runs.count == 1)
    rig.clock.set("2026-06-02T00:29:59Z")
    rig.daemon.tick()
    #expect(rig.runs.count == 1)
    rig.clock.set("2026-06-02T00:30:00Z")  // 02:30 CEST
    rig.daemon.tick()
    #expect(rig.runs == ["2026-06-01 as of 2026-05-31", "2026-06-02 as of 2026-06-01"])
    let last = try #require(try DaemonRecords(store: rig.store).lastNightlyRun())
    #expect(last.outcome == .ok && last.detail == "scored 2026-06-01")
}

@Test func aFailingNightlyJobIsRetriedWithBackoff() throws {
    let rig = try DaemonRig("backoff", at: "2026-06-01T00:30:00Z", failures: 3)
    try rig.daemon.startUp()
    rig.daemon.tick()  // attempt 1 fails: retry after 10 s
    #expect(try DaemonRecords(store: rig.store).lastNightlyRun()?.outcome == .failed)
    #expect(try DaemonRecords(store: rig.store).lastNightlyRun()?.detail == "scoring exploded")
    var schedule: [Int64] = []
    for second in 1...120 {
        rig.clock.advance(seconds: 1)
        let before = rig.job.runs.count
        rig.daemon.tick()
        if rig.job.runs.count > before { schedule.append(Int64(second)) }
    }
    // Attempt 2 after 10 s, attempt 3 20 s after that, attempt 4 (succeeds) 40 s later; then nothing.
    #expect(schedule == [10, 30, 70])
    let last = try #require(try DaemonRecords(store: rig.store).lastNightlyRun())
    #expect(last.attempt == 4 && last.outcome == .ok)
    #expect(rig.lines.all.contains { $0.contains("event=nightly-failed") && $0.contains("retry_in=20") && $0.contains("feed=\"previous feed kept\"") })
}

@Test func aRunCutShortIsMarkedInterruptedAndRunsAgainAtStartUp() throws {
    let rig = try DaemonRig("interrupted", at: "2026-06-01T01:00:00Z")
    _ = try DaemonRecords(store: rig.store).beginNightlyRun(slot: "2026-06-01", asOf: "2026-05-31", attempt: 1, atMilliseconds: rig.clock.now - 1000)
    try rig.daemon.startUp()
    rig.daemon.tick()
    #expect(rig.runs == ["2026-06-01 as of 2026-05-31"])
    #expect(try DaemonRecords(store: rig.store).lastNightlyRun()?.attempt == 2)
    #expect(rig.lines.all.contains { $0.contains("event=nightly-interrupted") })
}

@Test func daylightSavingNightsRunOnceAtTheRightInstant() throws {
    let rig = try DaemonRig("dst", at: "2026-10-24T12:00:00Z")
    try rig.daemon.startUp()
    rig.daemon.tick()  // the missed run of the 24th
    // 2026-10-25: 02:30 happens twice (00:30 and 01:30 UTC): one run, at the first.
    rig.clock.set("2026-10-25T00:29:00Z")
    rig.daemon.tick()
    rig.clock.set("2026-10-25T00:30:00Z")
    rig.daemon.tick()
    rig.clock.set("2026-10-25T01:30:00Z")
    rig.daemon.tick()
    #expect(rig.runs == ["2026-10-24 as of 2026-10-23", "2026-10-25 as of 2026-10-24"])

    // 2027-03-28: 02:30 does not exist (02:00 CET is 03:00 CEST); the run is at 03:00 CEST.
    rig.clock.set("2027-03-27T12:00:00Z")
    rig.daemon.tick()
    rig.clock.set("2027-03-28T00:59:00Z")
    rig.daemon.tick()
    #expect(rig.runs.last == "2027-03-27 as of 2027-03-26")
    rig.clock.set("2027-03-28T01:00:00Z")
    rig.daemon.tick()
    #expect(rig.runs.last == "2027-03-28 as of 2027-03-27")
}

/// Records what the daemon asked to ingest, then ingests it.
final class RecordingIngester: FileIngesting {
    private(set) var calls: [String] = []
    func ingest(file path: String, name: String, kind: IngestReport.Kind, format: String, settings: IngestSettings, store: Store) throws -> IngestReport {
        calls.append("\(URL(fileURLWithPath: name).lastPathComponent): \(kind.rawValue)/\(format)")
        return try StoreFileIngester().ingest(file: path, name: name, kind: kind, format: format, settings: settings, store: store)
    }
}

@Test func everyInboxFolderGoesThroughTheIngestSeamWithItsKindAndFormat() throws {
    let ingester = RecordingIngester()
    let rig = try DaemonRig("seam", at: "2026-06-01T12:00:00Z", ingester: ingester)
    try rig.daemon.startUp()
    for kind in InboxKind.allCases {
        try rig.scratch.write("inbox/\(kind.folder)/\(kind.folder).csv", "x\n")
    }
    rig.daemon.tick()
    #expect(ingester.calls == [
        "agents.csv: agents/native", "commitments.csv: commitments/native", "cdr.csv: cdr/native", "asterisk-csv.csv: cdr/asterisk-csv",
        "asterisk-queue-log.csv: cdr/asterisk-queue-log", "freeswitch-csv.csv: cdr/freeswitch-csv", "ratings.csv: ratings/native",
    ])
}

/// The real nightly job on the fixtures: scores as of the night's "yesterday" and publishes the
/// feed of routing.json (csv here) beside the database; a night without calls is no failure.
@Test func theNightlyJobScoresYesterdayAndPublishesTheFeed() throws {
    let scratch = try Scratch("nightly-job")
    let rulesPath = try scratch.copyRules()
    let rulesURL = URL(fileURLWithPath: rulesPath, isDirectory: true)
    let store = try Store(path: scratch.file("db.sqlite"), create: true)
    for (kind, file) in [(IngestReport.Kind.agents, "agents.csv"), (.cdr, "cdr.csv"), (.ratings, "ratings.csv")] {
        _ = try Ingestion(store: store).ingest(file: Repository.root.appendingPathComponent("Fixtures/\(file)").path, kind: kind)
    }
    let rules = try RuleSet.load(directory: rulesURL)
    let job = ScoreAndPublishJob(environment: ["USER": "nightly"])
    let summary = try job.run(NightlyRequest(
        slot: try #require(CalendarDate("2026-11-01")), asOf: try #require(CalendarDate("2026-10-31")), rules: rules,
        store: store))
    #expect(summary.text.hasPrefix("scored 4 agents as of 2026-10-31; published feed v1 (csv) to "))
    let feed = try #require(scratch.read("feeds/weights.csv"))
    #expect(feed.hasPrefix("agent_id,weight,score,band\r\n"))
    #expect(feed.contains("a100,"))
    #expect(!feed.contains("a500,"))  // inactive

    let quiet = try job.run(NightlyRequest(
        slot: try #require(CalendarDate("2027-02-01")), asOf: try #require(CalendarDate("2027-01-31")), rules: rules,
        store: store))
    #expect(quiet.text.contains("nothing scored, no new weights") && !quiet.publishedNewWeights)
    #expect(scratch.read("feeds/weights.csv") == feed)
}

/// The daemon's nightly job uses the same circuit breaker as `weights publish`: ordinary nights
/// of generated data publish every night; a night after half of the agents were made inactive
/// is refused (the job fails, to be retried) and the feed stays as it was.
@Test func theNightlyJobPublishesOrdinaryNightsAndTheBreakerHoldsBackABadOne() throws {
    let scratch = try Scratch("nightly-breaker")
    let rulesPath = try scratch.copyRules()
    let rulesURL = URL(fileURLWithPath: rulesPath, isDirectory: true)
    let generated = scratch.url.appendingPathComponent("generated")
    _ = try generateSyntheticCenter(GeneratorOptions(agents: 40, days: 14, callsPerDay: 400, seed: 7), into: generated)
    let store = try Store(path: scratch.file("db.sqlite"), create: true)
    for (kind, file) in [(IngestReport.Kind.agents, "agents.csv"), (.cdr, "cdr.csv"), (.ratings, "ratings.csv")] {
        _ = try Ingestion(store: store).ingest(file: generated.appendingPathComponent(file).path, kind: kind)
    }
    let rules = try RuleSet.load(directory: rulesURL)
    let job = ScoreAndPublishJob(environment: ["USER": "nightly"])
    func night(_ day: Int) throws -> NightlySummary {
        let asOf = "2026-10-\(day < 10 ? "0" : "")\(day)"
        let slot = "2026-10-\(day + 1 < 10 ? "0" : "")\(day + 1)"
        return try job.run(NightlyRequest(
            slot: try #require(CalendarDate(slot)), asOf: try #require(CalendarDate(asOf)), rules: rules,
            store: store))
    }
    for day in 1...12 {
        #expect(try night(day).text.contains("published feed v\(day) (csv)"))
    }
    let feed = try #require(scratch.read("feeds/weights.csv"))

    // Agents 1021–1040 come back inactive from the directory.
    let directory = String(decoding: try Data(contentsOf: generated.appendingPathComponent("agents.csv")), as: UTF8.self)
    let edited = directory.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        guard let id = line.split(separator: ",").first, let number = Int(id.dropFirst("agent".count)), (1021...1040).contains(number) else {
            return String(line)
        }
        var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[fields.count - 3] = "false"
        return fields.joined(separator: ",")
    }.joined(separator: "\n")
    try Data(edited.utf8).write(to: scratch.url.appendingPathComponent("agents-inactive.csv"))
    _ = try Ingestion(store: store).ingest(file: scratch.file("agents-inactive.csv"), kind: .agents)

    let trip = #expect(throws: CircuitBreaker.Trip.self) { try night(13) }
    #expect(trip?.removed?.count == 20)
    #expect(trip?.sets.map(\.reason) == [.trafficMoved])
    #expect(trip?.description.contains("the feed's agents: ") == true)
    #expect(scratch.read("feeds/weights.csv") == feed)
}
