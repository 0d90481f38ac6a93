import CallMeter
import CallMeterCLI
import Foundation
import Testing

/// A workspace with the fixtures' agents, calls and ratings ingested.
private func ingestedWorkspace() throws -> Workspace {
    let workspace = try Workspace()
    for (kind, file) in [("agents", "agents.csv"), ("cdr", "cdr.csv"), ("ratings", "ratings.csv")] {
        let result = workspace.run(["ingest", kind, packageRoot.appendingPathComponent("Fixtures/\(file)").path])
        try #require(result.status == 0, "\(result.err)")
    }
    return workspace
}

private func count(_ database: String, _ sql: String) throws -> Int64 {
    try Connection(path: database, create: false).scalarInt(sql) ?? -1
}

/// Writes `bytes` as the key at `path`, mode 0600 (as a careless copy with the right mode would).
private func writeKey(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(chmod(path, 0o600) == 0)
}

/// One more call, from a caller of the fixtures (F0078's): it links to that caller only under the
/// database's own key.
private let repeatCall = """
    call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds,caller,direction,queue,ended_by
    R0001,+41800200200,a300,2026-10-24T06:49:38Z,2026-10-24T06:50:18Z,2026-10-24T06:51:22Z,answered,49,15,10,+41 79 129 45 67,inbound,support,caller

    """

/// Another 32-byte key swapped in is refused by every command that opens the database, with a
/// message naming the key, the database and the way back; nothing is written; `check` lists it.
@Test(arguments: [["ingest", "cdr", "more.csv"], ["score", "--as-of", "2026-10-31"], ["status"]])
func aKeyThatIsNotTheDatabasesIsRefused(_ command: [String]) throws {
    let workspace = try ingestedWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    try workspace.write("more.csv", repeatCall)
    let keyPath = workspace.database + ".key"
    let own = Array(try Data(contentsOf: URL(fileURLWithPath: keyPath)))
    try writeKey(own.map { $0 ^ 0x5A }, to: keyPath)
    let calls = try count(workspace.database, "SELECT count(*) FROM calls")

    let refused = workspace.run(command)
    #expect(refused.status == 1)
    #expect(refused.err.contains("the caller-pseudonym key \(keyPath) is not the key of the database \(workspace.database)"), "\(refused.err)")
    #expect(refused.err.contains("callmeter backup FILE' copies it beside each backup as FILE.key"))
    #expect(try count(workspace.database, "SELECT count(*) FROM calls") == calls)
    #expect(try count(workspace.database, "SELECT count(*) FROM score_runs") == 0)
    #expect(try count(workspace.database, "SELECT count(*) FROM batches") == 3)

    let check = workspace.run("check")
    #expect(check.status == 1)
    #expect(check.out.contains("is not the key of the database \(workspace.database)"), "\(check.out)\(check.err)")
    #expect(check.err.contains("1 problem found"))

    // The right key back: everything works, and the repeat caller is linked.
    try writeKey(own, to: keyPath)
    #expect(workspace.run("check").out == "ok\n")
    #expect(workspace.run(command).status == 0)
    if command[0] == "ingest" {
        #expect(try count(workspace.database, """
            SELECT count(*) FROM calls WHERE call_id = 'R0001' AND caller_hash = (SELECT caller_hash FROM calls WHERE call_id = 'F0078')
            """) == 1)
    }
}

/// A key that group or others may read or write is refused (not repaired: a key that was readable
/// may have been copied, which only its owner can judge); `check` lists it.
@Test(arguments: [0o644, 0o640, 0o660, 0o604, 0o602, 0o620])
func aKeyOpenToOthersIsRefused(_ permissions: Int) throws {
    let workspace = try ingestedWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    try workspace.write("more.csv", repeatCall)
    let keyPath = workspace.database + ".key"
    #expect(chmod(keyPath, mode_t(permissions)) == 0)

    let refused = workspace.run(["ingest", "cdr", "more.csv"])
    #expect(refused.status == 1)
    #expect(refused.err.contains("the caller-pseudonym key \(keyPath) has mode 0\(String(permissions, radix: 8))"), "\(refused.err)")
    #expect(refused.err.contains("Run 'chmod 600 \(keyPath)'"))
    #expect(try count(workspace.database, "SELECT count(*) FROM calls WHERE call_id = 'R0001'") == 0)
    #expect(mode(keyPath) == permissions)  // left as it is

    let check = workspace.run("check")
    #expect(check.status == 1)
    #expect(check.out.contains("has mode 0\(String(permissions, radix: 8))"), "\(check.out)")

    #expect(chmod(keyPath, 0o600) == 0)
    #expect(workspace.run(["ingest", "cdr", "more.csv"]).status == 0)
    #expect(workspace.run("check").out == "ok\n")
}

/// `backup` copies the key beside the copy and `restore` brings both back: the restored database
/// opens with its key, and callers still link across the restore.
@Test func backupAndRestoreCarryTheKey() throws {
    let workspace = try ingestedWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    let keyPath = workspace.database + ".key"
    let own = try Data(contentsOf: URL(fileURLWithPath: keyPath))
    let backup = workspace.path("backup.sqlite")
    #expect(workspace.run(["backup", backup]).status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: backup + ".key")) == own)
    #expect(mode(backup + ".key") == 0o600)

    // Lost: the database and its key. Restored into a fresh place and over a database with
    // another key (a new `init`), the backup's key comes along.
    for path in [workspace.database, keyPath, workspace.database + "-wal", workspace.database + "-shm"] {
        try? FileManager.default.removeItem(atPath: path)
    }
    #expect(workspace.run("init").status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: keyPath)) != own)
    let restore = workspace.run(["restore", backup])
    #expect(restore.status == 0, "\(restore.err)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: keyPath)) == own)
    #expect(workspace.run("check").out == "ok\n")
    try workspace.write("more.csv", repeatCall)
    #expect(workspace.run(["ingest", "cdr", "more.csv"]).status == 0)
    #expect(try count(workspace.database, """
        SELECT count(*) FROM calls WHERE call_id = 'R0001' AND caller_hash = (SELECT caller_hash FROM calls WHERE call_id = 'F0078')
        """) == 1)
}

/// A backup whose key is not its own (a key file copied from elsewhere) is no usable backup.
@Test func restoreRefusesABackupWithAnotherKey() throws {
    let workspace = try ingestedWorkspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    let backup = workspace.path("backup.sqlite")
    #expect(workspace.run(["backup", backup]).status == 0)
    let key = Array(try Data(contentsOf: URL(fileURLWithPath: backup + ".key")))
    try writeKey(key.reversed(), to: backup + ".key")
    let before = try Data(contentsOf: URL(fileURLWithPath: workspace.database))
    let result = workspace.run(["restore", backup])
    #expect(result.status == 1)
    #expect(result.err.contains("is not a usable CallMeter backup"), "\(result.err)")
    #expect(result.err.contains("its key \(backup).key is not the key of this backup"), "\(result.err)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.database)) == before)
    #expect(workspace.run("check").out == "ok\n")
}
