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

/// A semicolon-separated file (as a German spreadsheet saves CSV) is not "missing columns" only.
@Test(arguments: [
    ("cdr", "call_id;hotline;agent_id;started_at;answered_at;ended_at;disposition;talk_seconds\nC1;+41800100100;a1;2026-10-01T10:00:00Z;2026-10-01T10:00:05Z;2026-10-01T10:05:00Z;answered;295\n"),
    ("ratings", "call_id;rating\nC1;5\n"),
    ("agents", "agent_id;name;active\na1;Anna;true\n"),
])
func aSemicolonSeparatedFileIsDiagnosed(_ kind: String, _ text: String) throws {
    try withWorkspace { workspace in
        let file = try workspace.write("semicolons.csv", text)
        let result = workspace.run("ingest", kind, file)
        #expect(result.status == 1)
        #expect(result.err.contains("\(file):1:1: missing required column"), "\(result.err)")
        #expect(result.err.contains("the header looks semicolon-separated"), "\(result.err)")
        #expect(result.err.contains("save it again as CSV with commas"))
        // A header that merely lacks a column does not get the hint.
        let comma = try workspace.write("comma.csv", "call_id,hotline\nC1,x\n")
        #expect(!workspace.run("ingest", kind, comma).err.contains("semicolon"))
    }
}

/// A Latin-1 (Windows-1252) file: one error for the file, with the iconv command; nothing stored.
@Test func aWindows1252FileIsOneClearErrorNotARejectPerRow() throws {
    try withWorkspace { workspace in
        let header = Array("agent_id,name,active\n".utf8)
        let rows: [[UInt8]] = [
            Array("a1,Zo".utf8) + [0xEB] + Array(" M".utf8) + [0xFC] + Array("ller,true\n".utf8),
            Array("a2,Ren".utf8) + [0xE9] + Array(",true\n".utf8),
            Array("a3,Anna,true\n".utf8),
        ]
        let file = try workspace.write("latin1.csv", header + rows.joined())
        let result = workspace.run("ingest", "agents", file)
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        #expect(result.err == "Error: \(file): the file is not UTF-8: 2 of its 3 rows are not valid UTF-8 but are valid Windows-1252 "
                + "(Latin-1), as a spreadsheet on Windows saves CSV; convert it with `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8.csv` "
                + "and ingest the converted file\n")
        let status = workspace.run("status").out
        #expect(status.contains("Batches:  0, rejected rows: 0"), "nothing of the file is recorded: \(status)")

        // One stray byte in a UTF-8 file is still a reject of that row only.
        let mostlyUTF8 = try workspace.write("one-bad.csv", header + rows[1] + Array("a3,Anna,true\na4,Zoë,true\n".utf8))
        let one = workspace.run("ingest", "agents", mostlyUTF8)
        #expect(one.status == 65)
        #expect(one.err.contains(":2:7: name: not valid UTF-8"), "\(one.err)")
    }
}

/// A pin on an inactive agent is accepted (kept for when the agent is active again) with a warning.
@Test func pinningAnInactiveAgentWarnsThatItIsInNoFeed() throws {
    try withWorkspace { workspace in
        let agents = try workspace.write("agents.csv", "agent_id,name,active\na1,Anna,false\na2,Ben,true\n")
        #expect(workspace.run("ingest", "agents", agents).status == 0)
        let inactive = workspace.run("weights", "pin", "a1", "50", "--reason", "coaching")
        #expect(inactive.status == 0, "\(inactive.err)")
        #expect(inactive.out.hasPrefix("Pinned a1 at weight 50"))
        #expect(inactive.err == "Warning: a1 is inactive in the agent directory, so it is not in any feed: this pin has no effect "
                + "until the directory makes the agent active again.\n")
        let active = workspace.run("weights", "pin", "a2", "50", "--reason", "coaching")
        #expect(active.status == 0)
        #expect(active.err.isEmpty)
    }
}
