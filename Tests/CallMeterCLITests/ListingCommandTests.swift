import CallMeter
import CallMeterCLI
import CallMeterTestSupport
import Foundation
import Testing

// `callmeter rejects` and `callmeter status --pending`: what was not stored (or not attached),
// listed without sqlite3.

@Test func rejectsListsEveryStoredRejectNotOnlyTheFirstTwenty() throws {
    try withWorkspace { workspace in
        let file = try workspace.write("cdr.csv", CDR.file((0..<27).map { CDR.row("R\($0)", talk: "-1") }))
        // Every row rejected: a failed ingest (exit 1), whose rejects are listed all the same.
        #expect(workspace.run("ingest", "cdr", file).status == 1)
        let other = try workspace.write("other.csv", CDR.file(CDR.row("C1"), CDR.row("C2", disposition: "lost")))
        #expect(workspace.run("ingest", "cdr", other).status == 65)

        let all = workspace.run("rejects")
        #expect(all.status == 0)
        #expect(all.err.isEmpty)
        let lines = all.out.split(separator: "\n")
        #expect(lines.first?.hasPrefix("BATCH  FILE") == true)
        #expect(lines.count == 1 + 28 + 1)
        #expect(lines.filter { $0.contains("talk_seconds  must not be negative") }.count == 27)
        #expect(lines.contains { $0.contains("other.csv") && $0.contains("'lost' is not one of") })
        #expect(lines.last == "28 rejected rows in 2 batches.")

        let one = workspace.run("rejects", "--batch", "2")
        #expect(one.status == 0)
        #expect(one.out.split(separator: "\n").count == 3)
        #expect(one.out.hasSuffix("1 rejected row in 1 batch.\n"))

        let missing = workspace.run("rejects", "--batch", "9")
        #expect(missing.status == 1)
        #expect(missing.err.contains("there is no batch 9 in"))
        #expect(workspace.run("rejects", "--batch", "x").status == 64)
    }
}

@Test func rejectsWithoutAnyPrintsSoAndExitsZero() throws {
    try withWorkspace { workspace in
        let file = try workspace.write("cdr.csv", CDR.file(CDR.row("C1")))
        #expect(workspace.run("ingest", "cdr", file).status == 0)
        let result = workspace.run("rejects")
        #expect(result.status == 0)
        #expect(result.out == "No rejected rows stored.\n")
    }
}

/// The CSV is formula-guarded (a row and a file name starting with `=`), masked as stored, 0640.
@Test func rejectsCSVIsFormulaGuardedMaskedAndPrivate() throws {
    try withWorkspace { workspace in
        try workspace.write("=cmd.csv", CDR.file(CDR.row("C1"), CDR.row("=SUM(1)", disposition: "lost", caller: "+41 79 123 45 67")))
        #expect(workspace.run("ingest", "cdr", "=cmd.csv").status == 65)
        let export = workspace.run("rejects", "--csv", "out/rejects.csv")
        #expect(export.status == 1, "the folder out/ does not exist")
        #expect(export.err.hasPrefix("Error: cannot write \(workspace.path("out/rejects.csv")):"))

        let result = workspace.run("rejects", "--csv", "rejects.csv")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "Wrote \(workspace.path("rejects.csv")) (1 rejected row)\n")
        #expect(mode(workspace.path("rejects.csv")) == 0o640)
        let text = try String(contentsOfFile: workspace.path("rejects.csv"), encoding: .utf8)
        let rows = text.components(separatedBy: "\r\n")
        #expect(rows[0] == "batch,file,line,column,field,reason,raw")
        #expect(rows[1].hasPrefix("1,'=cmd.csv,3,"))
        #expect(rows[1].contains(",\"'=SUM(1),hot1,"))
        #expect(!rows[1].contains("79 123 45 67"), "the caller's number is masked in the stored row")
        #expect(rows[1].contains("+## ## ### ## ##"))
    }
}

/// Pending ratings, oldest received first, with how long each has waited by the command's clock.
@Test func statusPendingListsWaitingRatingsOldestFirst() throws {
    try withWorkspace { workspace in
        #expect(workspace.run("status", "--pending").status == 1, "no database yet")
        let first = try workspace.write("first.csv", "call_id,rating,rated_at\nC9,2,2026-10-01T08:00:00Z\nC1,5,\n")
        let second = try workspace.write("second.csv", "call_id,rating\nC7,4\n")
        #expect(workspace.run("ingest", "ratings", second).status == 0)
        #expect(workspace.run("ingest", "ratings", first).status == 0)
        // Received times are the batches' ingest times: fix them so the waits are known.
        let connection = try Connection(path: workspace.database, create: false)
        try connection.execute("UPDATE batches SET started_at_ms = 1790000000000 WHERE id = 1")  // 2026-09-21T14:13:20Z
        try connection.execute("UPDATE batches SET started_at_ms = 1789900000000 WHERE id = 2")  // 2026-09-20T10:26:40Z
        let now = Date(timeIntervalSince1970: 1_790_000_000 + 3 * 3600 + 17 * 60)
        let captured = CapturedConsole()
        let status = CLI.run(["status", "--pending"], console: captured.console, environment: [:], workingDirectory: workspace.url,
                             clock: { now })
        #expect(status == 0)
        #expect(captured.out == """
            CALL ID  QUESTION  RATING  RATED AT (UTC)        RECEIVED (UTC)           WAITING  FROM
            C9       overall        2  2026-10-01T08:00:00Z  2026-09-20T10:26:40Z     1 d 7 h  \(first):2
            C1       overall        5  -                     2026-09-20T10:26:40Z     1 d 7 h  \(first):3
            C7       overall        4  -                     2026-09-21T14:13:20Z  3 h 17 min  \(second):2
            3 ratings wait for their call: they are attached when a file with those calls is ingested.

            """)

        let csv = CapturedConsole()
        #expect(CLI.run(["status", "--pending", "--csv", "pending.csv"], console: csv.console, environment: [:],
                        workingDirectory: workspace.url, clock: { now }) == 0)
        #expect(csv.out == "Wrote \(workspace.path("pending.csv")) (3 pending ratings)\n")
        #expect(mode(workspace.path("pending.csv")) == 0o640)
        let written = try String(contentsOfFile: workspace.path("pending.csv"), encoding: .utf8)
        #expect(written == """
            call_id,question,rating,rated_at,received_at,waited_seconds,file,line\r
            C9,overall,2,2026-10-01T08:00:00Z,2026-09-20T10:26:40Z,111820,\(first),2\r
            C1,overall,5,,2026-09-20T10:26:40Z,111820,\(first),3\r
            C7,overall,4,,2026-09-21T14:13:20Z,11820,\(second),2\r

            """)

        let calls = try workspace.write("cdr.csv", CDR.file(CDR.row("C9"), CDR.row("C1"), CDR.row("C7")))
        #expect(workspace.run("ingest", "cdr", calls).status == 0)
        #expect(workspace.run("status", "--pending").out == "No ratings are pending: every rating's call is ingested.\n")
        #expect(workspace.run("status", "--csv", "x.csv").status == 64)
        #expect(workspace.run("status", "--pending", "--held").status == 64)
    }
}
