import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

/// One bad row in an otherwise good file: where the reject must point and why.
struct BadRowCase: Sendable, CustomTestStringConvertible {
    let name: String
    let kind: IngestReport.Kind
    let content: [UInt8]
    /// Good rows in the file: all of them must be stored.
    let good: Int
    let line: Int
    let column: Int
    let field: String
    let reason: String
    /// Rejected rows in the file; the one described above is among them.
    let rejected: Int

    var testDescription: String { name }

    init(_ name: String, kind: IngestReport.Kind = .cdr, bytes content: [UInt8], good: Int = 2,
         rejected: Int = 1, line: Int = 3, column: Int, field: String, reason: String) {
        self.name = name
        self.kind = kind
        self.content = content
        self.good = good
        self.line = line
        self.column = column
        self.field = field
        self.reason = reason
        self.rejected = rejected
    }

    init(_ name: String, kind: IngestReport.Kind = .cdr, text: String, good: Int = 2,
         rejected: Int = 1, line: Int = 3, column: Int, field: String, reason: String) {
        self.init(name, kind: kind, bytes: Array(text.utf8), good: good, rejected: rejected, line: line, column: column,
                  field: field, reason: reason)
    }

    /// A CDR file: a good row, `bad` on line 3, another good row.
    static func cdr(_ name: String, _ bad: String, column: Int, field: String, reason: String) -> BadRowCase {
        BadRowCase(name, text: CDR.file(CDR.row("C001"), bad, CDR.row("C002")), column: column, field: field, reason: reason)
    }

    /// A ratings file: a good row, `bad` on line 3, another good row.
    static func rating(_ name: String, _ bad: String, column: Int, field: String, reason: String) -> BadRowCase {
        BadRowCase(name, kind: .ratings, text: Ratings.file(Ratings.row("C001"), bad, Ratings.row("C002")),
                   column: column, field: field, reason: reason)
    }
}

private let mebibyte = 1 << 20

private let encodingCases: [BadRowCase] = [
    // Invalid UTF-8 in a field: the column counts characters, not bytes.
    BadRowCase("invalid UTF-8 in hotline",
               bytes: bytes(CDR.file(CDR.row("C001"), CDR.row("C003", hotline: "h¤t1"), CDR.row("C002")),
                     replacingPlaceholderWith: [0xFF]),
               column: 7, field: "hotline", reason: "not valid UTF-8"),
    BadRowCase("invalid UTF-8 after a two-byte character",
               bytes: bytes(CDR.file(CDR.row("C001"), CDR.row("C003", hotline: "Zürich¤"), CDR.row("C002")),
                     replacingPlaceholderWith: [0xC3]),
               column: 12, field: "hotline", reason: "not valid UTF-8"),
    BadRowCase("invalid UTF-8 in caller (overlong encoding)",
               bytes: bytes(CDR.file(CDR.row("C001"), CDR.row("C003", caller: "+41¤"), CDR.row("C002")),
                     replacingPlaceholderWith: [0xC0, 0xAF]),
               column: 98, field: "caller", reason: "not valid UTF-8"),

]

private let shapeCases: [BadRowCase] = [
    // Wrong column count.
    .cdr("too few columns", String(CDR.row("C003").dropLast(13)),
         column: 94, field: "row", reason: "expected 11 fields as in the header, found 10"),
    .cdr("too many columns", CDR.row("C003") + ",extra",
         column: 108, field: "row", reason: "expected 11 fields as in the header, found 12"),

    // Empty lines are skipped; the lines after them keep their numbers.
    BadRowCase("empty lines before the bad row",
               text: CDR.file(CDR.row("C001"), "", "", CDR.row("C003", started: "2026-10-01T10:00:00"), "", CDR.row("C002")),
               line: 5, column: 14, field: "started_at", reason: "no UTC offset"),
    BadRowCase("empty CRLF lines before the bad row",
               text: [CDR.header, CDR.row("C001"), "", "", "", CDR.row("C003", started: "soon"), CDR.row("C002")]
                   .map { $0 + "\r\n" }.joined(),
               line: 6, column: 14, field: "started_at", reason: "not an ISO 8601 timestamp"),

]

private let missingFieldCases: [BadRowCase] = [
    // Missing required fields.
    .cdr("empty call_id", CDR.row(""), column: 1, field: "call_id", reason: "required, but empty"),
    .cdr("blank call_id", CDR.row("   "), column: 1, field: "call_id", reason: "required, but empty"),
    .cdr("empty hotline", CDR.row("C003", hotline: ""), column: 6, field: "hotline", reason: "required, but empty"),
    .cdr("empty started_at", CDR.row("C003", started: ""), column: 14, field: "started_at", reason: "not an ISO 8601 timestamp"),
    .cdr("empty disposition", CDR.row("C003", disposition: ""), column: 77, field: "disposition", reason: "'' is not one of"),
    .cdr("call_id longer than 128 bytes", CDR.row(String(repeating: "x", count: 129)),
         column: 1, field: "call_id", reason: "longer than 128 bytes"),

]

private let timestampCases: [BadRowCase] = [
    // Bad timestamps.
    .cdr("timestamp without offset", CDR.row("C003", started: "2026-10-01T10:00:00"),
         column: 14, field: "started_at", reason: "(no UTC offset: add Z or +hh:mm)"),
    .cdr("month 13", CDR.row("C003", started: "2026-13-01T10:00:00Z"), column: 14, field: "started_at", reason: "(no such date)"),
    .cdr("February 30", CDR.row("C003", started: "2026-02-30T10:00:00Z"), column: 14, field: "started_at", reason: "(no such date)"),
    .cdr("February 29 of a common year", CDR.row("C003", started: "2026-02-29T10:00:00Z"),
         column: 14, field: "started_at", reason: "(no such date)"),
    .cdr("hour 24", CDR.row("C003", started: "2026-10-01T24:00:00Z"), column: 14, field: "started_at", reason: "(no such time of day)"),
    .cdr("garbage timestamp", CDR.row("C003", started: "yesterday"), column: 14, field: "started_at",
         reason: "'yesterday' is not an ISO 8601 timestamp like 2026-11-02T08:15:00Z"),
    .cdr("ended_at without seconds", CDR.row("C003", ended: "2026-10-01 10:05"), column: 56, field: "ended_at",
         reason: "is not an ISO 8601 timestamp"),
    .cdr("answered_at only a time", CDR.row("C003", answered: "10:00:10"), column: 35, field: "answered_at",
         reason: "is not an ISO 8601 timestamp"),
    .cdr("offset out of range", CDR.row("C003", started: "2026-10-01T10:00:00+19:00"), column: 14, field: "started_at",
         reason: "(offset out of range)"),

    // Instants out of order.
    .cdr("ended_at before started_at", CDR.row("C003", ended: "2026-10-01T09:59:59Z"),
         column: 56, field: "ended_at", reason: "before started_at"),
    .cdr("answered_at before started_at", CDR.row("C003", answered: "2026-10-01T09:59:59Z"),
         column: 35, field: "answered_at", reason: "before started_at"),
    .cdr("answered_at after ended_at", CDR.row("C003", answered: "2026-10-01T10:05:11Z"),
         column: 35, field: "answered_at", reason: "after ended_at"),

]

private let durationCases: [BadRowCase] = [
    // Negative and over-long durations.
    .cdr("negative talk_seconds", CDR.row("C003", talk: "-5"), column: 86, field: "talk_seconds", reason: "must not be negative"),
    .cdr("negative hold_seconds", CDR.row("C003", hold: "-1"), column: 90, field: "hold_seconds", reason: "must not be negative"),
    .cdr("talk_seconds not a number", CDR.row("C003", talk: "3m"), column: 86, field: "talk_seconds",
         reason: "'3m' is not a whole number"),
    .cdr("call longer than 24 h", CDR.row("C003", ended: "2026-10-02T10:00:01Z"),
         column: 56, field: "ended_at", reason: "the call lasts more than 24 h"),
    .cdr("talk_seconds over 24 h", CDR.row("C003", talk: "86401"), column: 86, field: "talk_seconds",
         reason: "86401 s is more than 24 h"),
    .cdr("hold_seconds over 24 h", CDR.row("C003", hold: "86401"), column: 90, field: "hold_seconds",
         reason: "86401 s is more than 24 h"),
    .cdr("wrap_seconds over 24 h", CDR.row("C003", wrap: "86401"), column: 92, field: "wrap_seconds",
         reason: "86401 s is more than 24 h"),

    // Talk time longer than the timestamps allow (1 s tolerance; exactly +1 is in acceptedEdgeRows).
    .cdr("talk_seconds 2 s over ended_at − answered_at", CDR.row("C003", talk: "302"), column: 86, field: "talk_seconds",
         reason: "302 s is longer than ended_at − answered_at (300 s)"),
    .cdr("talk_seconds over ended_at − started_at without answered_at", CDR.row("C003", answered: "", talk: "312"),
         column: 66, field: "talk_seconds", reason: "312 s is longer than ended_at − started_at (310 s)"),
    .cdr("answered without talk_seconds or answered_at", CDR.row("C003", answered: "", talk: ""),
         column: 66, field: "talk_seconds", reason: "an answered call needs talk_seconds or answered_at"),
    .cdr("abandoned with talk time", CDR.row("C003", agent: "", answered: "", disposition: "abandoned", talk: "30"),
         column: 65, field: "talk_seconds", reason: "a call that was abandoned has no talk time"),

]

private let dispositionCases: [BadRowCase] = [
    // Disposition and agent.
    .cdr("unknown disposition", CDR.row("C003", disposition: "hungup"), column: 77, field: "disposition",
         reason: "'hungup' is not one of answered, transferred, abandoned, missed"),
    .cdr("answered without agent", CDR.row("C003", agent: ""), column: 11, field: "agent_id",
         reason: "required when the disposition is answered"),
    .cdr("transferred without agent", CDR.row("C003", agent: "", disposition: "transferred"), column: 11, field: "agent_id",
         reason: "required when the disposition is transferred"),

]

private let quotingCases: [BadRowCase] = [
    // Quoting.
    BadRowCase("unterminated quote at the end of the file",
               text: CDR.file(CDR.row("C001"), CDR.row("C002")) + "C003,\"hot1,a1,2026-10-01T10:00:00Z\n",
               line: 4, column: 6, field: "hotline", reason: "unterminated quoted field"),
    BadRowCase("file cut mid-row",
               text: CDR.file(CDR.row("C001"), CDR.row("C002")) + "C003,hot1,a1,2026-10-01T10:0",
               line: 4, column: 29, field: "row", reason: "expected 11 fields as in the header, found 4"),
    .cdr("quote inside an unquoted field", CDR.row("C003", hotline: "ho\"t1"), column: 8, field: "hotline",
         reason: "a quote inside a field that is not quoted"),
    .cdr("text after a closing quote", CDR.row("C003", hotline: "\"hot\"1"), column: 11, field: "hotline",
         reason: "text after a closing quote"),
    BadRowCase("quoted newlines move later rows on",
               text: CDR.file(CDR.row("C001", hotline: "\"hot\nline\n1\""), CDR.row("C003", started: "soon"), CDR.row("C002")),
               line: 5, column: 14, field: "started_at", reason: "not an ISO 8601 timestamp"),
    BadRowCase("bad field on the second line of a row",
               text: CDR.file(CDR.row("C001"), CDR.row("C003", hotline: "\"hot\nline\"", started: "soon"), CDR.row("C002")),
               line: 4, column: 10, field: "started_at", reason: "not an ISO 8601 timestamp"),

]

private let longRowCases: [BadRowCase] = [
    // Long rows.
    .cdr("1 MiB caller", CDR.row("C003", caller: String(repeating: "1", count: mebibyte)),
         column: 95, field: "caller", reason: "longer than 64 bytes"),
    .cdr("5 MiB row", CDR.row("C003", caller: String(repeating: "1", count: 5 * mebibyte)),
         column: 1, field: "row", reason: "row longer than 4 MiB"),
    // The next row after a too-long one is still read, and the newlines inside it are counted.
    BadRowCase("5 MiB quoted field with newlines",
               text: CDR.file(CDR.row("C001"), CDR.row("C003", caller: "\"" + String(repeating: "1", count: 5 * mebibyte) + "\n\n\n\""),
                        CDR.row("C004", started: "soon"), CDR.row("C002")),
               good: 2, rejected: 2, line: 7, column: 14, field: "started_at", reason: "not an ISO 8601 timestamp"),

]

private let ratingCases: [BadRowCase] = [
    // Ratings.
    .rating("rating 0", Ratings.row("C003", rating: "0"), column: 6, field: "rating", reason: "0 is outside the rating scale 1–5"),
    .rating("rating 6", Ratings.row("C003", rating: "6"), column: 6, field: "rating", reason: "6 is outside the rating scale 1–5"),
    .rating("rating -1", Ratings.row("C003", rating: "-1"), column: 6, field: "rating", reason: "-1 is outside the rating scale 1–5"),
    .rating("rating 4.5", Ratings.row("C003", rating: "4.5"), column: 6, field: "rating", reason: "'4.5' is not a whole number"),
    .rating("rating five", Ratings.row("C003", rating: "five"), column: 6, field: "rating", reason: "'five' is not a whole number"),
    .rating("rating empty", Ratings.row("C003", rating: ""), column: 6, field: "rating", reason: "empty; expected a whole number"),
    .rating("rating without call_id", Ratings.row("", rating: "3"), column: 1, field: "call_id", reason: "required, but empty"),
    .rating("rated_at without offset", Ratings.row("C003", ratedAt: "2026-10-01T10:06:00"), column: 16, field: "rated_at",
            reason: "no UTC offset"),
    .rating("rating row with too few columns", "C003,4", column: 7, field: "row", reason: "expected 4 fields as in the header, found 2"),
    BadRowCase("another rating for the same call and question", kind: .ratings,
               text: Ratings.file(Ratings.row("C001"), Ratings.row("C002"), Ratings.row("C001", rating: "2")),
               line: 4, column: 1, field: "call_id",
               reason: "conflicts with the rating of question 'overall' stored from "),

]

private let agentCases: [BadRowCase] = [
    // Agents.
    BadRowCase("agent active neither true nor false", kind: .agents, text: Agents.file("a1,Anna Keller,true", "a3,Marco Rossi,maybe", "a2,Zoë Müller,false"),
               column: 16, field: "active", reason: "'maybe' is not true or false"),
    BadRowCase("agent without name", kind: .agents, text: Agents.file("a1,Anna Keller,true", "a3,,true", "a2,Zoë Müller,false"),
               column: 4, field: "name", reason: "required, but empty"),
    BadRowCase("agent twice in one file", kind: .agents, text: Agents.file("a1,Anna Keller,true", "a2,Zoë Müller,false", "a1,Anna K.,true"),
               line: 4, column: 1, field: "agent_id", reason: "agent a1 appears twice in this file (first on line 2)"),
]

let badRowCases: [BadRowCase] =
    encodingCases + shapeCases + missingFieldCases + timestampCases + durationCases + dispositionCases + quotingCases
    + longRowCases + ratingCases + agentCases

/// Every kind of bad row: the reject says exactly FILE:LINE:COLUMN: FIELD: REASON, it is stored with
/// its position, and the good rows of the same file are stored.
@Test(arguments: badRowCases)
func badRowIsRejectedAndGoodRowsAreStored(_ bad: BadRowCase) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("input.csv", bad.content)
        let report = try Ingestion(store: store).ingest(file: file, kind: bad.kind)

        #expect(report.rowsRejected == bad.rejected)
        #expect(report.rowsAccepted == bad.good)
        #expect(report.rowsRead == bad.good + bad.rejected)
        let reject = try #require(report.firstRejects.first { $0.line == bad.line })
        #expect(reject.file == file)
        #expect(reject.line == bad.line)
        #expect(reject.column == bad.column)
        #expect(reject.field == bad.field)
        #expect(reject.reason.contains(bad.reason), "reason: \(reject.reason)")
        #expect(reject.description == "\(file):\(bad.line):\(bad.column): \(bad.field): \(reject.reason)")

        let table = switch bad.kind {
        case .cdr: "calls"
        case .ratings: "ratings"
        case .agents: "agents"
        case .commitments: "commitments"
        }
        #expect(try store.count(table) == bad.good)
        #expect(try store.count("rejects") == bad.rejected)
        #expect(try store.count(
            "rejects", where: "line_number = \(bad.line) AND column_number = \(bad.column) AND batch = \(report.batchID)") == 1)
        #expect(try store.text("SELECT field FROM rejects WHERE line_number = ?", [.int(Int64(bad.line))]) == bad.field)
        // The raw text kept for a reject is bounded, even for a 5 MiB row.
        #expect(try store.int("SELECT max(length(raw)) FROM rejects") ?? 0 <= 64 << 10)
    }
}
