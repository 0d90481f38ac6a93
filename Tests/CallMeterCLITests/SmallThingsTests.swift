import CallMeterCLI
import CallMeterTestSupport
import Foundation
import Testing

// Small things a user trips over (issue 14): plurals, help for an unknown command, week 53,
// a period of the wrong kind.

@Test func countsOfOneAreSingular() throws {
    try withWorkspace { workspace in
        let ratings = try workspace.write("ratings.csv", "call_id,rating\nC1,5\n")
        let pending = workspace.run("ingest", "ratings", ratings)
        #expect(pending.out == """
            \(ratings): 1 ratings row: 1 stored, 0 rejected (batch 1)
            1 rating is pending (its call is not ingested yet)

            """)
        let cdr = try workspace.write("cdr.csv", CDR.file(CDR.row("C1", hotline: "+41800100100")))
        let attached = workspace.run("ingest", "cdr", cdr)
        #expect(attached.out == "\(cdr): 1 cdr row: 1 stored, 0 rejected (batch 2)\n1 pending rating found its call\n")

        let export = workspace.run("payroll", "2026-10", "--export", workspace.path("oct.csv"))
        #expect(export.status == 0, "\(export.err)")
        #expect(export.out.contains("(rfc4180, 1 line, total "))

        let again = try workspace.write("again.csv", CDR.file(CDR.row("C1", hotline: "+41800100100"), CDR.row("C2")))
        let twice = workspace.run("ingest", "cdr", again)
        #expect(twice.status == 0)
        #expect(workspace.run("status").out.contains(": 1 stored, 1 duplicate, 0 rejected"))
    }
}

@Test func helpForAnUnknownCommandNamesItAndSuggestsHelp() throws {
    try withWorkspace { workspace in
        let result = workspace.run("help", "nope")
        #expect(result.status == 64)
        #expect(result.err == "Error: unknown command 'nope'\nSee 'callmeter help' for the list of commands.\n")
        #expect(!result.err.contains("help help"))
    }
}

@Test(arguments: [
    ("2027-W53", "\"2027-W53\" is not a pay period: 2027 has 52 ISO weeks, so its last week is 2027-W52"),
    ("2027-W54", "\"2027-W54\" is not a pay period: use 2026-11 (month)"),
])
func weekFiftyThreeOfAYearWithFiftyTwoSaysSo(_ period: String, _ message: String) throws {
    try withWorkspace { workspace in
        let result = workspace.run("payroll", period)
        #expect(result.status == 64)
        #expect(result.err.contains(message), "\(result.err)")
        // 2026 has 53 weeks: its week 53 is a period.
        #expect(!workspace.run("payroll", "2026-W53").err.contains("is not a pay period"))
    }
}

@Test(arguments: [["payroll", "2026-W47"], ["payroll", "close", "2026-11a"], ["payroll", "fairness", "2026-W47"]])
func aPeriodOfTheWrongKindIsAUsageError(_ arguments: [String]) throws {
    try withWorkspace { workspace in
        let cdr = try workspace.write("cdr.csv", CDR.file(CDR.row("C1")))
        #expect(workspace.run("ingest", "cdr", cdr).status == 0)
        let result = workspace.run(arguments)
        #expect(result.status == 64)
        #expect(result.err.contains("is not a monthly period, and payroll.json sets \"period\": \"monthly\""), "\(result.err)")
        #expect(result.err.contains("See 'callmeter help payroll'."))
    }
}
