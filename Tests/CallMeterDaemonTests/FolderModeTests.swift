import CallMeterDaemon
import Foundation
import Testing

/// Issue 13: folder modes must not follow the umask. Under umask 022 `inbox/cdr/` was 0750 and
/// under 077 0700 (README: 0770); under 077 `feeds/` was 0700 (the ACD could not read the 0644
/// feed), under 000 0777. The umask is the whole process's, so each case runs the real binaries
/// under `sh -c 'umask …; exec …'` and the test process keeps its own.
@Suite(.serialized) struct FolderModeTests {
    static func mode(_ path: String) -> String {
        var st = stat()
        guard lstat(path, &st) == 0 else { return "missing" }
        let bits = String(st.st_mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - bits.count)) + bits
    }

    @Test(arguments: ["000", "077"])
    func theDaemonCreatesEveryInboxFolderWithItsDocumentedMode(umask: String) throws {
        let scratch = try Scratch("modes-\(umask)")
        let rules = try scratch.copyRules()
        let inbox = scratch.file("inbox")
        // The inbox does not exist yet: the daemon creates all of it. A file is dropped through the
        // ratings folder the test creates first, so the archive gets a day folder and a note.
        let first = try DaemonProcess.run(
            ["--db", scratch.file("db.sqlite"), "--rules", rules, "--inbox", inbox, "--settle", "0", "--once"],
            logPath: scratch.file("first.log"), umask: umask)
        #expect(first.status == 0, "\(first.log)")
        try scratch.write("inbox/ratings/day.csv", "call_id,rating\nM1,3\nM2,9\n")
        try scratch.write("inbox/cdr/empty.csv", "")
        let second = try DaemonProcess.run(
            ["--db", scratch.file("db.sqlite"), "--rules", rules, "--inbox", inbox, "--settle", "0", "--once"],
            logPath: scratch.file("second.log"), umask: umask)
        #expect(second.status == 0, "\(second.log)")
        #expect(!second.log.contains("event=folder-mode"), "\(second.log)")

        var expected: [String: String] = ["": "0770", "/archive": "0750", "/failed": "0750", "/.callmeterd": "0700"]
        for kind in ["agents", "commitments", "cdr", "ratings", "asterisk-csv", "asterisk-queue-log", "freeswitch-csv"] { expected["/" + kind] = "0770" }
        for day in scratch.files(under: "inbox/archive").compactMap({ $0.split(separator: "/").first }) {
            expected["/archive/\(day)"] = "0750"
        }
        #expect(expected.count == 12)
        let found = expected.keys.reduce(into: [String: String]()) { $0[$1] = Self.mode(inbox + $1) }
        #expect(found == expected)
        // The notes the daemon writes: 0640 whatever the umask.
        let notes = scratch.files(under: "inbox/archive").filter { $0.hasSuffix(".rejects.csv") }
            + scratch.files(under: "inbox/failed").filter { $0.hasSuffix(".error.txt") }.map { "../failed/" + $0 }
        #expect(notes.count == 2)
        for note in notes { #expect(Self.mode(inbox + "/archive/" + note) == "0640", "\(note)") }
    }

    @Test(arguments: ["000", "077"])
    func demoAndGenerateCreateTheirFoldersAndTheFeedFolderWithTheirDocumentedModes(umask: String) throws {
        let scratch = try Scratch("cli-modes-\(umask)")
        let callmeter = try DaemonProcess.binary(named: "callmeter")
        let demo = try DaemonProcess.run(
            ["demo", "--dir", scratch.file("demo/run")], logPath: scratch.file("demo.log"), umask: umask, executable: callmeter)
        #expect(demo.status == 0, "\(demo.log)")
        // A missing parent gets the mode of the folder asked for.
        #expect(Self.mode(scratch.file("demo")) == "0750")
        #expect(Self.mode(scratch.file("demo/run")) == "0750")
        // The ACD reads the feed, often as another user.
        #expect(Self.mode(scratch.file("demo/run/feeds")) == "0755")
        let feeds = (try? FileManager.default.contentsOfDirectory(atPath: scratch.file("demo/run/feeds"))) ?? []
        #expect(!feeds.isEmpty)
        for feed in feeds { #expect(Self.mode(scratch.file("demo/run/feeds/" + feed)) == "0644", "\(feed)") }

        let generate = try DaemonProcess.run(
            ["generate", "--agents", "3", "--days", "1", "--calls-per-day", "5", "--seed", "1", "--out", scratch.file("generated")],
            logPath: scratch.file("generate.log"), umask: umask, executable: callmeter)
        #expect(generate.status == 0, "\(generate.log)")
        #expect(Self.mode(scratch.file("generated")) == "0750")
    }
}

/// An inbox folder that exists with another mode is left as it is (its owner may have chosen it)
/// and the daemon says so once at start-up.
@Test func anExistingInboxFolderWithAnotherModeIsLeftAndSaid() throws {
    let rig = try DaemonRig("mode-existing", at: "2026-06-01T12:00:00Z")
    #expect(mkdir(rig.scratch.file("inbox/cdr"), 0o700) == 0)
    #expect(chmod(rig.scratch.file("inbox/cdr"), 0o700) == 0)
    #expect(chmod(rig.scratch.file("inbox"), 0o770) == 0)
    try rig.daemon.startUp()
    #expect(FolderModeTests.mode(rig.scratch.file("inbox/cdr")) == "0700")
    let warnings = rig.lines.all.filter { $0.contains("event=folder-mode") }
    #expect(warnings.count == 1, "\(rig.lines.all)")
    #expect(warnings.first?.contains("folder=\(rig.scratch.file("inbox/cdr")) mode=0700 expected=0770") == true)
}
