import Foundation
import Testing
@testable import CallMeter

@Test func layoutsOfTheRulesFileAndPresets() throws {
    let rules = try AsteriskRules.parse("""
    {
      "layouts": {
        "mine": ["start", "answer", "end", "", "dst", "channel", "dstchannel", "duration", "billsec", "disposition", "uniqueid"],
        "us-resave": { "columns": ["calldate", "dst", "channel", "dstchannel", "duration", "billsec", "disposition"], "dates": "M/D/YYYY" }
      }
    }
    """)
    #expect(rules.layoutNames == ["cdr-custom-sample", "freepbx13-cdr-table", "mine", "us-resave"])
    #expect(rules.layout(named: "mine")?.columns.count == 11)
    #expect(rules.layout(named: "mine")?.dates == .isoYearMonthDay)
    #expect(rules.layout(named: "us-resave")?.dates == .monthDayYear)
    #expect(rules.layout(named: "cdr-custom-sample")?.columns.first == "clid")
    #expect(rules.layout(named: "cdr-custom-sample")?.columns.last == "sequence")
    #expect(rules.layout(named: "freepbx13-cdr-table")?.columns.count == 25)
    #expect(rules.layout(named: "nope") == nil)
}

@Test(arguments: [
    (#"{"layouts": {"x": ["calldate", "dst", "chanel"]}}"#, "layouts.x[2]",
     "\"chanel\" is not a column of the Asterisk CDR; use \"\" for a column CallMeter should not read"),
    (#"{"layouts": {"x": ["calldate", "dst", "dst"]}}"#, "layouts.x[2]", "\"dst\" is named twice"),
    (#"{"layouts": {"x": ["calldate", "dst", "channel"]}}"#, "layouts.x",
     "a layout needs the columns dstchannel, duration, billsec, disposition (missing)"),
    (#"{"layouts": {"x": ["dst", "channel", "dstchannel", "duration", "billsec", "disposition"]}}"#, "layouts.x",
     "a layout needs calldate, or start (with answer and end)"),
    (#"{"layouts": {"x": {"columns": [], "dates": "DD.MM.YYYY"}}}"#, "layouts.x.dates",
     "unknown date order \"DD.MM.YYYY\": use \"YYYY-MM-DD\", \"D/M/YYYY\", \"M/D/YYYY\""),
    (#"{"layouts": {"x": {"colums": []}}}"#, "layouts.x.columns", "missing required key \"columns\""),
    (#"{"layouts": {"x": "clid,src"}}"#, "layouts.x", "expected an object, found a string (\"clid,src\")"),
    (#"{"layouts": {"-x": ["calldate"]}}"#, "layouts.-x", "a layout's name must be 1 to 64 bytes long and not start with '-'"),
])
func badLayouts(_ text: String, _ keyPath: String, _ reason: String) {
    let error = #expect(throws: RulesError.self) { try AsteriskRules.parse(text) }
    #expect(error?.keyPath == keyPath)
    #expect(error?.reason == reason)
}

@Test(arguments: [
    ("1/9/2017 16:33:01", WallClockDates.dayMonthYear, "2017-09-01T16:33:01Z"),
    ("01/09/2017 6:03:01", .dayMonthYear, "2017-09-01T06:03:01Z"),
    ("9/1/2017 16:33:01", .monthDayYear, "2017-09-01T16:33:01Z"),
    ("2017-09-01 16:33:01", .isoYearMonthDay, "2017-09-01T16:33:01Z"),
])
func spreadsheetDates(_ text: String, _ dates: WallClockDates, _ expected: String) throws {
    let value = try Array(text.utf8).withUnsafeBufferPointer { bytes throws(FieldError) in try Timestamp.parseWallClock(bytes, dates: dates) }
    #expect(Timestamp.formatUTC(value) == expected)
}

@Test(arguments: [
    ("31/2/2017 10:00:00", "'31/2/2017 10:00:00' is not a time like 25/10/2026 2:30:00 (D/M/YYYY H:MM:SS): no such date"),
    ("1/9/2017 24:00:00", "'1/9/2017 24:00:00' is not a time like 25/10/2026 2:30:00 (D/M/YYYY H:MM:SS): no such time of day"),
    ("1/9/2017 16:33", "'1/9/2017 16:33' is not a time like 25/10/2026 2:30:00 (D/M/YYYY H:MM:SS)"),
    ("2017-09-01 16:33:01", "'2017-09-01 16:33:01' is not a time like 25/10/2026 2:30:00 (D/M/YYYY H:MM:SS)"),
    ("1/9/17 16:33:01", "'1/9/17 16:33:01' is not a time like 25/10/2026 2:30:00 (D/M/YYYY H:MM:SS): no such date"),
])
func badSpreadsheetDates(_ text: String, _ reason: String) {
    let error = #expect(throws: FieldError.self) {
        try Array(text.utf8).withUnsafeBufferPointer { bytes throws(FieldError) in try Timestamp.parseWallClock(bytes, dates: .dayMonthYear) }
    }
    #expect(error?.reason == reason)
}

private let customRow = #""""Ann"" <1001>","0791234567","800","from-queue","SIP/carrier-00000001","SIP/1001-00000002","Dial","SIP/1001","2026-10-14 10:00:00","2026-10-14 10:00:05","2026-10-14 10:01:05","65","60","ANSWERED","DOCUMENTATION","","1791972000.1","",1"#

/// With `--layout` every row must have the layout's columns; a `cdr_csv` row with a field count
/// a layout has says which layout fits.
@Test func layoutRowsAndHints() throws {
    let scratch = try ScratchStore()
    let file = try scratch.file("Master.csv", customRow + "\n" + customRow.replacingOccurrences(of: ",\"\",1", with: "") + "\n")
    var settings = ScratchStore.settings(.asteriskCSV, zone: "UTC")
    settings.asteriskLayout = AsteriskRules().layout(named: "cdr-custom-sample")
    let report = try Ingestion(store: scratch.store).ingest(file: file, kind: .cdr, settings: settings)
    #expect(report.rowsAccepted == 1)
    #expect(report.firstRejects.map(\.reason) == ["expected 19 fields (layout cdr-custom-sample), found 17"])
    #expect(try scratch.calls() == [
        StoredCall(callID: "1791972000.1", hotline: "800", agent: "1001", started: "2026-10-14T10:00:00Z", answered: "2026-10-14T10:00:05Z",
                   ended: "2026-10-14T10:01:05Z", disposition: "answered", talk: 60),
    ])

    let other = try ScratchStore()
    let plain = try other.ingest(try other.file("Master.csv", customRow + "\n"), .asteriskCSV, zone: "UTC")
    #expect(plain.firstRejects.map(\.reason) == [
        "expected 16, 17, 18 or 21 fields (the cdr_csv layout), found 19; its fields fit --format asterisk-csv --layout cdr-custom-sample",
    ])
}

/// A header-less file given to the native format: the first row is data (on main:
/// `column '…' appears twice`), and the fields say which format fits.
@Test func headerlessFileToNativeSaysWhichFormatFits() throws {
    let scratch = try ScratchStore()
    let file = try scratch.file("Master.csv", customRow + "\n")
    let error = #expect(throws: IngestFileError.self) {
        try Ingestion(store: scratch.store).ingest(file: file, kind: .cdr, settings: ScratchStore.settings(.native))
    }
    #expect(error == .header(line: 1, column: 1, reason: "the first row looks like data, not a header (none of its 19 fields names a column): "
        + "its fields fit --format asterisk-csv --layout cdr-custom-sample"))

    let unknown = try scratch.file("numbers.csv", "27,27,3\n1,2,3\n")
    let plain = #expect(throws: IngestFileError.self) {
        try Ingestion(store: scratch.store).ingest(file: unknown, kind: .cdr, settings: ScratchStore.settings(.native))
    }
    #expect(plain == .header(line: 1, column: 1, reason: "the first row looks like data, not a header (none of its 3 fields names a column): "
        + "give the file a header row that names the columns (see the README), or, for a PBX's own file, the --format it was written "
        + "in (asterisk-csv with --layout for a header-less Asterisk CDR, freeswitch-csv)"))
}
