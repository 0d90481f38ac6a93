import CallMeter
import CallMeterCLI
import CallMeterTestSupport
import Foundation
import Testing

/// Every command that writes, run against a database that cannot be written and against a folder
/// that does not exist, says which path and what to do: never a raw SQLite error or SQL text alone.
///
/// Tests run as root, which ignores file modes, so "read-only" is made two ways root cannot write
/// through either: the immutable attribute (`chattr +i`, what `chmod 444` is for other users; SQLite
/// then opens the file read-only and its writes fail with SQLITE_READONLY), and a tmpfs remounted
/// read-only (EROFS for everything, the lock folder included).
@Suite(.serialized) struct DatabaseMessageTests {
    /// The writing commands, each one that would change something in the database prepared by `prepare`.
    static let writers: [[String]] = [
        ["ingest", "cdr", "new.csv"],
        ["ingest", "agents", "agents-new.csv"],
        ["score", "--as-of", "2026-10-30"],
        ["weights", "--as-of", "2026-10-29"],
        ["weights", "publish", "--as-of", "2026-10-29", "--force"],
        ["weights", "rollback", "--out", "feed.csv", "--format", "csv"],
        ["weights", "pin", "a200", "50", "--reason", "coaching"],
        ["weights", "unpin", "a100"],
        ["payroll", "close", "2026-10"],
        ["restore", "bk.sqlite"],
    ]

    /// Fixtures ingested and scored (two runs), a feed published twice, a pin, a backup, and the
    /// input files of `writers`.
    static func prepare(_ workspace: Workspace, database: String) throws {
        func run(_ arguments: [String]) throws {
            let result = workspace.run(["--db", database] + arguments)
            try #require(result.status == 0, "\(arguments): \(result.err)")
        }
        for kind in ["agents", "cdr", "ratings"] {
            try run(["ingest", kind, packageRoot.appendingPathComponent("Fixtures/\(kind).csv").path])
        }
        try run(["score", "--as-of", "2026-10-29"])
        try run(["score", "--as-of", "2026-10-31"])
        try run(["weights", "publish", "--as-of", "2026-10-31", "--out", "feed.csv", "--format", "csv"])
        try run(["weights", "publish", "--as-of", "2026-10-31", "--out", "feed.csv", "--format", "csv", "--force"])
        try run(["weights", "pin", "a100", "50", "--reason", "new hire"])
        try run(["backup", "bk.sqlite"])
        try workspace.write("new.csv", CDR.file(CDR.row("N1", agent: "a100"), CDR.row("N2", agent: "a200")))
        try workspace.write("agents-new.csv", "agent_id,name,sip_uri,active,started_on,dispatch_set\nz900,Zed,,true,2026-01-01,1\n")
    }

    /// The message is one a user can act on: it names `path`, gives `remedy`, shows no SQL.
    static func expectActionable(_ result: RunResult, _ arguments: [String], path: String, remedy: String) {
        #expect(result.status != 0, "\(arguments) succeeded: \(result.out)")
        #expect(result.err.contains(path), "\(arguments): \(result.err)")
        #expect(result.err.contains(remedy), "\(arguments): \(result.err)")
        for raw in ["while executing", "INSERT INTO", "UPDATE ", "DELETE FROM", "BEGIN", "SQLite error"] {
            #expect(!result.err.contains(raw), "\(arguments): \(result.err)")
        }
    }

    static func shell(_ executable: String, _ arguments: [String]) -> Int32 {
        WriteFailureTests.SmallDisk.shell(executable, arguments)
    }

    @Test func aReadOnlyDatabaseFileIsNamedWithTheRemedy() throws {
        try withWorkspace { workspace in
            try Self.prepare(workspace, database: workspace.database)
            try #require(Self.shell("/usr/bin/chattr", ["+i", workspace.database]) == 0, "chattr +i is needed on the test's file system")
            defer { _ = Self.shell("/usr/bin/chattr", ["-i", workspace.database]) }
            let before = try Data(contentsOf: URL(fileURLWithPath: workspace.database))
            for arguments in Self.writers {
                let result = workspace.run(["--wait", "0"] + arguments)
                Self.expectActionable(result, arguments, path: workspace.database,
                                      remedy: arguments[0] == "restore" ? "was not replaced" : "chattr -i")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.database)) == before)
        }
    }

    @Test func aReadOnlyFileSystemIsNamedWithTheRemedy() throws {
        var reason = ""
        let disk = try #require(WriteFailureTests.SmallDisk(size: "64m", reason: &reason), "\(reason)")
        try withWorkspace { workspace in
            let database = disk.path + "/callmeter.sqlite"
            try Self.prepare(workspace, database: database)
            try #require(disk.setReadOnly(true))
            defer { _ = disk.setReadOnly(false) }
            for arguments in Self.writers + [["init"]] {
                let fresh = arguments == ["init"] ? disk.path + "/new.sqlite" : database
                let result = workspace.run(["--db", fresh, "--wait", "0"] + arguments)
                Self.expectActionable(result, arguments, path: fresh, remedy: "read-only")
            }
        }
    }

    @Test func aMissingFolderIsNamed() throws {
        try withWorkspace { workspace in
            try Self.prepare(workspace, database: workspace.database)
            let folder = "/no/such/dir-\(UUID().uuidString)"
            for arguments in Self.writers + [["init"]] {
                let result = workspace.run(["--db", folder + "/x.sqlite"] + arguments)
                Self.expectActionable(result, arguments, path: "the folder \(folder) does not exist", remedy: "create")
                #expect(!result.err.contains("key"), "\(arguments): \(result.err)")
            }
            let backup = workspace.run(["backup", folder + "/b.sqlite"])
            Self.expectActionable(backup, ["backup"], path: "the folder \(folder) does not exist", remedy: "create")
            #expect(!backup.err.contains(".tmp"), "\(backup.err)")
        }
    }
}
