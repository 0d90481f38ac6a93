import CallMeter
import CallMeterCLI
import CallMeterTestSupport
import Foundation
import Testing

/// The database lock between real processes: `callmeter ingest` and `callmeter restore`, and
/// `callmeterd` beside a `callmeter` writer. An ingest is held in the middle of its work by a write
/// transaction the test keeps open on the database (the ingest then waits inside SQLite, holding its
/// shared lock), so the race is the same every run.
@Suite(.serialized) struct DatabaseLockProcessTests {
    let scratch: Scratch
    let rules: String

    init() throws {
        scratch = try Scratch("dblock")
        rules = try scratch.copyRules()
    }

    var database: String { scratch.file("db.sqlite") }

    /// `callmeter ARGUMENTS` as a child process, its output in files.
    final class CLIProcess {
        let process = Process()
        let outPath: String
        let errPath: String

        init(_ arguments: [String], in scratch: Scratch, label: String) throws {
            outPath = scratch.file("\(label).out")
            errPath = scratch.file("\(label).err")
            for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            process.executableURL = try DaemonProcess.binary().deletingLastPathComponent().appendingPathComponent("callmeter")
            process.arguments = arguments
            process.currentDirectoryURL = scratch.url
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        deinit {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }

        var out: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
        var err: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

        func waitForExit() -> Int32? {
            guard waitUntil(timeout: 120, { !process.isRunning }) else { return nil }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    func callmeter(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let status = CLI.run(["--rules", rules] + arguments, console: captured.console, environment: [:], workingDirectory: scratch.url)
        return (status, captured.out, captured.err)
    }

    func calls(like pattern: String) throws -> Int64 {
        try Connection(path: database, create: false).scalarInt("SELECT count(*) FROM calls WHERE call_id LIKE ?", [.text(pattern)]) ?? -1
    }

    /// The database with the October fixtures and a backup of it, and `big.csv` of new calls.
    func prepare(calls: Int) throws {
        for kind in ["agents", "cdr", "ratings"] {
            let result = callmeter(["--db", database, "ingest", kind, Repository.root.appendingPathComponent("Fixtures/\(kind).csv").path])
            try #require(result.status == 0, "\(result.err)")
        }
        try #require(callmeter(["--db", database, "backup", scratch.file("bk.sqlite")]).status == 0)
        try scratch.write("big.csv", CDR.file((1...calls).map { CDR.row("BIG\($0)", agent: "a100") }))
    }

    /// Ingest first: restore is refused with 75 naming the ingest's pid and command, and every row the
    /// ingest acknowledges is in the live database. Through the database's path and through a link.
    @Test(arguments: [false, true])
    func restoreDuringAnIngestIsRefusedAndNothingIsLost(throughLink: Bool) throws {
        try prepare(calls: 2_000)
        let link = scratch.file("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "db.sqlite")
        let blocker = try Connection(path: database, create: false)
        try blocker.execute("BEGIN IMMEDIATE")
        let ingest = try CLIProcess(["--db", throughLink ? link : database, "--rules", rules, "--wait", "600", "ingest", "cdr", "big.csv"],
                                    in: scratch, label: "ingest")
        #expect(waitUntil(timeout: 60) { ingest.err.contains("waiting for the database") }, "\(ingest.err)")

        let restore = callmeter(["--db", throughLink ? database : link, "restore", "bk.sqlite"])
        #expect(restore.status == 75, "\(restore.err)")
        #expect(restore.err.contains("pid \(ingest.process.processIdentifier) (ingest cdr big.csv)"), "\(restore.err)")
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: scratch.path)).contains { $0.contains("before-restore") })

        try blocker.execute("ROLLBACK")
        #expect(ingest.waitForExit() == 0, "\(ingest.err)")
        #expect(ingest.out.contains("2000 stored"), "\(ingest.out)")
        #expect(try calls(like: "BIG%") == 2_000)
        // The lock is free again: now the restore may run, and says where the rows went.
        let later = callmeter(["--db", database, "--wait", "10", "restore", "bk.sqlite"])
        #expect(later.status == 0, "\(later.err)")
        #expect(later.out.contains("kept as"))
    }

    /// Restore first: while it holds the lock, an ingest process waits; its rows land in the restored
    /// database (the restore here is the library's, under the exclusive lock as `callmeter restore`
    /// takes it, so that it stays in the middle until the ingest is seen waiting).
    @Test func anIngestDuringARestoreWaitsAndStoresIntoTheRestoredDatabase() throws {
        try prepare(calls: 500)
        let lock = try DatabaseLock.acquire(database: database, mode: .exclusive, command: "restore bk.sqlite")
        let ingest = try CLIProcess(["--db", database, "--rules", rules, "--wait", "600", "ingest", "cdr", "big.csv"], in: scratch, label: "ingest")
        #expect(waitUntil(timeout: 60) { ingest.err.contains("held by pid \(getpid()) (restore bk.sqlite)") }, "\(ingest.err)")
        _ = try Maintenance.restore(backup: scratch.file("bk.sqlite"), database: database, stamp: "20261103T000000Z")
        withExtendedLifetime(lock) {}
        _ = consume lock
        #expect(ingest.waitForExit() == 0, "\(ingest.err)")
        #expect(ingest.out.contains("500 stored"), "\(ingest.out)")
        #expect(try calls(like: "BIG%") == 500)
    }

    /// callmeterd beside a `callmeter` writer in its write transaction: it waits, logs one line that
    /// names the writer, and no database errors; then does its work.
    @Test func theDaemonWaitsForAWriterWithOneLine() throws {
        try prepare(calls: 1)
        var writer: DatabaseLock? = try DatabaseLock.acquire(database: database, mode: .shared, command: "ingest cdr big.csv")
        let blocker = try Connection(path: database, create: false)
        try blocker.execute("BEGIN IMMEDIATE")
        try scratch.write("inbox/cdr/big.csv", try #require(scratch.read("big.csv")))
        let daemon = try DaemonProcess(["--db", database, "--rules", rules, "--inbox", scratch.file("inbox"), "--once", "--settle", "0"],
                                       logPath: scratch.file("daemon.log"))
        #expect(daemon.waitForLog("database-busy", "pid \(getpid()) (ingest cdr big.csv)"))
        usleep(300_000)
        try blocker.execute("ROLLBACK")
        withExtendedLifetime(writer) {}
        writer = nil
        #expect(daemon.waitForExit() == 0, "\(daemon.log)")
        let log = daemon.log
        #expect(log.components(separatedBy: "database-busy").count == 2, "\(log)")
        #expect(!log.contains("db-error") && !log.contains("database is locked") && !log.contains("retry-later"), "\(log)")
        #expect(log.contains("event=ingested"), "\(log)")
        #expect(try calls(like: "BIG%") == 1)
    }

    /// While callmeterd runs, restore is refused at once, through a link too.
    @Test func restoreIsRefusedWhileTheDaemonRuns() throws {
        try prepare(calls: 1)
        let daemon = try DaemonProcess(["--db", database, "--rules", rules, "--inbox", scratch.file("inbox"), "--poll", "1"],
                                       logPath: scratch.file("daemon.log"))
        #expect(daemon.waitForLog("event=started"))
        let link = scratch.file("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "db.sqlite")
        for path in [database, link] {
            let restore = callmeter(["--db", path, "restore", "bk.sqlite"])
            #expect(restore.status == 75, "\(restore.err)")
            #expect(restore.err.contains("callmeterd"), "\(restore.err)")
        }
        daemon.send(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    /// A database in a folder that does not exist: the daemon names the folder.
    @Test func theDaemonNamesAMissingDatabaseFolder() throws {
        let run = try DaemonProcess.run(["--db", "/no/such/dir/x.sqlite", "--rules", rules, "--inbox", scratch.file("inbox"), "--once"],
                                        logPath: scratch.file("daemon.log"))
        #expect(run.status == 1)
        #expect(run.log.contains("the folder /no/such/dir does not exist"), "\(run.log)")
        #expect(!run.log.contains("cannot take the lock"), "\(run.log)")
    }
}
