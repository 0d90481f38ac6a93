@testable import CallMeterDaemon
import Foundation
import Testing

@Test func logLinesAreKeyValueWithQuotedValuesWhereNeeded() {
    let lines = LockedLines()
    let log = EventLog(write: { lines.append($0) }, now: { 1_780_273_800_123 })
    log.info("ingested", ["file": "/in/cdr/a b.csv", "rows": 12, "rejected": 0, "note": "", "error": "say \"hi\"\nnow", "x": "a=b"])
    #expect(lines.all == [
        "time=2026-06-01T00:30:00.123Z level=info event=ingested file=\"/in/cdr/a b.csv\" rows=12 rejected=0 note=\"\" "
            + "error=\"say \\\"hi\\\"\\nnow\" x=\"a=b\"\n",
    ])
}

@Test func rejectsAreRFC4180WithRawBytesKept() {
    var out = Array(RejectsCSV.header.utf8)
    out += RejectsCSV.row(line: 3, column: 24, field: "started_at", reason: "bad, really", raw: Array("B002,\"x\"".utf8) + [0xFF])
    out += RejectsCSV.row(line: 7, column: 1, field: "row", reason: "ok", raw: Array("a\nb".utf8))
    #expect(out == Array("line,column,field,reason,raw\r\n3,24,started_at,\"bad, really\",\"B002,\"\"x\"\"".utf8) + [0xFF]
            + Array("\"\r\n7,1,row,ok,\"a\nb\"\r\n".utf8))
}

@Test func clashingNamesGetANumberBeforeTheExtension() {
    #expect(DerivedName.numbered("cdr.csv", 2) == "cdr.2.csv")
    #expect(DerivedName.numbered("calls.tar.gz", 3) == "calls.tar.3.gz")
    #expect(DerivedName.numbered("README", 2) == "README.2")
}

/// Lines written from any thread.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
