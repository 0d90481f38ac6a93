import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

/// The package root, found from this file so the tests work from any working directory.
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A stored call, read back for comparisons.
private struct StoredNativeCall: Equatable {
    var hotline: String
    var agent: String?
    var startedAt: Int64
    var answeredAt: Int64?
    var endedAt: Int64
    var disposition: String
    var talk, hold, wrap: Int64
    var callerHash: [UInt8]?
    var direction: String
    var queue: String?
    var endedBy: String?
}

private func storedCall(_ store: Store, _ callID: String) throws -> StoredNativeCall? {
    try store.connection.cached("""
        SELECT h.hotline, a.agent_id, c.started_at, c.answered_at, c.ended_at, c.disposition, c.talk_seconds,
               c.hold_seconds, c.wrap_seconds, c.caller_hash, c.direction, c.queue, c.ended_by
        FROM calls c JOIN hotlines h ON h.id = c.hotline LEFT JOIN agents a ON a.id = c.agent WHERE c.call_id = ?
        """).rows([.text(callID)]) {
            StoredNativeCall(
                hotline: $0.text(0), agent: $0.optionalText(1), startedAt: $0.int64(2), answeredAt: $0.optionalInt64(3),
                endedAt: $0.int64(4), disposition: $0.text(5), talk: $0.int64(6), hold: $0.int64(7), wrap: $0.int64(8),
                callerHash: $0.isNull(9) ? nil : $0.blob(9), direction: $0.text(10), queue: $0.optionalText(11),
                endedBy: $0.optionalText(12))
        }.first
}

@Test func shippedFixturesIngestWithoutRejects() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let fixtures = packageRoot.appendingPathComponent("Fixtures")
        let agents = try Ingestion(store: store).ingest(file: fixtures.appendingPathComponent("agents.csv").path, kind: .agents)
        let calls = try Ingestion(store: store).ingest(file: fixtures.appendingPathComponent("cdr.csv").path, kind: .cdr)
        let ratings = try Ingestion(store: store).ingest(file: fixtures.appendingPathComponent("ratings.csv").path, kind: .ratings)
        for report in [agents, calls, ratings] {
            #expect(report.rowsRejected == 0, "\(report.firstRejects)")
            #expect(report.rowsAccepted == report.rowsRead)
            #expect(report.warnings.isEmpty)
        }
        #expect(try store.count("calls") == calls.rowsAccepted)
        #expect(calls.rowsAccepted > 100)
        #expect(try store.count("agents", where: "in_directory = 1") == agents.rowsAccepted)
    }
}

@Test func storesEveryFieldOfAFullRow() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("cdr.csv", """
            call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds,caller,direction,queue,ended_by
            C1,+41800100100,a1,2026-10-01T12:00:00+02:00,2026-10-01T10:00:10Z,2026-10-01T10:05:10Z,ANSWERED,290,5,10,+41 79 123 45 67,Outbound,orders,Agent

            """)
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.rowsAccepted == 1)
        let call = try #require(try storedCall(store, "C1"))
        #expect(call.hotline == "+41800100100")
        #expect(call.agent == "a1")
        // Instants are stored as UTC seconds, whatever offset the file used.
        #expect(call.startedAt == 1_790_848_800)
        #expect(call.answeredAt == 1_790_848_810)
        #expect(call.endedAt == 1_790_849_110)
        #expect(call.disposition == "answered")
        #expect(call.talk == 290)
        #expect(call.hold == 5)
        #expect(call.wrap == 10)
        #expect(call.callerHash?.count == 32)
        #expect(call.direction == "outbound")
        #expect(call.queue == "orders")
        #expect(call.endedBy == "agent")
        #expect(try store.int("SELECT source_line FROM calls") == 2)
        // The agent named only in calls is known but not (yet) in the directory.
        #expect(try store.count("agents", where: "agent_id = 'a1' AND in_directory = 0") == 1)
    }
}

@Test func optionalColumnsHaveDefaults() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("cdr.csv", """
            call_id,hotline,started_at,ended_at,disposition
            M1,hot1,2026-10-01T10:00:00Z,2026-10-01T10:00:30Z,missed
            M2,hot1,2026-10-01T10:00:00Z,2026-10-01T10:00:30Z,abandoned

            """)
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.rowsAccepted == 2)
        let call = try #require(try storedCall(store, "M1"))
        #expect(call.agent == nil)
        #expect(call.answeredAt == nil)
        #expect(call.talk == 0 && call.hold == 0 && call.wrap == 0)
        #expect(call.callerHash == nil)
        #expect(call.direction == "inbound")
        #expect(call.queue == nil)
        #expect(call.endedBy == nil)
    }
}

/// When talk_seconds is absent (no column, or an empty field) it is ended_at − answered_at.
@Test(arguments: [true, false])
func talkSecondsDefaultsToEndedMinusAnswered(columnPresent: Bool) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let text = columnPresent
            ? "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds\nT1,h,a1,2026-10-01T10:00:00Z,2026-10-01T10:00:10Z,2026-10-01T10:05:10Z,transferred,\n"
            : "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition\nT1,h,a1,2026-10-01T10:00:00Z,2026-10-01T10:00:10Z,2026-10-01T10:05:10Z,transferred\n"
        let report = try Ingestion(store: store).ingest(file: try scratch.write("cdr.csv", text), kind: .cdr)
        #expect(report.rowsAccepted == 1)
        #expect(try storedCall(store, "T1")?.talk == 300)
    }
}

/// The edges of every range check are inside it.
@Test(arguments: [
    ("talk_seconds exactly 1 s over ended_at − answered_at", CDR.row("E1", talk: "301")),
    ("talk_seconds equal to ended_at − answered_at", CDR.row("E1", talk: "300")),
    ("talk_seconds 1 s over ended_at − started_at", CDR.row("E1", answered: "", talk: "311")),
    ("a call of exactly 24 h", CDR.row("E1", answered: "", ended: "2026-10-02T10:00:00Z", talk: "86400")),
    ("hold and wrap of exactly 24 h", CDR.row("E1", hold: "86400", wrap: "86400")),
    ("zero-length call", CDR.row("E1", agent: "", answered: "", ended: "2026-10-01T10:00:00Z", disposition: "missed", talk: "0")),
    ("February 29 of a leap year", CDR.row("E1", started: "2028-02-29T10:00:00Z", answered: "", ended: "2028-02-29T10:05:10Z")),
    ("offsets on both ends", CDR.row("E1", started: "2026-10-01T12:00:00+02:00", answered: "", ended: "2026-10-01T05:05:10-05:00")),
    ("a call across midnight", CDR.row("E1", started: "2026-10-01T23:58:00Z", answered: "", ended: "2026-10-02T00:03:00Z")),
    ("abandoned with zero talk and an agent", CDR.row("E1", answered: "", disposition: "Abandoned", talk: "0")),
    ("disposition in capitals", CDR.row("E1", disposition: "TRANSFERRED")),
    ("spaces around fields", CDR.row(" E1 ", hotline: " hot1 ", started: " 2026-10-01T10:00:00Z ", talk: " 300 ")),
    ("anonymous caller", CDR.row("E1", caller: "anonymous")),
    ("empty caller", CDR.row("E1", caller: "")),
    ("call_id of exactly 128 bytes", CDR.row(String(repeating: "é", count: 64))),
])
func acceptedEdgeRows(_ name: String, _ row: String) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let report = try Ingestion(store: store).ingest(file: try scratch.write("cdr.csv", CDR.file(row)), kind: .cdr)
        #expect(report.rowsRejected == 0, "\(report.firstRejects)")
        #expect(report.rowsAccepted == 1)
        #expect(try store.count("calls") == 1)
    }
}

@Test func byteOrderMarkAndCRLFAreAccepted() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let text = [CDR.header, CDR.row("C001"), CDR.row("C002", hotline: "\"two\r\nlines\""), CDR.row("C003", talk: "-5"), CDR.row("C004")]
            .map { $0 + "\r\n" }.joined()
        let file = try scratch.write("crlf.csv", [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.warnings.isEmpty)
        #expect(report.rowsAccepted == 3)
        // The header's first column is `call_id`, not BOM + `call_id`; CR is not part of the last field.
        #expect(try store.count("calls", where: "call_id = 'C001'") == 1)
        #expect(try storedCall(store, "C001")?.callerHash == storedCall(store, "C004")?.callerHash)
        #expect(try storedCall(store, "C002")?.hotline == "two\r\nlines")
        let reject = try #require(report.firstRejects.first)
        #expect(reject.description == "\(file):5:86: talk_seconds: must not be negative")
    }
}

@Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("quoted.csv", """
            call_id,hotline,agent_id,started_at,ended_at,disposition,talk_seconds,queue
            "Q1","Hot, ""line"" 1","a1","2026-10-01T10:00:00Z","2026-10-01T10:05:00Z","answered","300","first
            second"
            Q2,hot1,a1,2026-10-01T10:00:00Z,2026-10-01T10:05:00Z,answered,300,""
            Q3,hot1,a1,2026-10-01T10:00:00Z,2026-10-01T10:05:00Z,answered,300,"a,b,c"
            Q4,hot1,,bad,2026-10-01T10:05:00Z,missed,0,

            """)
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.rowsAccepted == 3)
        #expect(try storedCall(store, "Q1")?.hotline == "Hot, \"line\" 1")
        #expect(try storedCall(store, "Q1")?.queue == "first\nsecond")
        #expect(try storedCall(store, "Q2")?.queue == nil)
        #expect(try storedCall(store, "Q3")?.queue == "a,b,c")
        #expect(try store.int("SELECT source_line FROM calls WHERE call_id = 'Q3'") == 5)
        #expect(report.firstRejects.map(\.description) == ["\(file):6:10: started_at: 'bad' is not an ISO 8601 timestamp like 2026-11-02T08:15:00Z"])
    }
}

@Test func columnsInAnyOrderGiveTheSameCalls() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let header = CDR.header.split(separator: ",").map(String.init)
        let rows = [CDR.row("C001"), CDR.row("C002", agent: "", answered: "", disposition: "missed", talk: "0")]
        let order = Array(header.indices.reversed())
        func reorder(_ line: String) -> String {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return order.map { fields[$0] }.joined(separator: ",")
        }
        let straight = try scratch.write("straight.csv", CDR.file(rows))
        let reversed = try scratch.write("reversed.csv", ([reorder(CDR.header.uppercased())] + rows.map(reorder)).map { $0 + "\n" }.joined())
        let first = try Ingestion(store: store).ingest(file: straight, kind: .cdr)
        #expect(first.rowsAccepted == 2)
        let second = try Ingestion(store: store).ingest(file: reversed, kind: .cdr)
        // Same content, other column order: duplicates, not conflicts.
        #expect(second.rowsDuplicate == 2)
        #expect(second.rowsRejected == 0)
        #expect(try store.count("calls") == 2)
    }
}

@Test func unknownColumnsAreIgnoredWithOneWarning() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("extra.csv", """
            call_id,Recording_URL,hotline,started_at,ended_at,disposition,notes
            U1,http://x/1.wav,hot1,2026-10-01T10:00:00Z,2026-10-01T10:05:00Z,missed,hello
            U2,http://x/2.wav,hot1,2026-10-01T10:00:00Z,2026-10-01T10:05:00Z,missed,world

            """)
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.rowsAccepted == 2)
        #expect(report.warnings == ["ignoring unknown columns recording_url, notes"])
    }
}

/// Columns without a name (trailing commas of a spreadsheet export) are ignored, without a warning.
@Test func unnamedColumnsAreIgnored() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("export.csv", """
            call_id,hotline,started_at,ended_at,disposition,,
            U1,hot1,2026-10-01T10:00:00Z,2026-10-01T10:05:00Z,missed,,
            U2,hot1,2026-10-01T10:00:00Z,2026-10-01T10:05:00Z,missed,x,y

            """)
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.rowsAccepted == 2)
        #expect(report.warnings.isEmpty)
    }
}

@Test func rowOfOneMebibyteInAnUnknownColumnIsAccepted() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let big = String(repeating: "n", count: 1 << 20)
        let file = try scratch.write("big.csv", """
            call_id,hotline,started_at,ended_at,disposition,notes
            B1,hot1,2026-10-01T10:00:00Z,2026-10-01T10:05:00Z,missed,\(big)
            B2,hot1,2026-10-01T10:00:00Z,2026-10-01T10:05:00Z,missed,"\(big)"

            """)
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.rowsAccepted == 2)
        #expect(report.warnings.count == 1)
    }
}

/// Nothing of a file is stored when it cannot be read as this format.
@Test(arguments: [
    ("invalid UTF-8 in the header", bytes("call_id,hot¤line,started_at,ended_at,disposition\nC1,h,2026-10-01T10:00:00Z,2026-10-01T10:05:00Z,missed\n",
                                          replacingPlaceholderWith: [0xFF]),
     "1:12: header row is not valid UTF-8"),
    ("missing call_id column", Array("hotline,started_at,ended_at,disposition\nh,2026-10-01T10:00:00Z,2026-10-01T10:05:00Z,missed\n".utf8),
     "1:1: missing required column call_id (found: hotline, started_at, ended_at, disposition)"),
    ("missing two columns", Array("call_id,hotline,started_at\nC1,h,2026-10-01T10:00:00Z\n".utf8),
     "1:1: missing required columns ended_at, disposition"),
    ("only a header without the required columns", Array("a,b,c\n".utf8), "missing required columns call_id"),
    ("a column twice", Array("call_id,hotline,started_at,ended_at,disposition,hotline\n".utf8),
     "1:49: column 'hotline' appears twice (also column 2)"),
    // A spreadsheet export: several columns without a name. The message must say what is missing.
    ("another format with unnamed columns", Array("Call Id,Agent,Date,Column1,,\r\nID1,Diane,01/01/2021,1,,\r\n".utf8),
     "1:1: missing required columns call_id, hotline, started_at, ended_at, disposition (found: call id, agent, date, column1, , )"),
    ("unterminated quote in the header", Array("call_id,\"hotline\nC1,h\n".utf8), "1:9: header row: unterminated quoted field"),
    ("empty file", [], "the file is empty"),
    ("only empty lines", Array("\n\r\n\n".utf8), "the file is empty"),
])
func unreadableFileStoresNothing(_ name: String, _ content: [UInt8], _ message: String) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("bad.csv", content)
        #expect {
            _ = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        } throws: { error in
            guard let error = error as? IngestFileError else { return false }
            return error.description.contains(message)
        }
        #expect(try store.count("batches") == 0)
        #expect(try store.count("calls") == 0)
        #expect(try store.count("rejects") == 0)
        #expect(try store.count("hotlines") == 0)
    }
}

@Test func missingFileIsAnIngestFileError() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        #expect(throws: IngestFileError.self) { _ = try Ingestion(store: store).ingest(file: scratch.path("absent.csv"), kind: .cdr) }
        #expect(throws: IngestFileError.self) { _ = try Ingestion(store: store).ingest(file: scratch.url.path, kind: .cdr) }
    }
}

@Test func headerOnlyFileIsAnEmptyBatch() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let report = try Ingestion(store: store).ingest(file: try scratch.write("h.csv", CDR.header + "\n"), kind: .cdr)
        #expect(report.rowsRead == 0)
        #expect(try store.count("batches") == 1)
    }
}

@Test func firstTwentyRejectsAreReportedAndAllAreStored() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let rows = (0..<25).map { CDR.row(String(format: "R%03d", $0), talk: "-1") } + [CDR.row("OK01")]
        let report = try Ingestion(store: store).ingest(file: try scratch.write("many.csv", CDR.file(rows)), kind: .cdr)
        #expect(report.rowsRejected == 25)
        #expect(report.firstRejects.count == 20)
        #expect(report.firstRejects.map(\.line) == Array(2...21))
        #expect(try store.count("rejects") == 25)
        #expect(report.rowsAccepted == 1)
    }
}
