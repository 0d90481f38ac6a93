import CallMeter
import CallMeterCLI
import Foundation
import Testing

/// routing.json's `after_publish` command through the CLI: run after `weights publish` and
/// `weights rollback` with its argv as written and the feed in its environment, recorded and
/// shown by `status`; a failing or timing-out command leaves the feed published (exit 0, a loud
/// warning); a shell string instead of an argv array is refused.
private func hookFixture(_ hook: String, timeout: Int = 30) throws -> WeightsCLIFixture {
    let fixture = try WeightsCLIFixture(agentsCSV: """
        agent_id,name,sip_uri,active,dispatch_set
        a1,Agent 1,sip:a1@10.0.0.1,true,1
        a2,Agent 2,sip:a2@10.0.0.2,true,1

        """)
    fixture.runs = [scoringRun(1, "2026-10-31", [("a1", 853, "excellent"), ("a2", 612, "watch")])]
    let rules = fixture.directory.appendingPathComponent("rules")
    try FileManager.default.copyItem(at: fixture.rules, to: rules)
    let routing = rules.appendingPathComponent("routing.json")
    let text = try String(contentsOf: routing, encoding: .utf8)
    let edited = text.replacingOccurrences(of: #""after_publish_timeout_seconds": 30"#,
                                           with: "\"after_publish\": \(hook),\n    \"after_publish_timeout_seconds\": \(timeout)")
    try #require(edited != text)
    try Data(edited.utf8).write(to: routing)
    fixture.rules = rules
    return fixture
}

/// Who the fixture's publishes are recorded as (the OS user; `USER` is not trusted).
private let publisher = OSUser.current(environment: ["USER": "ignored"])

@Test func theHookRunsAfterPublishAndRollbackWithItsArgvAndTheFeedInItsEnvironment() throws {
    // $1 is one argument with a space: no shell split it. Written relative to the working
    // directory, the database's folder.
    let fixture = try hookFixture(#"""
        ["/bin/sh", "-c", "printf '%s|%s|%s|%s\\n' \"$CALLMETER_FEED_VERSION\" \"$CALLMETER_FEED_FORMAT\" \"$CALLMETER_FEED_PATH\" \"$1\" >> hook.log; echo reloaded", "hook", "one argument"]
        """#)
    let published = fixture.run(["weights", "publish", "--format", "kamailio-rweight"])
    #expect(published.status == 0, "\(published.err)")
    #expect(published.out.contains("After_publish [\"/bin/sh\", \"-c\", ") && published.out.contains("after version 1: ok (exit 0)"))
    #expect(published.out.contains("  | reloaded"))
    let path = try #require(published.out.split(separator: "\n").first?.split(separator: " to ").last?.split(separator: ":").first)
    #expect(fixture.text("hook.log") == "1|kamailio-rweight|\(path)|one argument\n")

    #expect(fixture.run(["weights", "pin", "a2", "60", "--reason", "coaching"]).status == 0)
    #expect(fixture.run(["weights", "publish", "--format", "kamailio-rweight"]).status == 0)
    #expect(fixture.run(["weights", "rollback", "--format", "kamailio-rweight"]).status == 0)
    #expect(fixture.text("hook.log") == "1|kamailio-rweight|\(path)|one argument\n2|kamailio-rweight|\(path)|one argument\n"
            + "3|kamailio-rweight|\(path)|one argument\n")

    let status = fixture.run(["status"])
    #expect(status.out.contains("Hook:     after_publish [\"/bin/sh\", \"-c\", "))
    #expect(status.out.contains("after feed v3 at 2026-11-02T05:00:00Z by \(publisher): ok (exit 0)"))
}

@Test func aFailingHookIsRecordedAndShownButTheFeedStaysPublished() throws {
    let fixture = try hookFixture(#"["/bin/sh", "-c", "echo dispatcher reload refused >&2; exit 3"]"#)
    let published = fixture.run(["weights", "publish", "--format", "kamailio-rweight"])
    #expect(published.status == 0)
    #expect(published.err.contains("Warning: after_publish") && published.err.contains("after version 1: FAILED: exit status 3. Version 1 IS published"))
    #expect(published.err.contains("  | dispatcher reload refused"))
    #expect(fixture.text("feeds/dispatcher-rweight.list")?.contains("# version 1\n") == true)
    #expect(fixture.run(["status"]).out.contains("after feed v1 at 2026-11-02T05:00:00Z by \(publisher): FAILED: exit status 3"))

    // A program that does not exist: recorded as not started, the feed published all the same.
    let missing = try hookFixture(#"["callmeter-no-such-reload-command"]"#)
    let result = missing.run(["weights", "publish", "--format", "csv"])
    #expect(result.status == 0)
    #expect(result.err.contains("FAILED: not started: no executable callmeter-no-such-reload-command in the PATH"))
    #expect(missing.text("feeds/weights.csv") != nil)
}

@Test func aHookThatOutrunsItsTimeoutIsKilledWithItsProcessGroupAndRecorded() throws {
    // The hook starts a sleeper in its process group and waits for it: both must be killed.
    let fixture = try hookFixture(#"["/bin/sh", "-c", "sleep 300 & echo $! > sleeper.pid; echo started; wait"]"#, timeout: 1)
    let published = fixture.run(["weights", "publish", "--format", "json"])
    #expect(published.status == 0)
    #expect(published.err.contains("TIMED OUT after 1 s: its process group was killed. Version 1 IS published"))
    #expect(published.err.contains("  | started"))
    #expect(fixture.text("feeds/weights.json") != nil)
    #expect(fixture.run(["status"]).out.contains("after feed v1 at 2026-11-02T05:00:00Z by \(publisher): TIMED OUT after 1 s"))
    let pid = try #require(fixture.text("sleeper.pid").flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
    // Killed; once init has reaped it, the PID is gone (at most 10 s, polled).
    var gone = false
    for _ in 0..<200 where !gone {
        gone = kill(pid, 0) != 0 && errno == ESRCH
        if !gone { usleep(50_000) }
    }
    #expect(gone, "the hook's sleeper \(pid) still runs")
}

@Test func aHookWritingMoreThanAPipeHoldsIsReadWhileItRunsAndCutAt4KiB() throws {
    let fixture = try hookFixture(#"["/bin/sh", "-c", "head -c 1000000 /dev/zero | tr '\\000' x; echo; echo done >&2"]"#)
    let published = fixture.run(["weights", "publish", "--format", "csv"])
    #expect(published.status == 0, "\(published.err)")
    #expect(published.out.contains("ok (exit 0)"))
    #expect(published.out.contains("  | " + String(repeating: "x", count: 4096) + "\n  | … (output cut after 4096 bytes)"))
}

@Test(arguments: [
    (#""kamcmd dispatcher.reload""#, #"found the string "kamcmd dispatcher.reload": the command is run without a shell"#),
    ("[]", "expected at least the program to run"),
    (#"["kamcmd", 5]"#, "after_publish[1]"),
    (#"[""]"#, "expected a non-empty string"),
])
func anAfterPublishThatIsNotAnArgvArrayIsRefused(hook: String, reason: String) throws {
    let fixture = try hookFixture(hook)
    let result = fixture.run(["weights", "publish", "--format", "csv"])
    #expect(result.status == 1)
    #expect(result.err.contains("routing.json") && result.err.contains("after_publish") && result.err.contains(reason), "\(result.err)")
    #expect(fixture.text("feeds/weights.csv") == nil)
}
