@testable import CallMeterDaemon
import Testing

@Test func optionsParseWithDefaultsAndResolvePaths() throws {
    let parsed = try DaemonOptions.parse(["--db", "x.sqlite", "--rules=Rules", "--inbox", "/srv/inbox/"], workingDirectory: "/home/op")
    var expected = DaemonOptions(databasePath: "/home/op/x.sqlite", rulesDirectory: "/home/op/Rules", inbox: "/srv/inbox")
    expected.nightly = NightlyTime(hour: 2, minute: 30)
    #expect(parsed == .run(expected))
    let all = try DaemonOptions.parse(
        ["--db", "/d", "--rules", "/r", "--inbox", "/i", "--nightly", "23:05", "--poll", "2", "--settle", "0", "--once"], workingDirectory: "/")
    guard case .run(let options) = all else {
        Issue.record("not a run: \(all)")
        return
    }
    #expect(options.nightly == NightlyTime(hour: 23, minute: 5))
    #expect(options.pollSeconds == 2 && options.settleSeconds == 0 && options.once)
    #expect(try DaemonOptions.parse(["--help"], workingDirectory: "/") == .help)
}

@Test func usageErrorsNameTheProblem() {
    let required = ["--db", "/d", "--rules", "/r", "--inbox", "/i"]
    let cases: [([String], String)] = [
        ([], "--db PATH is required"),
        (["--db", "/d", "--inbox", "/i"], "--rules DIR is required"),
        (["--db", "/d", "--rules", "/r"], "--inbox DIR is required"),
        (required + ["--nightly", "25:00"], "--nightly takes a local time HH:MM (00:00 to 23:59), not '25:00'"),
        (required + ["--poll", "0"], "--poll takes a whole number of seconds from 1 to 86400, not '0'"),
        (required + ["--settle", "-1"], "--settle takes a whole number of seconds from 0 to 86400, not '-1'"),
        (required + ["--poll"], "--poll needs a value"),
        (required + ["--verbose"], "unknown option '--verbose'"),
        (required + ["extra"], "unexpected argument 'extra'"),
        (required + ["--once=yes"], "--once takes no value"),
    ]
    for (arguments, message) in cases {
        #expect(throws: DaemonUsageError(message)) { try DaemonOptions.parse(arguments, workingDirectory: "/") }
    }
}
