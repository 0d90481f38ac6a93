import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

// No customer number is stored in clear: not in an unknown column of a rejected row, not in the
// hotline field of an outbound call.

@Test(arguments: [
    ("0791234567", "##########"),
    ("+41 79 123 45 67", "+## ## ### ## ##"),
    ("(044) 123-45-67", "(###) ###-##-##"),
    ("tel:0041791234567;x", "tel:#############;x"),
    ("12345", "12345"),
    ("ext 1234 room 56", "ext 1234 room 56"),
    ("2026-10-01T08:00:00Z", "####-##-##T08:00:00Z"),
    ("20261001080000", "##############"),
    ("a 123 b 456", "a 123 b 456"),
    ("1 2 3 4 5 6", "# # # # # #"),
    ("12  34 -- 56", "12  34 -- 56"),
])
func longDigitRunsAreMasked(_ text: String, _ masked: String) {
    #expect(PhoneNumberMask.masked(text) == masked)
}

/// A file with an unknown `ani` column; row 3 is rejected (a bad disposition).
private func fileWithAni(_ number: String) -> String {
    """
    call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,ani
    A1,hot1,a1,2026-10-01T10:00:00Z,2026-10-01T10:00:10Z,2026-10-01T10:05:10Z,answered,300,"\(number)"
    A2,hot1,a1,2026-10-01T11:00:00Z,2026-10-01T11:00:10Z,2026-10-01T11:05:10Z,hung up,300,"\(number)"

    """
}

@Test(arguments: ["0791234567", "+41 79 765 43 21"])
func aNumberInAnUnknownColumnIsMaskedInTheStoredReject(_ number: String) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let report = try Ingestion(store: store).ingest(file: try scratch.write("cdr.csv", fileWithAni(number)), kind: .cdr)
        #expect(report.rowsAccepted == 1)
        #expect(report.rowsRejected == 1)
        let digits = number.filter(\.isNumber)
        let raw = try #require(try store.text("SELECT CAST(raw AS TEXT) FROM rejects"))
        #expect(!raw.filter(\.isNumber).contains(digits), "\(raw)")
        // Ids and times stay readable; the rejected field too.
        #expect(raw.hasPrefix("A2,hot1,a1,2026-10-01T11:00:00Z,2026-10-01T11:00:10Z,2026-10-01T11:05:10Z,hung up,300,"), "\(raw)")
        let bytes = databaseBytes(store.path)
        for trace in [number, digits, String(digits.suffix(7))] {
            #expect(!contains(bytes, trace), "found \(trace) in the database files")
        }
    }
}

@Test func aNumberQuotedInAReasonIsMasked() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("cdr.csv", CDR.file(CDR.row("C001"), CDR.row("C002", disposition: "0791234567")))
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.rowsRejected == 1)
        let reason = try #require(report.firstRejects.first?.reason)
        #expect(reason == "'##########' is not one of answered, transferred, abandoned, missed")
        #expect(!contains(databaseBytes(store.path), "0791234567"))
    }
}

/// Outbound rows as producers write them: the number dialled in `caller` (the format), in
/// `hotline` with no `caller`, in both.
@Test(arguments: [
    (hotline: "+41800100100", caller: "+41 79 765 43 21", storedHotline: "+41800100100"),
    (hotline: "+41 79 765 43 21", caller: "", storedHotline: "outbound"),
    (hotline: "0041797654321", caller: "+41 79 765 43 21", storedHotline: "outbound"),
])
func anOutboundCustomerNumberIsNeverStoredInClear(hotline: String, caller: String, storedHotline: String) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("cdr.csv", """
            call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,caller,direction
            O1,\(hotline),a1,2026-10-01T10:00:00Z,2026-10-01T10:00:10Z,2026-10-01T10:05:10Z,answered,300,\(caller),outbound
            I1,+41800100100,a1,2026-10-01T11:00:00Z,2026-10-01T11:00:10Z,2026-10-01T11:05:10Z,answered,300,+41 79 765 43 21,inbound

            """)
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.rowsAccepted == 2, "\(report.firstRejects)")
        #expect(try store.text("SELECT h.hotline FROM calls c JOIN hotlines h ON h.id = c.hotline WHERE c.call_id = 'O1'") == storedHotline)
        // The customer is the same caller on both calls: one pseudonym.
        #expect(try store.int("SELECT count(DISTINCT caller_hash) FROM calls") == 1)
        #expect(try store.int("SELECT count(*) FROM calls WHERE caller_hash IS NULL") == 0)
        let bytes = databaseBytes(store.path)
        for trace in callerTraces(["+41 79 765 43 21"]) {
            #expect(!contains(bytes, trace), "found \(trace) in the database files")
        }
        // Sent again, the same rows are duplicates, not conflicts.
        let again = try Ingestion(store: store).ingest(file: try scratch.write("again.csv", Array(try Data(contentsOf: URL(fileURLWithPath: file))) + Array("\n".utf8)), kind: .cdr)
        #expect(again.rowsDuplicate == 2)
        #expect(again.rowsRejected == 0)
    }
}

@Test func anInboundHotlineStaysAsItIs() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("cdr.csv", CDR.file(CDR.row("C001", hotline: "+41800100100", caller: "")))
        #expect(try Ingestion(store: store).ingest(file: file, kind: .cdr).rowsAccepted == 1)
        #expect(try store.text("SELECT hotline FROM hotlines") == "+41800100100")
    }
}

@Test(arguments: [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("@SUM(A1)", "'@SUM(A1)"), ("+1", "'+1"), ("-1", "'-1"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("＝1+1", "'＝1+1"), ("a=1", "a=1"), ("", ""), ("'=1", "'=1"),
])
func spreadsheetFormulaGuard(_ text: String, _ guarded: String) {
    #expect(SpreadsheetFormula.neutralised(text) == guarded)
    #expect(SpreadsheetFormula.neutralised(Array(text.utf8)) == Array(guarded.utf8))
    #expect(PayrollCSV.neutralised(text) == guarded)
}
