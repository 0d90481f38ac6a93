import CallMeter
import CallMeterCLI
import Foundation
import CallMeterTestSupport
import Testing

/// A workspace holding the fixtures (agents, calls, ratings) with 2026-10 closed.
private func fixtureWorkspace() throws -> Workspace {
    let workspace = try Workspace()
    for (kind, file) in [("agents", "agents.csv"), ("cdr", "cdr.csv"), ("ratings", "ratings.csv")] {
        let result = workspace.run(["ingest", kind, packageRoot.appendingPathComponent("Fixtures/\(file)").path])
        try #require(result.status == 0, "\(result.err)")
    }
    let closed = workspace.run(["payroll", "close", "2026-10"])
    try #require(closed.status == 0, "\(closed.err)")
    return workspace
}

/// Runs raw SQL on a database, as a tamperer would: foreign keys are off.
private func tamper(_ database: String, _ sql: String) throws {
    let connection = try Connection(path: database, create: false)
    try connection.execute("PRAGMA foreign_keys=OFF")
    try connection.execute(sql)
}

private func count(_ database: String, _ sql: String) throws -> Int64 {
    try Connection(path: database, create: false).scalarInt(sql) ?? -1
}

@Test func checkPassesOnTheFixtures() throws {
    let workspace = try fixtureWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    let result = workspace.run("check")
    #expect(result.status == 0, "\(result.out)\(result.err)")
    #expect(result.out == "ok\n")
}

@Test func checkRejectsExtraArguments() throws {
    try withWorkspace { workspace in
        let result = workspace.run("check", "now")
        #expect(result.status == 64)
        #expect(result.err.contains("unexpected argument 'now'"))
    }
}

/// Each problem injected by raw SQL is reported, one line each, and no caller number is printed.
@Test(arguments: [
    ("UPDATE payroll_lines SET amount_minor = amount_minor + 1 WHERE position = 0",
     ["closed period 2026-10: its pay lines changed since it was closed", "closed period 2026-10: its pay lines add up to"]),
    ("DELETE FROM payroll_lines WHERE position = (SELECT max(position) FROM payroll_lines)",
     ["closed period 2026-10: its pay lines changed", "pay lines stored"]),
    ("UPDATE payroll_lines SET agent_name = 'Mallory' WHERE position = 0", ["closed period 2026-10: its pay lines changed"]),
    ("UPDATE payroll_periods SET total_minor = total_minor - 100", ["closed period 2026-10: its pay lines add up to"]),
    ("UPDATE calls SET disposition = 'bogus' WHERE call_id = 'F0078'", ["call F0078: invalid disposition 'bogus'"]),
    ("UPDATE calls SET disposition = '+41 79 129 45 67' WHERE call_id = 'F0078'", ["call F0078: invalid disposition (a value with digits, not shown)"]),
    ("UPDATE calls SET direction = 'sideways' WHERE call_id IN ('F0078', 'F0073')", ["2 calls, e.g. F0073: invalid direction 'sideways'"]),
    ("UPDATE calls SET ended_by = 'nobody' WHERE call_id = 'F0073'", ["call F0073: invalid ended_by 'nobody'"]),
    ("DELETE FROM calls WHERE id = (SELECT call FROM ratings WHERE call_key = 'F0002')",
     ["rating", "(call F0002) points at call row", "which does not exist", "foreign key: ratings row"]),
    ("UPDATE ratings SET call = NULL WHERE call_key = 'F0006'", ["waits for call F0006, which is ingested: it should be attached to it"]),
    ("UPDATE ratings SET call = (SELECT id FROM calls WHERE call_id = 'F0078') WHERE call_key = 'F0006'",
     ["is for call F0006 but points at call F0078"]),
    ("UPDATE payroll_calls SET period = 999 WHERE call = (SELECT min(call) FROM payroll_calls)",
     ["foreign key: payroll_calls row"]),
    ("UPDATE payroll_call_details SET billable_seconds = billable_seconds + 6 WHERE position = 0",
     ["closed period 2026-10: the per-call detail of line 1 has"]),
    // No CHECK on batches.kind since v11: `check` guards it.
    ("UPDATE batches SET kind = 'cdrs' WHERE id = 1", ["batch 1: invalid kind 'cdrs' (valid: cdr, ratings, agents, commitments)"]),
])
func checkReportsInjectedProblems(sql: String, expected: [String]) throws {
    let workspace = try fixtureWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    try tamper(workspace.database, sql)
    let result = workspace.run("check")
    #expect(result.status == 1)
    for text in expected { #expect(result.out.contains(text), "\(text) not in:\n\(result.out)") }
    #expect(!result.out.contains("ok\n"))
    #expect(result.err.contains("found"))
    #expect(!result.out.contains("+41"), "a caller number was printed:\n\(result.out)")
}

/// Backups taken while another thread ingests are consistent snapshots; after the ingest, a backup
/// restored into a fresh path has the same counts, digests and check result as the database.
@Test func backupUnderConcurrentIngestThenRestore() throws {
    let workspace = try fixtureWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    var rows: [String] = []
    for i in 0..<20_000 {
        let day = 1 + i % 28
        let time = String(format: "2026-11-%02dT%02d:%02d:00Z", day, 8 + (i / 60) % 10, i % 60)
        rows.append(CDR.row("G\(i)", hotline: "+41800100100", agent: "a300", started: time, answered: time, ended: time,
                            talk: "0", hold: "0", wrap: "0", caller: "+4179\(1_000_000 + i)"))
    }
    let big = try workspace.write("big.csv", CDR.file(rows))

    let done = DispatchSemaphore(value: 0)
    let ingest = Thread {
        _ = workspace.run(["ingest", "cdr", big])
        done.signal()
    }
    ingest.start()
    var snapshots = 0
    var finished = false
    while !finished {
        finished = done.wait(timeout: .now()) == .success
        let file = workspace.path("snapshot-\(snapshots).sqlite")
        let backup = workspace.run(["backup", file])
        try #require(backup.status == 0, "\(backup.err)")
        #expect(mode(file) == 0o600)
        #expect(mode(file + ".key") == 0o600)
        #expect(!FileManager.default.fileExists(atPath: file + ".tmp"))
        let calls = try count(file, "SELECT count(*) FROM calls")
        // The ingest is one transaction: a snapshot holds all of its calls or none.
        #expect(calls == 109 || calls == 20_109, "\(calls) calls")
        let restored = workspace.path("restored-\(snapshots).sqlite")
        let restore = workspace.run(["--db", restored, "restore", file])
        #expect(restore.status == 0, "\(restore.err)")
        #expect(workspace.run(["--db", restored, "check"]).out == "ok\n")
        snapshots += 1
    }
    #expect(snapshots >= 1)

    let final = workspace.path("final.sqlite")
    #expect(workspace.run(["backup", final]).status == 0)
    let fresh = workspace.path("fresh/callmeter.sqlite")
    try FileManager.default.createDirectory(atPath: workspace.path("fresh"), withIntermediateDirectories: true)
    let restore = workspace.run(["--db", fresh, "restore", final])
    #expect(restore.status == 0, "\(restore.err)")
    #expect(!restore.out.contains("kept as"))
    for sql in ["SELECT count(*) FROM calls", "SELECT count(*) FROM ratings", "SELECT count(*) FROM ratings WHERE call IS NULL",
                "SELECT count(*) FROM payroll_lines", "SELECT count(*) FROM payroll_calls", "SELECT count(*) FROM agents"] {
        #expect(try count(fresh, sql) == count(workspace.database, sql), "\(sql)")
    }
    #expect(try count(fresh, "SELECT count(*) FROM calls") == 20_109)
    let digest = "SELECT export_sha256 FROM payroll_periods"
    #expect(try Connection(path: fresh, create: false).scalarText(digest) == Connection(path: workspace.database, create: false).scalarText(digest))
    #expect(try Data(contentsOf: URL(fileURLWithPath: fresh + ".key")) == Data(contentsOf: URL(fileURLWithPath: workspace.database + ".key")))
    #expect(workspace.run(["--db", fresh, "check"]).out == workspace.run(["check"]).out)
    // The same export from the restored copy.
    #expect(workspace.run(["--db", fresh, "payroll", "2026-10"]).out == workspace.run(["payroll", "2026-10"]).out)
}

/// Restoring over an existing database keeps the old one (and its key) aside.
@Test func restoreKeepsTheOldDatabaseAside() throws {
    let workspace = try fixtureWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    let backup = workspace.path("backup.sqlite")
    #expect(workspace.run(["backup", backup]).status == 0)
    try tamper(workspace.database, "DELETE FROM ratings")
    let restore = workspace.run(["restore", backup])
    #expect(restore.status == 0, "\(restore.err)")
    #expect(try count(workspace.database, "SELECT count(*) FROM ratings") > 0)
    let aside = try FileManager.default.contentsOfDirectory(atPath: workspace.url.path)
        .filter { $0.hasPrefix("callmeter.sqlite.before-restore-") }.sorted()
    #expect(aside.count == 2, "\(aside)")
    if let kept = aside.first(where: { !$0.hasSuffix(".key") }) {
        #expect(try count(workspace.path(kept), "SELECT count(*) FROM ratings") == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.path(kept + ".key")))
    }
    // The backup file itself is left as it is.
    #expect(FileManager.default.fileExists(atPath: backup))
}

enum BadBackup: String, CaseIterable, Sendable {
    case garbage, truncated, failsDomainCheck, missingKey, missingFile
}

/// A backup that is not a database, is damaged, fails the domain check or lacks its key is refused,
/// and the database at --db is left untouched.
@Test(arguments: BadBackup.allCases)
func restoreRefusesABadBackup(_ bad: BadBackup) throws {
    let workspace = try fixtureWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    let backup = workspace.path("backup.sqlite")
    #expect(workspace.run(["backup", backup]).status == 0)
    switch bad {
    case .garbage:
        try workspace.write("backup.sqlite", Array(repeating: UInt8(ascii: "x"), count: 100_000))
    case .truncated:
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: backup)))
        // Keep the header, overwrite the pages after the first with noise.
        for i in 4096..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
        try workspace.write("backup.sqlite", bytes)
    case .failsDomainCheck:
        try tamper(backup, "UPDATE payroll_lines SET amount_minor = amount_minor + 1 WHERE position = 0")
    case .missingKey:
        try FileManager.default.removeItem(atPath: backup + ".key")
    case .missingFile:
        try FileManager.default.removeItem(atPath: backup)
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: workspace.database))
    let restored = workspace.path("restored.sqlite")
    for database in [workspace.database, restored] {
        let result = workspace.run(["--db", database, "restore", backup])
        #expect(result.status == 1, "\(bad): \(result.out)")
        #expect(result.err.contains(bad == .failsDomainCheck ? "fails the check; nothing was changed" : "is not a usable CallMeter backup"),
                "\(bad): \(result.err)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.database)) == before)
    #expect(!FileManager.default.fileExists(atPath: restored))
    let names = try FileManager.default.contentsOfDirectory(atPath: workspace.url.path)
    #expect(!names.contains { $0.contains("before-restore") || $0.contains("restoring") }, "\(names)")
    #expect(workspace.run("check").status == 0)
}

@Test func backupAndRestoreNeedAFile() throws {
    try withWorkspace { workspace in
        for command in ["backup", "restore"] {
            let result = workspace.run(command)
            #expect(result.status == 64)
            #expect(result.err.contains("\(command) needs a FILE"))
        }
        #expect(workspace.run(["backup", "callmeter.sqlite"]).err.contains("cannot be the database itself"))
    }
}

/// Damage to the file itself is reported by SQLite's integrity_check, before the domain checks.
@Test func checkReportsADamagedIndexPage() throws {
    let workspace = try fixtureWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    let (root, pageSize): (Int64, Int64) = try {
        let connection = try Connection(path: workspace.database, create: false)
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return (try connection.scalarInt("SELECT rootpage FROM sqlite_schema WHERE name = 'ratings_call'") ?? 0,
                try connection.scalarInt("PRAGMA page_size") ?? 0)
    }()
    try #require(root > 1 && pageSize >= 1024)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: workspace.database))
    try handle.seek(toOffset: UInt64((root - 1) * pageSize + pageSize - 96))
    try handle.write(contentsOf: Data(repeating: 7, count: 90))
    try handle.close()
    let result = workspace.run("check")
    #expect(result.status == 1)
    #expect(result.out.contains("integrity_check: "), "\(result.out)")
    #expect(result.out.contains("ratings_call"), "\(result.out)")
    #expect(!result.out.contains("*** in database"))
}

/// While callmeterd holds its lock on the database, restore is refused and changes nothing.
@Test func restoreIsRefusedWhileTheDaemonRuns() throws {
    let workspace = try fixtureWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    let backup = workspace.path("backup.sqlite")
    #expect(workspace.run(["backup", backup]).status == 0)
    let fd = open(workspace.database + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    try #require(fd >= 0)
    defer { close(fd) }
    try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
    let result = workspace.run(["restore", backup])
    #expect(result.status == 75)
    #expect(result.err.contains("cannot restore now: another callmeterd is running on this database"), "\(result.err)")
    let names = try FileManager.default.contentsOfDirectory(atPath: workspace.url.path)
    #expect(!names.contains { $0.contains("before-restore") || $0.contains("restoring") }, "\(names)")
}
