import CallMeter
import CallMeterCLI
import Foundation
import Testing

// `callmeter batches` and `callmeter batch void N --reason TEXT` (issue 14, "Batches: list,
// inspect, void, re-ingest"), through the CLI with a fixed clock and the shipped rules.

/// A scratch folder with the shipped rules and a fixed clock.
private final class VoidWorkspace {
    let url: URL
    var rules: URL { url.appendingPathComponent("Rules") }
    var database: String { url.appendingPathComponent("callmeter.sqlite").path }
    var now: Date

    init(now: String = "2026-12-03T10:00:00Z") throws {
        self.now = try #require(ISO8601DateFormatter().date(from: now))
        url = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-void-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Rules"), to: rules)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return name
    }

    func fixture(_ name: String) -> String { packageRoot.appendingPathComponent("Fixtures/\(name)").path }

    @discardableResult
    func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let fixed = now
        let status = CLI.run(["--db", database, "--rules", rules.path] + arguments, console: captured.console, environment: [:],
                             workingDirectory: url, clock: { fixed })
        return (status, captured.out, captured.err)
    }

    func run(_ arguments: String...) -> (status: Int32, out: String, err: String) { run(arguments) }

    func mustRun(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = run(arguments)
        try #require(result.status == 0, "\(arguments): \(result.err)", sourceLocation: sourceLocation)
        return result.out
    }

    func int(_ sql: String, _ values: [SQLValue] = []) throws -> Int64 {
        try Connection(path: database, create: false).scalarInt(sql, values) ?? -1
    }

    func text(_ sql: String, _ values: [SQLValue] = []) throws -> String? {
        try Connection(path: database, create: false).scalarText(sql, values)
    }

    /// The rfc4180 export of PERIOD (`payroll PERIOD --export`), without its header.
    func exportLines(_ period: String, calls: Bool = false) throws -> [String] {
        let name = "\(period)\(calls ? "-calls" : "")-\(UUID().uuidString).csv"
        _ = try mustRun(["payroll", period] + (calls ? ["--calls"] : []) + ["--export", path(name)])
        let text = try String(contentsOfFile: path(name), encoding: .utf8)
        return Array(text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty })
    }

    func mustRun(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = run(arguments)
        try #require(result.status == 0, "\(arguments): \(result.err)", sourceLocation: sourceLocation)
        return result.out
    }
}

private let user = OSUser.current(environment: [:])

/// The amount column (9th) of export lines, in minor units.
private func cents(_ lines: [String]) -> Int {
    lines.reduce(0) { sum, line in
        let amount = line.split(separator: ",", omittingEmptySubsequences: false)[8]
        let negative = amount.hasPrefix("-")
        let digits = amount.filter(\.isNumber)
        return sum + (negative ? -1 : 1) * (Int(digits) ?? 0)
    }
}

/// Calls of agent v900 on priced hotlines in October, paid by October's close when it is closed.
private let voidedCalls = """
    call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds,caller
    V1,+41800200200,v900,2026-10-05T10:00:00Z,2026-10-05T10:00:10Z,2026-10-05T10:05:10Z,answered,300,5,10,+41791234567
    V2,+41800300300,v900,2026-10-20T10:00:00Z,2026-10-20T10:00:10Z,2026-10-20T10:05:10Z,answered,301,7,11,+41791234568
    V3,+41800300300,v900,2026-10-21T10:00:00Z,2026-10-21T10:00:10Z,2026-10-21T10:01:20Z,answered,67,0,0,+41791234569

    """

// MARK: batches

@Test func batchesListsEveryBatchWithTimeOptionsDigestRowsAndVoid() throws {
    let workspace = try VoidWorkspace()
    #expect(workspace.run("batches").status == 1, "no database yet")
    _ = try workspace.mustRun("ingest", "agents", workspace.fixture("agents.csv"))
    _ = try workspace.mustRun("ingest", "cdr", workspace.fixture("cdr.csv"))
    _ = try workspace.mustRun("ingest", "cdr", "--format", "asterisk-csv", "--timezone", "Europe/Zurich",
                              workspace.fixture("asterisk/master-quirks.csv"))
    let digest = try #require(try workspace.text("SELECT sha256 FROM batches WHERE id = 2"))
    #expect(digest.count == 64)

    let listing = try workspace.mustRun("batches")
    let lines = listing.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("BATCH  INGESTED (UTC)"), "\(listing)")
    for column in ["KIND", "FORMAT", "OPTIONS", "FILE", "SHA-256", "STORED", "DUPLICATE", "REJECTED", "OTHER", "VOIDED"] {
        #expect(lines[0].contains(column))
    }
    #expect(lines.count == 1 + 3 + 1)
    #expect(lines[1].contains(" agents ") && lines[1].contains("agents.csv"))
    #expect(lines[2].contains(" cdr ") && lines[2].contains(digest) && lines[2].contains(" 109 "))
    #expect(lines[3].contains("asterisk-csv") && lines[3].contains("timezone=Europe/Zurich") && lines[3].contains("1 merged"))
    #expect(lines.last == "3 batches, 0 voided.")
    #expect(try workspace.mustRun("batches") == listing, "deterministic")

    let last = try workspace.mustRun("batches", "--last", "1")
    #expect(last.split(separator: "\n").count == 3)
    #expect(last.contains("master-quirks.csv") && !last.contains("agents.csv"))

    _ = try workspace.mustRun("batch", "void", "2", "--reason", "sent twice\u{1b}[2J")
    let voided = try workspace.mustRun("batches")
    #expect(voided.contains("Batch 2 voided 2026-12-03T10:00:00Z by \(user): sent twice\\e[2J"), "\(voided)")
    #expect(!voided.contains("\u{1b}"), "terminal text is escaped")
    #expect(voided.hasSuffix("3 batches, 1 voided.\n"))

    let json = try workspace.mustRun("batches", "--json", "--last", "2")
    #expect(json.hasPrefix("{\n  \"batches\": [\n    {\n      \"batch\": 2,"), "\(json)")
    #expect(json.contains("\"sha256\": \"\(digest)\""))
    #expect(json.contains("\"options\": \"timezone=Europe/Zurich\""))
    #expect(json.contains("\"voided_at\": \"2026-12-03T10:00:00Z\""))
    #expect(json.contains("\"voided_at_ms\": 1796292000000"))
    #expect(json.contains("\"reason\": \"sent twice\\u001b[2J\""))
    #expect(json.contains("\"void\": null"))
    #expect(json.contains("\"merged\": 1"))

    #expect(workspace.run("batches", "--last", "0").status == 64)
    #expect(workspace.run("batches", "extra").status == 64)
    let help = try workspace.mustRun("help")
    #expect(help.contains("  batches ") && help.contains("  batch "))
    let status = try workspace.mustRun("status")
    #expect(status.contains("Batches:  3 (1 voided; `callmeter batches` lists them)"))
    #expect(status.contains("/cdr.csv: 109 stored, 0 duplicates, 0 rejected (voided)\n"), "\(status)")
    #expect(status.contains("/master-quirks.csv: 11 stored, 0 duplicates, 0 rejected\n"), "\(status)")
}

// MARK: batch void: usage

@Test(arguments: [
    (["batch"], "batch needs an action"),
    (["batch", "undo", "1"], "unknown action 'undo'"),
    (["batch", "void", "--reason", "x"], "batch void needs the batch number"),
    (["batch", "void", "1"], "batch void needs --reason TEXT"),
    (["batch", "void", "1", "--reason", "  "], "--reason needs a text"),
    (["batch", "void", "0", "--reason", "x"], "'0' is not a batch number"),
    (["batch", "void", "x", "--reason", "x"], "'x' is not a batch number"),
    (["batch", "void", "1", "2", "--reason", "x"], "unexpected argument '2'"),
])
func batchVoidUsageErrors(_ arguments: [String], _ message: String) throws {
    let workspace = try VoidWorkspace()
    let result = workspace.run(arguments)
    #expect(result.status == 64)
    #expect(result.err.contains(message), "\(result.err)")
    #expect(result.err.contains("See 'callmeter help batch'."))
}

@Test func voidingAnUnknownOrAlreadyVoidedBatchFailsAndChangesNothing() throws {
    let workspace = try VoidWorkspace()
    _ = try workspace.mustRun("ingest", "cdr", workspace.fixture("cdr.csv"))
    let unknown = workspace.run("batch", "void", "9", "--reason", "typo")
    #expect(unknown.status == 1)
    #expect(unknown.err.contains("there is no batch 9 in \(workspace.database); `callmeter batches` lists them"), "\(unknown.err)")
    #expect(try workspace.int("SELECT count(*) FROM batch_voids") == 0)

    let first = workspace.run("batch", "void", "1", "--reason", "wrong file")
    #expect(first.status == 0, "\(first.err)")
    #expect(first.out.hasPrefix("Voided batch 1 (cdr) 2026-12-03T10:00:00Z by \(user): wrong file\n  109 calls removed;"), "\(first.out)")
    let again = workspace.run("batch", "void", "1", "--reason", "again")
    #expect(again.status == 1)
    #expect(again.err.contains("batch 1 was already voided on 2026-12-03T10:00:00Z by \(user) (wrong file); nothing done"))
    #expect(try workspace.text("SELECT reason FROM batch_voids WHERE batch = 1") == "wrong file", "the audit is never rewritten")
    #expect(try workspace.mustRun("check").contains("ok"))
}

// MARK: the issue's scenario: a wrong --timezone

/// An Asterisk file read in the wrong zone puts its calls two hours off; before a void the right
/// zone cannot fix it (the calls are stored already); after `batch void` the same file is ingested
/// again with the right zone and its calls are at the right instants. `batches` shows both.
@Test func anAsteriskFileIngestedInTheWrongZoneIsVoidedAndIngestedAgain() throws {
    let workspace = try VoidWorkspace()
    let file = workspace.fixture("asterisk/master-16.csv")
    _ = try workspace.mustRun("ingest", "cdr", "--format", "asterisk-csv", "--timezone", "UTC", file)
    // 2026-10-14 09:00:00 read as UTC; in Zurich (summer time) it is 07:00:00Z.
    let wrong = try #require(ISO8601DateFormatter().date(from: "2026-10-14T09:00:00Z")).timeIntervalSince1970
    let right = try #require(ISO8601DateFormatter().date(from: "2026-10-14T07:00:00Z")).timeIntervalSince1970
    #expect(try workspace.int("SELECT min(started_at) FROM calls") == Int64(wrong))
    let calls = try workspace.int("SELECT count(*) FROM calls")
    #expect(calls > 0)

    let before = workspace.run("ingest", "cdr", "--format", "asterisk-csv", "--timezone", "Europe/Zurich", file)
    #expect(try workspace.int("SELECT min(started_at) FROM calls") == Int64(wrong), "without a void the calls stay off: \(before.out)")
    #expect(before.out.contains("0 stored, 2 duplicates"), "\(before.out)")

    let void = workspace.run("batch", "void", "1", "--reason", "wrong zone")
    #expect(void.status == 0, "\(void.err)")
    #expect(try workspace.int("SELECT count(*) FROM calls") == 0)
    // The attempt that found only duplicates is that interpretation's batch: the void says so.
    #expect(void.out.contains("Batch 2 holds the same file (asterisk-csv, timezone=Europe/Zurich) and is not voided: ingesting the "
                              + "file again that way reports it as already ingested; void batch 2 too to read it again."), "\(void.out)")
    #expect(workspace.run("ingest", "cdr", "--format", "asterisk-csv", "--timezone", "Europe/Zurich", file).out.contains("already ingested"))
    _ = try workspace.mustRun("batch", "void", "2", "--reason", "read while the wrong one was in")
    let stray = 2

    let again = workspace.run("ingest", "cdr", "--format", "asterisk-csv", "--timezone", "Europe/Zurich", file)
    #expect(again.status == 0, "\(again.err)")
    #expect(!again.out.contains("already ingested"))
    #expect(try workspace.int("SELECT count(*) FROM calls") == calls)
    #expect(try workspace.int("SELECT min(started_at) FROM calls") == Int64(right))

    let listing = try workspace.mustRun("batches")
    let rows = listing.split(separator: "\n").filter { $0.contains("master-16.csv") }
    #expect(rows.count == stray + 1)
    // Foundation names UTC "GMT".
    #expect(rows[0].contains("timezone=GMT") && rows[0].contains("2026-12-03T10:00:00Z"))
    #expect(rows.last?.contains("timezone=Europe/Zurich") == true && rows.last?.hasSuffix("-") == true)
    #expect(listing.contains("Batch 1 voided 2026-12-03T10:00:00Z by \(user): wrong zone"))
    #expect(try workspace.mustRun("check").contains("ok"))
}

// MARK: pay

/// A CDR batch whose calls a closed period paid: the calls stay paid there (October's export is
/// byte-identical), November takes the pay back with negative adjustment lines that sum exactly to
/// what October paid for them, a corrected file ingested afterwards is paid as positive
/// adjustments, and November's export reconciles to the cent. Closing November settles the
/// reversal once; reopening November gives it back to November.
@Test func voidingABatchPaidByAClosedPeriodTakesThePayBackInTheNextOpenPeriod() throws {
    let workspace = try VoidWorkspace()
    _ = try workspace.mustRun("ingest", "agents", workspace.fixture("agents.csv"))
    _ = try workspace.mustRun("ingest", "cdr", workspace.fixture("cdr.csv"))
    try workspace.write("v.csv", voidedCalls)
    _ = try workspace.mustRun("ingest", "cdr", "v.csv")
    #expect(try workspace.mustRun("score", "--as-of", "2026-10-31").contains("v900"))
    _ = try workspace.mustRun("payroll", "close", "2026-10")
    let october = try workspace.exportLines("2026-10")
    let paid = october.filter { $0.contains(",v900,") }
    #expect(paid.count == 2)
    let paidCents = cents(paid)
    #expect(paidCents > 0)
    #expect(try workspace.exportLines("2026-11").isEmpty)

    let void = try workspace.mustRun("batch", "void", "3", "--reason", "agent v900 was a test login")
    #expect(void.contains("0 calls removed; 3 calls kept out of scoring and pay because a closed pay period paid them"), "\(void)")
    #expect(try workspace.exportLines("2026-10") == october, "a closed period never changes")
    let reversal = try workspace.exportLines("2026-11")
    #expect(reversal.count == 2)
    #expect(reversal.allSatisfy { $0.hasPrefix("2026-11,v900,") && $0.hasSuffix(",2026-10") })
    #expect(reversal.contains { $0.contains(",support,0.625,-1,-300,") }, "\(reversal)")
    #expect(reversal.contains { $0.contains(",medical,0.95,-2,") }, "\(reversal)")
    #expect(cents(reversal) == -paidCents, "the negative lines take back exactly what October paid")
    let detail = try workspace.exportLines("2026-11", calls: true)
    #expect(detail.count == 3)
    #expect(detail.allSatisfy { $0.contains("voided (batch 3): takes back its pay in 2026-10") })
    #expect(detail.contains { $0.hasPrefix("V1,v900,2026-10-05 12:00:00,") && $0.contains(",-300,-5,-10,") })
    // Voided calls are out of scoring too (the next run has no v900), and their rows are not
    // counted as answered.
    #expect(!(try workspace.mustRun("score", "--as-of", "2026-10-31").contains("v900")))
    #expect(try workspace.int("SELECT count(*) FROM calls WHERE agent = (SELECT id FROM agents WHERE agent_id = 'v900') "
                              + "AND disposition IN ('answered', 'transferred')") == 0)
    #expect(try workspace.mustRun("check").contains("ok"))

    // The corrected file (V1 shorter): same call ids, paid as late calls of October.
    try workspace.write("v-fixed.csv", voidedCalls.replacingOccurrences(of: ",answered,300,5,10,", with: ",answered,200,5,10,"))
    let fixed = workspace.run("ingest", "cdr", "v-fixed.csv")
    #expect(fixed.status == 0, "\(fixed.err)")
    #expect(fixed.out.contains("3 stored"))
    let november = try workspace.exportLines("2026-11")
    #expect(november.count == 4)
    let positive = november.filter { !$0.contains(",-") }
    #expect(positive.count == 2 && cents(positive) > 0)
    #expect(cents(november) == cents(positive) - paidCents)

    // November closed: its export reconciles to the cent with the total it printed.
    try workspace.now = #require(ISO8601DateFormatter().date(from: "2026-12-03T10:00:00Z"))
    let close = try workspace.mustRun("payroll", "close", "2026-11", "--early", "--reason", "test")
    let total = cents(november)
    let shown = String(format: "%@%d.%02d CHF", total < 0 ? "-" : "", abs(total) / 100, abs(total) % 100)
    #expect(close.contains("total \(shown)"), "\(close)")
    #expect(try workspace.exportLines("2026-11") == november)
    #expect(try workspace.int("SELECT count(*) FROM call_voids WHERE reversed_in IS NOT NULL") == 3)
    #expect(try workspace.exportLines("2026-12").isEmpty, "taken back once, not again in December")
    #expect(try workspace.mustRun("check").contains("ok"))

    // Reopening November gives the reversal back to it (live), and the next close settles it again.
    _ = try workspace.mustRun("payroll", "reopen", "2026-11", "--reason", "recheck")
    #expect(try workspace.int("SELECT count(*) FROM call_voids WHERE reversed_in IS NOT NULL") == 0)
    #expect(try workspace.exportLines("2026-11") == november)
}

/// Calls no close paid are deleted: they leave scoring and pay, their ratings wait again and
/// attach when the same file is ingested again (no "already ingested").
@Test func voidingACDRBatchRemovesItsCallsAndSendsTheirRatingsBackToPending() throws {
    let workspace = try VoidWorkspace()
    _ = try workspace.mustRun("ingest", "agents", workspace.fixture("agents.csv"))
    _ = try workspace.mustRun("ingest", "cdr", workspace.fixture("cdr.csv"))
    _ = try workspace.mustRun("ingest", "ratings", workspace.fixture("ratings.csv"))
    let ratings = try workspace.int("SELECT count(*) FROM ratings")
    let pending = try workspace.int("SELECT count(*) FROM ratings WHERE call IS NULL")
    #expect(pending < ratings)
    let pay = try workspace.exportLines("2026-10")
    #expect(!pay.isEmpty)
    let rated = try workspace.int("SELECT count(*) FROM calls WHERE overall_rating >= 0")
    #expect(rated > 0)

    let void = try workspace.mustRun("batch", "void", "2", "--reason", "re-exported by the PBX")
    #expect(void.contains("109 calls removed; 0 ratings removed; \(ratings - pending) ratings of other batches pending again"), "\(void)")
    #expect(try workspace.int("SELECT count(*) FROM calls") == 0)
    #expect(try workspace.int("SELECT count(*) FROM ratings WHERE call IS NULL") == ratings)
    #expect(try workspace.exportLines("2026-10").isEmpty)
    let score = workspace.run("score", "--as-of", "2026-10-31")
    #expect(!score.out.contains("a100"), "no calls left to score: \(score.out)")
    #expect(try workspace.mustRun("check").contains("ok"))

    let again = try workspace.mustRun("ingest", "cdr", workspace.fixture("cdr.csv"))
    #expect(again.contains("109 stored"), "\(again)")
    #expect(try workspace.int("SELECT count(*) FROM calls WHERE overall_rating >= 0") == rated)
    #expect(try workspace.exportLines("2026-10") == pay)
}

/// A ratings batch voided: its ratings go and the calls' overall ratings with them.
@Test func voidingARatingsBatchRemovesItsRatings() throws {
    let workspace = try VoidWorkspace()
    _ = try workspace.mustRun("ingest", "cdr", workspace.fixture("cdr.csv"))
    _ = try workspace.mustRun("ingest", "ratings", workspace.fixture("ratings.csv"))
    #expect(try workspace.int("SELECT count(*) FROM calls WHERE overall_rating >= 0") > 0)
    let ratings = try workspace.int("SELECT count(*) FROM ratings")
    let void = try workspace.mustRun("batch", "void", "2", "--reason", "wrong survey")
    #expect(void.contains("0 calls removed; \(ratings) ratings removed."), "\(void)")
    #expect(try workspace.int("SELECT count(*) FROM ratings") == 0)
    #expect(try workspace.int("SELECT count(*) FROM calls WHERE overall_rating >= 0") == 0)
    #expect(try workspace.int("SELECT count(*) FROM calls") == 109)
    #expect(try workspace.mustRun("ingest", "ratings", workspace.fixture("ratings.csv")).contains("\(ratings) stored"))
    #expect(try workspace.mustRun("check").contains("ok"))
}

// MARK: agents

/// Each directory row goes back to its values before the voided batch; a row the batch created
/// leaves the directory; a row a later batch changed keeps that batch's values; voiding the later
/// one too goes back to before both.
@Test func voidingAnAgentsBatchPutsTheDirectoryBack() throws {
    let workspace = try VoidWorkspace()
    try workspace.write("a1.csv", "agent_id,name,sip_uri,active\nx1,Xena One,sip:x1@pbx,true\nx2,Xavier Two,sip:x2@pbx,true\n")
    try workspace.write("a2.csv", "agent_id,name,active\nx1,Xena Renamed,false\nx3,Xia Three,true\n")
    try workspace.write("a3.csv", "agent_id,name\nx2,Xavier Third\n")
    for file in ["a1.csv", "a2.csv", "a3.csv"] { _ = try workspace.mustRun("ingest", "agents", file) }
    func row(_ id: String) throws -> String? {
        try workspace.text("SELECT coalesce(name, '-') || '|' || coalesce(sip_uri, '-') || '|' || active || '|' || in_directory "
                           + "FROM agents WHERE agent_id = ?", [.text(id)])
    }
    #expect(try row("x1") == "Xena Renamed|sip:x1@pbx|0|1")

    let second = try workspace.mustRun("batch", "void", "2", "--reason", "wrong export")
    #expect(second.contains("1 directory row put back as before the batch; 1 agent it added no longer in the directory."), "\(second)")
    #expect(try row("x1") == "Xena One|sip:x1@pbx|1|1")
    #expect(try row("x3") == "-|-|1|0")

    let first = try workspace.mustRun("batch", "void", "1", "--reason", "also wrong")
    #expect(first.contains("left as a later batch set them: x2"), "\(first)")
    #expect(try row("x2") == "Xavier Third|sip:x2@pbx|1|1", "batch 3 is newer and stays")
    #expect(try row("x1") == "-|-|1|0", "created by batch 1: no longer in the directory")

    _ = try workspace.mustRun("batch", "void", "3", "--reason", "all wrong")
    #expect(try row("x2") == "-|-|1|0", "batches 1 and 3 voided: back to before batch 1")
    #expect(try workspace.mustRun("status").contains("Agents:   3 (0 in the directory)"))
    #expect(try workspace.mustRun("check").contains("ok"))
}

// MARK: Asterisk parts and check

/// A queue_log batch voided: its held events and agent sessions go with it.
@Test func voidingAQueueLogBatchRemovesHeldEventsAndSessions() throws {
    let workspace = try VoidWorkspace()
    _ = try workspace.mustRun("ingest", "cdr", "--format=asterisk-queue-log", workspace.fixture("asterisk/queue_log.1"))
    #expect(try workspace.int("SELECT count(*) FROM queue_log_held") > 0)
    #expect(try workspace.int("SELECT count(*) FROM agent_sessions") == 1)
    let void = try workspace.mustRun("batch", "void", "1", "--reason", "wrong server")
    #expect(void.contains("Asterisk legs and events removed"), "\(void)")
    #expect(try workspace.int("SELECT count(*) FROM queue_log_held") == 0)
    #expect(try workspace.int("SELECT count(*) FROM agent_session_events") == 0)
    #expect(try workspace.int("SELECT count(*) FROM agent_sessions") == 0)
    #expect(try workspace.mustRun("check").contains("ok"))
    let again = try workspace.mustRun("ingest", "cdr", "--format=asterisk-queue-log", workspace.fixture("asterisk/queue_log.1"))
    #expect(again.contains("1 agent session"), "\(again)")
}

/// `check` reads the audit: a voided batch with calls or ratings left, or a kept voided call put
/// back among the answered ones, is reported.
@Test func checkReportsWhatAVoidLeftBehind() throws {
    let workspace = try VoidWorkspace()
    _ = try workspace.mustRun("ingest", "cdr", workspace.fixture("cdr.csv"))
    try workspace.write("v.csv", voidedCalls)
    _ = try workspace.mustRun("ingest", "cdr", "v.csv")
    _ = try workspace.mustRun("payroll", "close", "2026-10")
    _ = try workspace.mustRun("batch", "void", "2", "--reason", "test")
    _ = try workspace.mustRun("batch", "void", "1", "--reason", "test")
    #expect(try workspace.mustRun("check").contains("ok"))

    let connection = try Connection(path: workspace.database, create: false)
    try connection.execute("INSERT INTO ratings (call_key, question, rating, batch, source_line) VALUES ('Z', 'overall', 3, 1, 2)")
    try connection.execute("UPDATE calls SET disposition = 'answered' WHERE call_id LIKE 'voided:2:V1'")
    let check = workspace.run("check")
    #expect(check.status == 1)
    #expect(check.out.contains("voided batch 1 still has 0 calls in scoring and pay, 1 ratings and 0 Asterisk legs or events"), "\(check.out)")
    #expect(check.out.contains("voided call row") && check.out.contains("(batch 2): its batch is not voided or the call is not taken out"))
}

/// `batch void` writes: it takes the write lock like an ingest, so while a restore holds the
/// database it waits (`--wait`) or, with `--wait 0`, is refused with exit 75 and voids nothing.
@Test func batchVoidTakesTheWriteLock() throws {
    let workspace = try VoidWorkspace()
    _ = try workspace.mustRun("ingest", "cdr", workspace.fixture("cdr.csv"))
    var restore: DatabaseLock? = try DatabaseLock.acquire(database: workspace.database, mode: .exclusive, command: "restore bk.sqlite")
    let refused = workspace.run("--wait", "0", "batch", "void", "1", "--reason", "x")
    #expect(refused.status == 75, "\(refused.err)")
    #expect(refused.err.contains("restore bk.sqlite"), "\(refused.err)")
    #expect(try workspace.int("SELECT count(*) FROM batch_voids") == 0)
    restore = nil
    _ = restore
    #expect(workspace.run("batch", "void", "1", "--reason", "x").status == 0)
}
