import Foundation
import CallMeterTestSupport
import Testing

/// A cumulative daily ratings export: each day's file holds every earlier day's rows and the new
/// ones. The repeated rows are duplicates (exit 0), never rejects; a changed rating is a conflict.
@Test func cumulativeDailyRatingsExportProducesNoRejects() throws {
    try withWorkspace { workspace in
        let calls = try workspace.write("calls.csv", CDR.file(CDR.row("C001"), CDR.row("C002"), CDR.row("C003"), CDR.row("C004")))
        #expect(workspace.run("ingest", "cdr", calls).status == 0)
        let header = "call_id,rating,question,rated_at\n"
        let days = [
            "C001,5,overall,2026-10-01T10:06:00Z\nC001,4,resolved,2026-10-01T10:06:00Z\n",
            "C002,3,overall,2026-10-02T09:00:00Z\n",
            "C003,2,overall,2026-10-03T11:30:00Z\nC009,4,overall,2026-10-03T12:00:00Z\n",
        ]
        var expected: [(stored: Int, duplicates: Int)] = [(2, 0), (1, 2), (2, 3)]
        for day in days.indices {
            let file = try workspace.write("ratings-day\(day + 1).csv", header + days[...day].joined())
            let result = workspace.run("ingest", "ratings", file)
            #expect(result.status == 0, "\(result.err)")
            let (stored, duplicates) = expected.removeFirst()
            let rows = stored + duplicates
            let duplicatesText = duplicates == 0 ? "" : ", \(duplicates) duplicate\(duplicates == 1 ? "" : "s")"
            #expect(result.out.contains("\(file): \(rows) ratings rows: \(stored) stored\(duplicatesText), 0 rejected"), "\(result.out)")
            #expect(!result.err.contains("rejected") && !result.err.contains("conflict"))
        }
        #expect(workspace.run("status").out.contains("Ratings:  5 (1 pending"))

        // Day 4: the export changed a rating already sent: a conflict naming where the stored one came from.
        let day4 = try workspace.write("ratings-day4.csv", header + days.joined().replacingOccurrences(of: "C002,3", with: "C002,1"))
        let result = workspace.run("ingest", "ratings", day4)
        #expect(result.status == 65)
        #expect(result.out.contains("\(day4): 5 ratings rows: 0 stored, 4 duplicates, 1 rejected"))
        #expect(result.err.contains(
            "\(day4):4:1: call_id: conflicts with the rating of question 'overall' stored from \(workspace.path("ratings-day2.csv")) line 4 (rating 3 there, 1 here)"))
    }
}
