import CallMeter
import CallMeterCLI
import CallMeterTestSupport
import Foundation
import Testing

/// Writers and restore share one lock per database (`DB.locks/write.lock`): a restore never swaps the
/// file under a writer, a writer waits for a restore (`--wait`), a busy database is exit 75 with a
/// message naming who holds it; a symbolic link to the database is the same database.
///
/// The other party is played by the test itself in this process (a lock taken with `DatabaseLock`,
/// a write transaction held open on a `Connection`): `flock` locks belong to open files, so they
/// exclude each other within one process as between two. The same races with real processes are in
/// `CallMeterDaemonTests/DatabaseLockProcessTests`.
@Suite(.serialized) struct DatabaseLockTests {
    /// A workspace with the October fixtures and a backup of them (`bk.sqlite`).
    static func workspaceWithBackup() throws -> Workspace {
        let workspace = try Workspace()
        for kind in ["agents", "cdr", "ratings"] {
            let result = workspace.run(["ingest", kind, packageRoot.appendingPathComponent("Fixtures/\(kind).csv").path])
            try #require(result.status == 0, "\(result.err)")
        }
        try #require(workspace.run(["backup", workspace.path("bk.sqlite")]).status == 0)
        return workspace
    }

    /// `count` new calls in a CDR file `name` of the workspace, with ids no fixture uses.
    static func newCalls(_ workspace: Workspace, _ name: String, count: Int) throws -> String {
        try workspace.write(name, CDR.file((1...count).map { CDR.row("\(name)-\($0)", agent: "a100") }))
    }

    static func calls(_ database: String, like pattern: String = "%") throws -> Int64 {
        try Connection(path: database, create: false).scalarInt("SELECT count(*) FROM calls WHERE call_id LIKE ?", [.text(pattern)]) ?? -1
    }

    /// Runs `callmeter ARGUMENTS` on another thread; `finish()` waits for it.
    final class Background: @unchecked Sendable {
        let captured = CapturedConsole()
        private var status: Int32 = -1
        private let done = DispatchSemaphore(value: 0)

        init(_ arguments: [String], in workspace: Workspace) {
            let console = captured.console
            let url = workspace.url
            Thread.detachNewThread { [self] in
                status = CLI.run(arguments, console: console, environment: [:], workingDirectory: url)
                done.signal()
            }
        }

        func waitForError(_ text: String) -> Bool {
            for _ in 0..<3_000 where !captured.err.contains(text) { usleep(20_000) }
            return captured.err.contains(text)
        }

        func finish() -> Int32 {
            done.wait()
            return status
        }
    }

    @Test func restoreIsRefusedWhileAWriterHoldsTheLockAndNamesIt() throws {
        let workspace = try Self.workspaceWithBackup()
        defer { try? FileManager.default.removeItem(at: workspace.url) }
        let before = try Self.calls(workspace.database)
        var writer: DatabaseLock? = try DatabaseLock.acquire(database: workspace.database, mode: .shared, command: "ingest cdr big.csv")
        let refused = workspace.run(["restore", "bk.sqlite"])
        #expect(refused.status == 75, "\(refused.err)")
        #expect(refused.err.contains("written by pid \(getpid()) (ingest cdr big.csv)"), "\(refused.err)")
        #expect(refused.err.contains(workspace.database))
        #expect(try Self.calls(workspace.database) == before)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: workspace.url.path)).contains { $0.contains("before-restore") })
        withExtendedLifetime(writer) {}
        writer = nil
        let restored = workspace.run(["restore", "bk.sqlite"])
        #expect(restored.status == 0, "\(restored.err)")
    }

    /// Regression: restore used to wait (`--wait`) for a running ingest and then swap the file, so
    /// every row the ingest acknowledged ended up in the copy kept aside. It refuses at once,
    /// whatever `--wait` says; the writer is let go only if restore did start waiting.
    @Test func restoreDoesNotWaitForAWriter() throws {
        let workspace = try Self.workspaceWithBackup()
        defer { try? FileManager.default.removeItem(at: workspace.url) }
        var writer: DatabaseLock? = try DatabaseLock.acquire(database: workspace.database, mode: .shared, command: "ingest cdr big.csv")
        let restore = Background(["--wait", "600", "restore", "bk.sqlite"], in: workspace)
        for _ in 0..<3_000 where !restore.captured.err.contains("waiting for the database") && !restore.captured.err.contains("cannot restore") {
            usleep(20_000)
        }
        let waited = restore.captured.err.contains("waiting for the database")
        withExtendedLifetime(writer) {}
        writer = nil
        #expect(restore.finish() == 75, "\(restore.captured.err)")
        #expect(!waited, "\(restore.captured.err)")
        #expect(restore.captured.err.contains("written by pid \(getpid()) (ingest cdr big.csv)"), "\(restore.captured.err)")
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: workspace.url.path)).contains { $0.contains("before-restore") })
    }

    /// Restore first: a writer waits (one line on standard error) while the file is swapped, then
    /// writes into the restored database; with `--wait 0` it is refused at once with exit 75.
    @Test func aWriterWaitsForARestoreAndItsRowsLandInTheRestoredDatabase() throws {
        let workspace = try Self.workspaceWithBackup()
        defer { try? FileManager.default.removeItem(at: workspace.url) }
        let backupCalls = try Self.calls(workspace.path("bk.sqlite"))
        _ = try Self.newCalls(workspace, "late.csv", count: 5)
        #expect(workspace.run(["ingest", "cdr", try Self.newCalls(workspace, "extra.csv", count: 3)]).status == 0)

        var restore: DatabaseLock? = try DatabaseLock.acquire(database: workspace.database, mode: .exclusive, command: "restore bk.sqlite")
        let refused = workspace.run(["--wait", "0", "ingest", "cdr", "late.csv"])
        #expect(refused.status == 75, "\(refused.err)")
        #expect(refused.err.contains("held by pid \(getpid()) (restore bk.sqlite)"), "\(refused.err)")
        #expect(!refused.out.contains("stored"))

        let ingest = Background(["--wait", "600", "ingest", "cdr", "late.csv"], in: workspace)
        #expect(ingest.waitForError("waiting for the database \(workspace.database): held by pid \(getpid()) (restore bk.sqlite)"))
        _ = try Maintenance.restore(backup: workspace.path("bk.sqlite"), database: workspace.database, stamp: "20261103T000000Z")
        withExtendedLifetime(restore) {}
        restore = nil
        #expect(ingest.finish() == 0, "\(ingest.captured.err)")
        #expect(ingest.captured.out.contains("5 stored"), "\(ingest.captured.out)")
        // The restored database and the acknowledged rows; the rows written before the restore are
        // in the copy kept aside, as restore says.
        #expect(try Self.calls(workspace.database) == backupCalls + 5)
        #expect(try Self.calls(workspace.database, like: "late.csv-%") == 5)
        #expect(try Self.calls(workspace.database, like: "extra.csv-%") == 0)
    }

    /// A symbolic link to the database is the same database: the same lock, and restore replaces the
    /// file the link points to, not the link.
    @Test(arguments: [true, false])
    func aLinkedDatabaseHasTheSameLock(restoreThroughLink: Bool) throws {
        let workspace = try Self.workspaceWithBackup()
        defer { try? FileManager.default.removeItem(at: workspace.url) }
        let link = workspace.path("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "callmeter.sqlite")
        #expect(try DatabaseLock.resolve(link) == workspace.database)
        var writer: DatabaseLock? = try DatabaseLock.acquire(
            database: restoreThroughLink ? workspace.database : link, mode: .shared, command: "ingest cdr big.csv")
        let database = restoreThroughLink ? link : workspace.database
        let refused = workspace.run(["--db", database, "restore", "bk.sqlite"])
        #expect(refused.status == 75, "\(refused.err)")
        #expect(refused.err.contains("(ingest cdr big.csv)"), "\(refused.err)")
        withExtendedLifetime(writer) {}
        writer = nil
        let restored = workspace.run(["--db", database, "restore", "bk.sqlite"])
        #expect(restored.status == 0, "\(restored.err)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == "callmeter.sqlite")
        #expect(workspace.run(["--db", link, "check"]).status == 0)
    }

    /// The holder file of a process that died (unlocked) names nobody and is removed.
    @Test func aStaleHolderIsIgnored() throws {
        let workspace = try Self.workspaceWithBackup()
        defer { try? FileManager.default.removeItem(at: workspace.url) }
        let folder = DatabaseLock.folder(forResolved: workspace.database)
        try workspace.write("callmeter.sqlite.locks/holder-999999-1", "pid=999999 mode=shared command=ingest ghost.csv\n")
        var writer: DatabaseLock? = try DatabaseLock.acquire(database: workspace.database, mode: .shared, command: "score")
        let refused = workspace.run(["restore", "bk.sqlite"])
        #expect(refused.status == 75)
        #expect(refused.err.contains("written by pid \(getpid()) (score)"), "\(refused.err)")
        #expect(!refused.err.contains("ghost"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/holder-999999-1"))
        withExtendedLifetime(writer) {}
        writer = nil
        #expect(DatabaseLock.holders(of: workspace.database).isEmpty)
        #expect(workspace.run(["restore", "bk.sqlite"]).status == 0)
    }

    /// Another writer inside its write transaction: the command waits with one line, then exits 75
    /// with a message that names the database and says what to do; no SQL, no raw SQLite error.
    @Test func aBusyDatabaseIsTryAgainLater() throws {
        let workspace = try Self.workspaceWithBackup()
        defer { try? FileManager.default.removeItem(at: workspace.url) }
        _ = try Self.newCalls(workspace, "new.csv", count: 4)
        var other: DatabaseLock? = try DatabaseLock.acquire(database: workspace.database, mode: .shared, command: "ingest cdr big.csv")
        let busy = try Connection(path: workspace.database, create: false)
        try busy.execute("BEGIN IMMEDIATE")
        for arguments in [["ingest", "cdr", "new.csv"], ["score", "--as-of", "2026-10-31"], ["payroll", "close", "2026-10"],
                          ["weights", "pin", "a100", "50", "--reason", "coaching"]] {
            let result = workspace.run(["--wait", "1"] + arguments)
            #expect(result.status == 75, "\(arguments): \(result.err)")
            #expect(result.err.components(separatedBy: "waiting for the database").count == 2, "\(arguments): \(result.err)")
            #expect(result.err.contains("\(workspace.database) is busy"), "\(arguments): \(result.err)")
            #expect(result.err.contains("pid \(getpid()) (ingest cdr big.csv)"), "\(arguments): \(result.err)")
            #expect(result.err.contains("--wait"), "\(arguments): \(result.err)")
            for raw in ["while executing", "BEGIN IMMEDIATE", "SQLite error"] {
                #expect(!result.err.contains(raw), "\(arguments): \(result.err)")
            }
        }
        // Once the other writer is done, the waiting one goes on and stores its rows.
        let ingest = Background(["--wait", "600", "ingest", "cdr", "new.csv"], in: workspace)
        #expect(ingest.waitForError("waiting for the database"))
        try busy.execute("ROLLBACK")
        withExtendedLifetime(other) {}
        other = nil
        #expect(ingest.finish() == 0, "\(ingest.captured.err)")
        #expect(try Self.calls(workspace.database, like: "new.csv-%") == 4)
    }

    /// Root writing to a database another user owns (the daemon's) leaves the lock to that user.
    @Test func theLockBelongsToTheDatabasesOwner() throws {
        try withWorkspace { workspace in
            #expect(workspace.run("init").status == 0)
            try FileManager.default.removeItem(atPath: DatabaseLock.folder(forResolved: workspace.database))
            #expect(chown(workspace.database, 65534, 65534) == 0)
            #expect(workspace.run("init").status == 0)
            for path in ["callmeter.sqlite.locks", "callmeter.sqlite.locks/write.lock"] {
                let owner = (try FileManager.default.attributesOfItem(atPath: workspace.path(path)))[.ownerAccountID] as? NSNumber
                #expect(owner?.intValue == (geteuid() == 0 ? 65534 : Int(geteuid())), "\(path)")
            }
        }
    }

    @Test(arguments: [["--wait", "soon", "init"], ["--wait", "-1", "init"], ["init", "--wait"]])
    func waitTakesWholeSeconds(_ arguments: [String]) throws {
        try withWorkspace { workspace in
            let result = workspace.run(arguments)
            #expect(result.status == 64, "\(result.err)")
            #expect(result.err.contains("--wait"))
        }
    }

    /// Reading commands take no lock: they run while a restore holds it.
    @Test func readersDoNotWait() throws {
        let workspace = try Self.workspaceWithBackup()
        defer { try? FileManager.default.removeItem(at: workspace.url) }
        let restore = try DatabaseLock.acquire(database: workspace.database, mode: .exclusive, command: "restore bk.sqlite")
        for arguments in [["status"], ["check"], ["scores"], ["weights", "--dry-run"], ["payroll", "2026-10"]] {
            let result = workspace.run(["--wait", "0"] + arguments)
            #expect(result.status != 75, "\(arguments): \(result.err)")
        }
        withExtendedLifetime(restore) {}
    }
}
