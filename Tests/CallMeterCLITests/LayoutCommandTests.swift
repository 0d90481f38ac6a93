import Foundation
import Testing

private let customRow = #""""Ann"" <1001>","0791234567","800","from-queue","SIP/carrier-00000001","SIP/1001-00000002","Dial","SIP/1001","2026-10-14 10:00:00","2026-10-14 10:00:05","2026-10-14 10:01:05","65","60","ANSWERED","DOCUMENTATION","","1791972000.1","",1"#

@Test func layoutPresetIngestsCDRCustom() throws {
    try withWorkspace { workspace in
        try workspace.write("Master.csv", customRow + "\n")
        let result = workspace.run("ingest", "cdr", "--format", "asterisk-csv", "--layout", "cdr-custom-sample", "--timezone", "UTC", "Master.csv")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == """
            Master.csv: 1 cdr row: 1 stored, 0 rejected (batch 1)
            Master.csv: 1 new call, 0 legs merged into calls

            """)
    }
}

/// A layout of the user's own `asterisk.json`, here with American spreadsheet dates.
@Test func layoutOfTheRulesFile() throws {
    try withWorkspace { workspace in
        try workspace.write("Rules/asterisk.json", """
            { "layouts": { "short": { "columns": ["calldate", "dst", "channel", "dstchannel", "duration", "billsec", "disposition", "uniqueid"],
                                      "dates": "M/D/YYYY" } } }
            """)
        try workspace.write("cdr.csv", "\"10/14/2026 10:00:00\",\"800\",\"SIP/carrier-1\",\"SIP/1001-2\",\"65\",\"60\",\"ANSWERED\",\"1791972000.1\"\n")
        let result = workspace.run("ingest", "cdr", "--format", "asterisk-csv", "--layout", "short", "--timezone", "UTC", "cdr.csv")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == """
            cdr.csv: 1 cdr row: 1 stored, 0 rejected (batch 1)
            cdr.csv: 1 new call, 0 legs merged into calls

            """)
    }
}

@Test(arguments: [
    (["ingest", "cdr", "--format", "asterisk-csv", "--layout", "nope", "x.csv"],
     "Error: unknown layout 'nope': use cdr-custom-sample, freepbx13-cdr-table (built in, or under \"layouts\" in asterisk.json)\n"),
    (["ingest", "cdr", "--layout", "cdr-custom-sample", "x.csv"], "Error: --layout is only for --format asterisk-csv\n"),
    (["ingest", "cdr", "--format", "asterisk-cdr-table", "--layout", "cdr-custom-sample", "x.csv"],
     "Error: --layout is only for --format asterisk-csv\n"),
    (["ingest", "cdr", "--format", "asterisk-csv", "--layout", "cdr-custom-sample", "--columns", "uniqueid", "x.csv"],
     "Error: --columns is for cdr_csv's 17-column rows; a --layout names every column itself: give one of them\n"),
])
func layoutUsageErrors(_ arguments: [String], _ message: String) throws {
    try withWorkspace { workspace in
        let result = workspace.run(arguments)
        #expect(result.status == 64)
        #expect(result.err == message + "See 'callmeter help ingest'.\n")
    }
}

@Test func freeSWITCHFormatThroughTheCLI() throws {
    try withWorkspace { workspace in
        let row = [
            "0791234567", "0791234567", "1001", "default", "2026-10-14 10:00:00", "2026-10-14 10:00:10", "2026-10-14 10:02:10", "130", "120",
            "NORMAL_CLEARING", "aaaaaaaa-0000-4000-8000-000000000001", "", "", "PCMU", "PCMU",
        ].map { "\"\($0)\"" }.joined(separator: ",") + "\n"
        try workspace.write("Master.csv", row)
        let result = workspace.run("ingest", "cdr", "--format", "freeswitch-csv", "--timezone", "UTC", "Master.csv")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err == "")
        #expect(result.out == """
            Master.csv: 1 cdr row: 1 stored, 0 rejected (batch 1)
            Master.csv: 1 new call, 0 legs merged into calls

            """)
        // Given to the native format, the file says which format it is.
        try workspace.write("Copy.csv", row + row)
        let native = workspace.run("ingest", "cdr", "Copy.csv")
        #expect(native.status == 1)
        #expect(native.err == "Error: Copy.csv:1:1: the first row looks like data, not a header (none of its 15 fields names a column): "
            + "its fields fit --format freeswitch-csv\n")
    }
}

@Test func brokenFreeSWITCHRulesAreAnError() throws {
    try withWorkspace { workspace in
        try workspace.write("Rules/freeswitch.json", "{\n  \"agent_pattern\": \"[0-9]+\"\n}\n")
        try workspace.write("Master.csv", "x\n")
        let result = workspace.run("ingest", "cdr", "--format", "freeswitch-csv", "Master.csv")
        #expect(result.status == 1)
        #expect(result.err.contains("freeswitch.json:2:20"), "\(result.err)")
        #expect(result.err.contains("needs a capture group"), "\(result.err)")
    }
}
