import CallMeterCLI
import Foundation
import Testing

// `callmeter payroll unpriced PERIOD`: every call the period cannot price, and why.

private let unpricedCalls = """
    call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds
    NEW-2,+41800900900,a200,2026-10-13T08:00:00Z,2026-10-13T08:00:05Z,2026-10-13T08:05:00Z,answered,295
    NEW-1,+41800900900,a100,2026-10-12T08:00:00Z,2026-10-12T08:00:05Z,2026-10-12T08:05:00Z,answered,295
    OK-1,+41800100100,a100,2026-10-12T09:00:00Z,2026-10-12T09:00:05Z,2026-10-12T09:05:00Z,answered,295
    OLD-1,+41800100100,a100,2025-12-31T10:00:00Z,2025-12-31T10:00:05Z,2025-12-31T10:05:00Z,answered,295

    """

@Test func payrollUnpricedListsEachCallWithHotlineTierAndWhy() throws {
    try withWorkspace { workspace in
        let file = try workspace.write("cdr.csv", unpricedCalls)
        #expect(workspace.run("ingest", "cdr", file).status == 0)

        let october = workspace.run("payroll", "unpriced", "2026-10")
        #expect(october.status == 0, "\(october.err)")
        #expect(october.out == """
            CALL ID  AGENT  LOCAL START          HOTLINE       TIER  WHY
            NEW-1    a100   2026-10-12 10:00:00  +41800900900  -     no tier for the hotline (not in tiers.json "hotlines")
            NEW-2    a200   2026-10-13 10:00:00  +41800900900  -     no tier for the hotline (not in tiers.json "hotlines")
            2 calls of 2026-10 earn nothing until tiers.json prices them (give each hotline a tier, and each tier a rate from the call's date).

            """)
        // The summary counts the same calls.
        #expect(workspace.run("payroll", "2026-10").out.contains("(2 calls):"))

        let december = workspace.run("payroll", "unpriced", "2025-12")
        #expect(december.status == 0, "\(december.err)")
        #expect(december.out.contains("OLD-1    a100   2025-12-31 11:00:00  +41800100100  order  no rate on that date "
                                      + "(the tier's first rate starts 2026-01-01, tiers.json tiers[0].rates)"))
        #expect(december.out.hasSuffix("1 call of 2025-12 earns nothing until tiers.json prices it (give each hotline a tier, and each tier a rate from the call's date).\n"))

        #expect(workspace.run("payroll", "unpriced", "2026-09").out == "Every call of 2026-09 is priced.\n")

        let csv = workspace.run("payroll", "unpriced", "2026-10", "--csv", "unpriced.csv")
        #expect(csv.status == 0, "\(csv.err)")
        #expect(csv.out == "Wrote \(workspace.path("unpriced.csv")) (2 unpriced calls of 2026-10)\n")
        #expect(mode(workspace.path("unpriced.csv")) == 0o640)
        let text = try String(contentsOfFile: workspace.path("unpriced.csv"), encoding: .utf8)
        #expect(text == """
            call_id,agent_id,local_start,hotline,tier,reason,adjustment_of\r
            NEW-1,a100,2026-10-12 10:00:00,'+41800900900,,"no tier for the hotline (not in tiers.json ""hotlines"")",\r
            NEW-2,a200,2026-10-13 10:00:00,'+41800900900,,"no tier for the hotline (not in tiers.json ""hotlines"")",\r

            """)

        // Closed with --allow-unrated: the calls the close left unpaid.
        #expect(workspace.run("payroll", "close", "2026-10", "--allow-unrated").status == 0)
        let closed = workspace.run("payroll", "unpriced", "2026-10")
        #expect(closed.status == 0, "\(closed.err)")
        #expect(closed.out.contains("NEW-1    a100   2026-10-12 10:00:00  +41800900900  -     left unpaid: the period was closed with --allow-unrated"))
        #expect(closed.out.contains("2 calls of 2026-10 earn nothing"))
    }
}

@Test(arguments: [
    (["payroll", "unpriced"], "needs a PERIOD"),
    (["payroll", "unpriced", "2026-10", "--export", "x.csv"], "takes only a PERIOD and --csv FILE"),
    (["payroll", "2026-10", "--csv", "x.csv"], "--csv goes with 'payroll unpriced PERIOD'"),
])
func payrollUnpricedUsageErrors(_ arguments: [String], _ message: String) throws {
    try withWorkspace { workspace in
        let result = workspace.run(arguments)
        #expect(result.status == 64)
        #expect(result.err.contains(message), "\(result.err)")
    }
}
