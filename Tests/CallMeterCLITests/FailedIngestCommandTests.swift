import Foundation
import CallMeterTestSupport
import Testing

/// A native call-record file read as `--format asterisk-csv`: every row is rejected (a failed
/// ingest, exit 1, its rejects shown and listed); read as what it is, it is stored.
@Test func fileOfWhichEveryRowIsRejectedFailsAndCanBeIngestedAgainWithTheRightFormat() throws {
    try withWorkspace { workspace in
        let file = try workspace.write("calls.csv", CDR.file(CDR.row("C001"), CDR.row("C002")))
        let wrong = workspace.run("ingest", "cdr", "--format", "asterisk-csv", "--timezone", "UTC", file)
        #expect(wrong.status == 1)
        #expect(wrong.out.contains("\(file): 3 cdr rows: 0 stored, 3 rejected (batch 1)"))
        #expect(wrong.err.contains("\(file):1:"))
        #expect(wrong.err.contains("Error: \(file): no row could be stored (3 rows rejected): the file is not counted as ingested."))
        #expect(wrong.err.contains("check the kind (cdr), --format, --timezone and --columns, then ingest it again"))
        #expect(wrong.err.contains("callmeter rejects --batch 1"))

        // Its rejects stay listed.
        let rejects = workspace.run("rejects", "--batch", "1")
        #expect(rejects.status == 0)
        #expect(rejects.out.contains("calls.csv"))

        // Tried again the same way: the same failure, not "already ingested".
        let same = workspace.run("ingest", "cdr", "--format", "asterisk-csv", "--timezone", "UTC", file)
        #expect(same.status == 1)
        #expect(!same.out.contains("already ingested"))

        let right = workspace.run("ingest", "cdr", file)
        #expect(right.status == 0)
        #expect(right.out.contains("\(file): 2 cdr rows: 2 stored, 0 rejected"))
        #expect(workspace.run("ingest", "cdr", file).out.contains("already ingested"))
    }
}

/// Ratings on a 0–10 scale ingested while `rating_scale` says 1–5: all rejected, exit 1. Once the
/// center's scale is corrected the same bytes, with the same kind, format and options, are stored.
@Test func ratingsAllOutsideTheScaleFailAndAreStoredOnceTheScaleIsFixed() throws {
    try withWorkspace { workspace in
        let file = try workspace.write("ratings.csv", "call_id,rating\nC001,9\nC002,7\n")
        let wrong = workspace.run("ingest", "ratings", file)
        #expect(wrong.status == 1)
        #expect(wrong.err.contains("\(file):2:6: rating: 9 is outside the rating scale 1–5"))
        #expect(wrong.err.contains("check the kind (ratings) and the rating scale (rating_scale in Rules/center.json)"))

        try workspace.write("Rules/center.json", #"{ "timezone": "Europe/Zurich", "currency": "CHF", "rating_scale": { "min": 0, "max": 10 } }"#)
        let right = workspace.run("ingest", "ratings", file)
        #expect(right.status == 0)
        #expect(right.out.contains("\(file): 2 ratings rows: 2 stored, 0 rejected"))
    }
}

/// A header alone stores nothing and refuses nothing: ingested (0 rows), exit 0, once.
@Test func headerOnlyFileIsIngestedWithNoRows() throws {
    try withWorkspace { workspace in
        let file = try workspace.write("empty.csv", CDR.file())
        let first = workspace.run("ingest", "cdr", file)
        #expect(first.status == 0)
        #expect(first.out.contains("\(file): 0 cdr rows: 0 stored, 0 rejected (batch 1)"))
        #expect(workspace.run("ingest", "cdr", file).out.contains("already ingested"))
    }
}

/// A queue_log of which every event is rejected changes nothing else (found by the fuzzer): its
/// COMPLETEAGENT, rejected, took away the ENTERQUEUE an earlier file held for the call, so the same
/// file tried again was held instead of failing the same way, and the call could never be completed.
@Test func aQueueLogOfWhichEveryEventIsRejectedLeavesTheHeldEventsOfEarlierFiles() throws {
    try withWorkspace { workspace in
        let enter = try workspace.write("part1.log", """
            1791971000|1791971995.100|NONE|Agent/1003|AGENTLOGIN|SIP/agent1003-00000001
            1791972000|1791971995.100|support|NONE|ENTERQUEUE||0791972005.101|4

            """)
        // The COMPLETEAGENT's epoch has a digit too many (more than 24 h after the ENTERQUEUE).
        let broken = try workspace.write("part2.log", """
            17919762250|1791971995.100|support|Agent/1003|COMPLETEAGENT|10|240|1
            1791973000|1791971000.OFF|SIP/agent1003-00000001|2000

            """)
        let fixed = try workspace.write("part2-fixed.log", """
            1791976225|1791971995.100|support|Agent/1003|COMPLETEAGENT|10|240|1

            """)
        let queueLog = ["ingest", "cdr", "--format", "asterisk-queue-log", "--timezone", "UTC"]
        #expect(workspace.run(queueLog + [enter]).status == 0)
        let first = workspace.run(queueLog + [broken])
        #expect(first.status == 1)
        #expect(first.out.contains("2 cdr rows: 0 stored, 2 rejected"), "\(first.out)")
        let again = workspace.run(queueLog + [broken])
        #expect(again.status == 1)
        #expect(again.out.contains("2 cdr rows: 0 stored, 2 rejected"), "\(again.out)")
        // The ENTERQUEUE is still held: the corrected file completes the call.
        let completed = workspace.run(queueLog + [fixed])
        #expect(completed.status == 0)
        #expect(completed.out.contains("1 new call"), "\(completed.out)")
    }
}
