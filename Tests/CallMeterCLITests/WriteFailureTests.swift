import CallMeter
import CallMeterCLI
import Foundation
import Testing

/// Disk full and unwritable destinations: ingest, payroll export and feed publish fail with exit 1
/// and an `Error: …` naming the path, and leave the database and the previous outputs as they were.
///
/// As root, `chmod` does not stop writes, so an unwritable destination is a path whose parent is a
/// regular file (ENOTDIR). A full disk is a small tmpfs mounted for the test; where `mount` is not
/// allowed, those variants are skipped with the reason.
@Suite(.serialized) struct WriteFailureTests {
    /// A tmpfs of `size` mounted on a new folder; `nil` (with the reason) when mounting is not allowed.
    final class SmallDisk {
        let path: String
        init?(size: String, reason: inout String) {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-tmpfs-\(UUID().uuidString)").path
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let status = Self.shell("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path])
            guard status == 0 else {
                reason = "mount -t tmpfs failed (exit \(status)): no privilege to mount here"
                try? FileManager.default.removeItem(atPath: path)
                return nil
            }
        }

        deinit {
            _ = Self.shell("/usr/bin/umount", [path])
            try? FileManager.default.removeItem(atPath: path)
        }

        /// Fills the disk with a file `filler` until a write fails with ENOSPC.
        func fill() {
            let fd = open(path + "/filler", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            guard fd >= 0 else { return }
            let block = [UInt8](repeating: 0x5a, count: 4096)
            while block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
            let one: [UInt8] = [0]
            while one.withUnsafeBytes({ write(fd, $0.baseAddress, 1) }) > 0 {}
            close(fd)
        }

        func free() { unlink(path + "/filler") }

        /// Gives `bytes` of the filler back, so that a writer gets that far before ENOSPC.
        func leave(bytes: Int) {
            var info = stat()
            guard stat(path + "/filler", &info) == 0 else { return }
            _ = truncate(path + "/filler", max(0, info.st_size - off_t(bytes)))
        }

        /// Remounts the disk read-only (EROFS for every writer, root included) or writable again.
        func setReadOnly(_ readOnly: Bool) -> Bool {
            Self.shell("/usr/bin/mount", ["-o", readOnly ? "remount,ro" : "remount,rw", path]) == 0
        }

        /// Files in the disk's root other than the filler.
        var files: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0 != "filler" }.sorted() }

        static func shell(_ executable: String, _ arguments: [String]) -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { return -1 }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static func bytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map(Array.init) }

    /// The October fixtures ingested into the workspace's database and scored as of 2026-10-31.
    static func ingestFixturesAndScore(_ workspace: Workspace) {
        let fixtures = packageRoot.appendingPathComponent("Fixtures")
        for kind in ["agents", "cdr", "ratings"] {
            #expect(workspace.run(["ingest", kind, fixtures.appendingPathComponent("\(kind).csv").path]).status == 0)
        }
        #expect(workspace.run(["score", "--as-of", "2026-10-31"]).status == 0)
    }

    static func temporaryFiles(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.contains(".tmp") }
    }

    // MARK: payroll export

    @Test func exportBelowAFileFailsAndKeepsThePreviousExport() throws {
        try withWorkspace { workspace in
            for (kind, file) in [("agents", "agents.csv"), ("cdr", "cdr.csv")] {
                #expect(workspace.run(["ingest", kind, packageRoot.appendingPathComponent("Fixtures/\(file)").path]).status == 0)
            }
            let good = workspace.path("october.csv")
            #expect(workspace.run(["payroll", "2026-10", "--export", good]).status == 0)
            #expect(mode(good) == 0o640)
            let previous = Self.bytes(good)
            try workspace.write("file.txt", "a regular file")
            let bad = workspace.path("file.txt/out.csv")
            let failed = workspace.run(["payroll", "2026-10", "--export", bad])
            #expect(failed.status == 1)
            #expect(failed.err.hasPrefix("Error: cannot write \(bad): "), "\(failed.err)")
            #expect(failed.err.contains("Not a directory"), "\(failed.err)")
            #expect(Self.bytes(good) == previous)
            #expect(Self.temporaryFiles(in: workspace.url.path).isEmpty)
            #expect(workspace.run(["check"]).status == 0)
        }
    }

    @Test func exportOnAFullDiskFailsAndKeepsThePreviousExport() throws {
        var reason = ""
        guard let disk = SmallDisk(size: "64k", reason: &reason) else {
            print("SKIPPED exportOnAFullDiskFailsAndKeepsThePreviousExport: \(reason)")
            return
        }
        try withWorkspace { workspace in
            for (kind, file) in [("agents", "agents.csv"), ("cdr", "cdr.csv")] {
                #expect(workspace.run(["ingest", kind, packageRoot.appendingPathComponent("Fixtures/\(file)").path]).status == 0)
            }
            let export = disk.path + "/october.csv"
            #expect(workspace.run(["payroll", "2026-10", "--export", export]).status == 0)
            let previous = Self.bytes(export)
            #expect(previous?.isEmpty == false)
            disk.fill()
            let failed = workspace.run(["payroll", "2026-10", "--export", export])
            #expect(failed.status == 1)
            #expect(failed.err.hasPrefix("Error: cannot write \(export): "), "\(failed.err)")
            #expect(failed.err.contains("No space left on device"), "\(failed.err)")
            #expect(Self.bytes(export) == previous)
            #expect(disk.files == ["october.csv"])
            disk.free()
            #expect(workspace.run(["check"]).status == 0)
        }
    }

    // MARK: feed publish

    static let agents = """
        agent_id,name,sip_uri,active,dispatch_set
        a100,Anna Keller,sip:a100@127.0.0.1:5071,true,1
        a200,Marco Rossi,sip:a200@127.0.0.1:5072,true,1

        """

    static let run = scoringRun(7, "2026-10-31", [("a100", 853, "excellent"), ("a200", 612, "watch")])

    @Test func publishBelowAFileFailsAndKeepsThePreviousFeed() throws {
        let fixture = try WeightsCLIFixture(agentsCSV: Self.agents)
        fixture.runs = [Self.run]
        #expect(fixture.run(["weights", "publish"]).status == 0)
        let feed = fixture.directory.appendingPathComponent("feeds/dispatcher.list").path
        let previous = Self.bytes(feed)
        try Data("a regular file".utf8).write(to: fixture.directory.appendingPathComponent("file.txt"))
        let bad = fixture.directory.appendingPathComponent("file.txt/w.csv").path
        let failed = fixture.run(["weights", "publish", "--format", "csv", "--out", bad])
        #expect(failed.status == 1)
        #expect(failed.err.hasPrefix("Error: "), "\(failed.err)")
        #expect(failed.err.contains(bad) || failed.err.contains(fixture.directory.appendingPathComponent("file.txt").path), "\(failed.err)")
        #expect(Self.bytes(feed) == previous)
        #expect(Self.temporaryFiles(in: fixture.directory.appendingPathComponent("feeds").path).isEmpty)
        #expect(fixture.run(["check"]).status == 0)
        // The failed publish stored no version: the next one is version 2.
        #expect(fixture.run(["weights", "publish", "--force"]).out.hasPrefix("Published version 2 "))
    }

    @Test func publishOnAFullDiskFailsAndKeepsThePreviousFeed() throws {
        var reason = ""
        guard let disk = SmallDisk(size: "64k", reason: &reason) else {
            print("SKIPPED publishOnAFullDiskFailsAndKeepsThePreviousFeed: \(reason)")
            return
        }
        let fixture = try WeightsCLIFixture(agentsCSV: Self.agents)
        fixture.runs = [Self.run]
        let feed = disk.path + "/w.csv"
        #expect(fixture.run(["weights", "publish", "--format", "csv", "--out", feed]).status == 0)
        let previous = Self.bytes(feed)
        let before = disk.files
        disk.fill()
        let failed = fixture.run(["weights", "publish", "--format", "csv", "--out", feed, "--force"])
        #expect(failed.status == 1)
        #expect(failed.err.hasPrefix("Error: "), "\(failed.err)")
        #expect(failed.err.contains(disk.path), "\(failed.err)")
        #expect(failed.err.contains("No space left on device"), "\(failed.err)")
        #expect(Self.bytes(feed) == previous)
        #expect(disk.files == before)
        disk.free()
        #expect(fixture.run(["check"]).status == 0)
    }

    // MARK: ingest

    @Test func ingestOnAFullDiskFailsAndKeepsTheDatabase() throws {
        var reason = ""
        guard let disk = SmallDisk(size: "2m", reason: &reason) else {
            print("SKIPPED ingestOnAFullDiskFailsAndKeepsTheDatabase: \(reason)")
            return
        }
        try withWorkspace { workspace in
            let database = disk.path + "/callmeter.sqlite"
            let agents = packageRoot.appendingPathComponent("Fixtures/agents.csv").path
            #expect(workspace.run(["--db", database, "ingest", "agents", agents]).status == 0)
            let before = workspace.run(["--db", database, "check"])
            #expect(before.status == 0)
            disk.fill()
            let cdr = packageRoot.appendingPathComponent("Fixtures/cdr.csv").path
            let failed = workspace.run(["--db", database, "ingest", "cdr", cdr])
            #expect(failed.status == 1)
            #expect(failed.err.hasPrefix("Error: "), "\(failed.err)")
            // On a full disk SQLite cannot even create the WAL index when it opens the database.
            #expect(failed.err.hasPrefix("Error: the disk holding the database \(database) is full: free some space"), "\(failed.err)")
            disk.free()
            let after = workspace.run(["--db", database, "check"])
            #expect(after.status == 0, "\(after.out)\(after.err)")
            #expect(after.out == before.out)
            #expect(disk.files.filter { $0.contains(".tmp") }.isEmpty)
            // Nothing of the failed file went in: ingesting it now works from scratch.
            #expect(workspace.run(["--db", database, "ingest", "cdr", cdr]).status == 0)
        }
    }

    /// The disk fills up in the middle of the ingest's transaction (the database opened, rows were
    /// being written): the transaction rolls back, nothing of the file is stored, and the same file
    /// goes in whole once there is room again.
    @Test func ingestRunningOutOfSpaceMidwayRollsBack() throws {
        var reason = ""
        guard let disk = SmallDisk(size: "8m", reason: &reason) else {
            print("SKIPPED ingestRunningOutOfSpaceMidwayRollsBack: \(reason)")
            return
        }
        try withWorkspace { workspace in
            let generated = workspace.path("generated")
            #expect(workspace.run(["generate", "--agents", "40", "--days", "5", "--calls-per-day", "4000", "--seed", "7",
                                   "--out", generated]).status == 0)
            let database = disk.path + "/callmeter.sqlite"
            #expect(workspace.run(["--db", database, "ingest", "agents", generated + "/agents.csv"]).status == 0)
            let before = workspace.run(["--db", database, "status"])
            disk.fill()
            // Room to open the database (its WAL index and first WAL pages), not for 20,000 calls.
            disk.leave(bytes: 256 << 10)
            let failed = workspace.run(["--db", database, "ingest", "cdr", generated + "/cdr.csv"])
            #expect(failed.status == 1)
            #expect(failed.err.hasPrefix("Error: "), "\(failed.err)")
            #expect(!failed.err.contains("cannot open database"), "failed at open, not midway: \(failed.err)")
            #expect(failed.err.hasPrefix("Error: \(generated)/cdr.csv: not stored in \(database), nothing of it was kept: "
                                         + "the disk holding the database \(database) is full: free some space"), "\(failed.err)")
            #expect(failed.err.components(separatedBy: "\n").filter { $0.hasPrefix("Error: ") }.count == 1, "\(failed.err)")
            disk.free()
            let check = workspace.run(["--db", database, "check"])
            #expect(check.status == 0, "\(check.out)\(check.err)")
            #expect(workspace.run(["--db", database, "status"]).out == before.out)
            let again = workspace.run(["--db", database, "ingest", "cdr", generated + "/cdr.csv"])
            #expect(again.status == 0, "\(again.err)")
            #expect(again.out.contains("20000 cdr rows: 20000 stored, 0 rejected"), "\(again.out)")
        }
    }

    // MARK: read-only file system

    /// Outputs on a read-only mount (EROFS, which stops root too): export, publish and the report
    /// fail with an `Error:` naming the path; the previous outputs and the database stay as they were.
    @Test func readOnlyFolderFailsExportPublishAndReportAndKeepsThePreviousOutputs() throws {
        var reason = ""
        guard let disk = SmallDisk(size: "1m", reason: &reason) else {
            print("SKIPPED readOnlyFolderFailsExportPublishAndReportAndKeepsThePreviousOutputs: \(reason)")
            return
        }
        try withWorkspace { workspace in
            Self.ingestFixturesAndScore(workspace)
            let export = disk.path + "/october.csv"
            let report = disk.path + "/report.html"
            let feed = disk.path + "/weights.csv"
            #expect(workspace.run(["payroll", "2026-10", "--export", export]).status == 0)
            #expect(workspace.run(["report", "--html", report, "--as-of", "2026-10-31"]).status == 0)
            #expect(workspace.run(["weights", "publish", "--format", "csv", "--out", feed]).status == 0)
            let previous = [export, report, feed].map { Self.bytes($0) }
            #expect(previous.allSatisfy { $0?.isEmpty == false })
            // The feed's age ("… (1 s old)") moves on with the clock: compare the rest.
            func status() -> [Substring] { workspace.run(["status"]).out.split(separator: "\n").filter { !$0.hasPrefix("Feed:") } }
            let statusBefore = status()
            let filesBefore = disk.files
            guard disk.setReadOnly(true) else {
                Issue.record("mount -o remount,ro failed although mounting worked")
                return
            }
            defer { _ = disk.setReadOnly(false) }

            let failures: [(String, [String])] = [
                ("export", ["payroll", "2026-10", "--export", export]),
                ("report", ["report", "--html", report, "--as-of", "2026-10-31"]),
                ("publish", ["weights", "publish", "--format", "csv", "--out", feed, "--force"]),
            ]
            for (what, arguments) in failures {
                let failed = workspace.run(arguments)
                #expect(failed.status == 1, "\(what): \(failed.out)\(failed.err)")
                #expect(failed.err.hasPrefix("Error: "), "\(what): \(failed.err)")
                #expect(failed.err.contains(disk.path), "\(what) does not name the path: \(failed.err)")
                #expect(failed.err.contains("Read-only file system"), "\(what): \(failed.err)")
            }
            #expect([export, report, feed].map { Self.bytes($0) } == previous)
            #expect(disk.files == filesBefore)
            #expect(status() == statusBefore)
            #expect(workspace.run(["check"]).status == 0)
            // The failed publish stored no version.
            #expect(disk.setReadOnly(false))
            #expect(workspace.run(["weights", "publish", "--format", "csv", "--out", feed, "--force"]).out.hasPrefix("Published version 2 "))
        }
    }

    /// A database on a read-only mount: ingest fails at once, saying the folder is not writable
    /// (SQLite needs its -wal and -shm files beside the database), and the database is unchanged.
    @Test func ingestIntoADatabaseOnAReadOnlyMountSaysWhy() throws {
        var reason = ""
        // Room for the database and the write-ahead log of creating it (20 migrations: about 1 MB
        // together; at 1m the disk filled up, which is another test's failure, not this one's).
        guard let disk = SmallDisk(size: "4m", reason: &reason) else {
            print("SKIPPED ingestIntoADatabaseOnAReadOnlyMountSaysWhy: \(reason)")
            return
        }
        try withWorkspace { workspace in
            let database = disk.path + "/callmeter.sqlite"
            let agents = packageRoot.appendingPathComponent("Fixtures/agents.csv").path
            #expect(workspace.run(["--db", database, "ingest", "agents", agents]).status == 0)
            let before = Self.bytes(database)
            guard disk.setReadOnly(true) else {
                Issue.record("mount -o remount,ro failed although mounting worked")
                return
            }
            defer { _ = disk.setReadOnly(false) }
            let cdr = packageRoot.appendingPathComponent("Fixtures/cdr.csv").path
            let failed = workspace.run(["--db", database, "ingest", "cdr", cdr])
            #expect(failed.status == 1)
            #expect(failed.err.hasPrefix("Error: cannot open the database \(database): "), "\(failed.err)")
            #expect(failed.err.contains("(the folder \(disk.path)) is mounted read-only; remount it read-write"), "\(failed.err)")
            #expect(Self.bytes(database) == before)
            #expect(disk.setReadOnly(false))
            #expect(workspace.run(["--db", database, "check"]).status == 0)
            #expect(workspace.run(["--db", database, "ingest", "cdr", cdr]).status == 0)
        }
    }

    // MARK: report

    @Test func reportOnAFullDiskFailsAndKeepsThePreviousReport() throws {
        var reason = ""
        guard let disk = SmallDisk(size: "256k", reason: &reason) else {
            print("SKIPPED reportOnAFullDiskFailsAndKeepsThePreviousReport: \(reason)")
            return
        }
        try withWorkspace { workspace in
            Self.ingestFixturesAndScore(workspace)
            let report = disk.path + "/report.html"
            #expect(workspace.run(["report", "--html", report, "--as-of", "2026-10-31"]).status == 0)
            let previous = Self.bytes(report)
            disk.fill()
            let failed = workspace.run(["report", "--html", report, "--as-of", "2026-10-31"])
            #expect(failed.status == 1)
            #expect(failed.err.hasPrefix("Error: cannot write \(report): "), "\(failed.err)")
            #expect(failed.err.contains("No space left on device"), "\(failed.err)")
            #expect(Self.bytes(report) == previous)
            #expect(disk.files == ["report.html"])
            disk.free()
        }
    }
}
