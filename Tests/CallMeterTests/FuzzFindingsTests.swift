import Foundation
import Testing
@testable import CallMeter

// Inputs the fuzz targets of Scripts/fuzz.sh found a problem with, reduced by hand: each stays
// here so that the problem cannot come back.

/// asterisk-cdr-table: a header with unnamed columns, and a quoted field left open in one of
/// them. The reject named an empty field; it must name the column instead.
@Test(arguments: [
    // An unterminated quote in the unnamed second column.
    ("calldate,,dst,channel,dstchannel,duration,billsec,disposition\n2026-10-01 10:00:00,\"x,800,SIP/a-1,SIP/b-2,10,5,ANSWERED\n",
     "column 2", "unterminated quoted field (the file ends inside quotes)"),
    // A wrong field count is the whole row's problem, not a column's.
    ("calldate,,dst,channel,dstchannel,duration,billsec,disposition\n2026-10-01 10:00:00,,800,SIP/a-1,SIP/b-2,10,5,ANSWERED,extra\n",
     "row", "expected 8 fields as in the header, found 9"),
])
func cdrTableRejectNamesAnUnnamedColumn(text: String, field: String, reason: String) throws {
    let scratch = try ScratchStore()
    let path = try scratch.file("cdr.csv", text)
    let report = try scratch.ingest(path, .asteriskCDRTable)
    #expect(report.rowsRejected == 1)
    let reject = try #require(report.firstRejects.first)
    #expect(reject.field == field)
    #expect(reject.reason == reason)
    #expect(reject.line == 2)
}
