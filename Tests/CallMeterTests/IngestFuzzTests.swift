import Foundation
import Testing
@testable import CallMeter

/// A valid CDR file with the features mutations like to break: quotes, doubled quotes, a newline
/// inside quotes, multi-byte characters, CRLF, an empty line, optional columns.
private let fuzzBase: [UInt8] = {
    let header = "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds,caller,queue,ended_by"
    var rows = [header]
    for i in 0..<12 {
        let id = "F\(100 + i)"
        switch i % 4 {
        case 0:
            rows.append("\(id),+41800100100,a\(i % 3),2026-10-0\(1 + i % 9)T10:00:00Z,2026-10-0\(1 + i % 9)T10:00:10Z,2026-10-0\(1 + i % 9)T10:05:10Z,answered,300,5,10,+41 79 123 45 6\(i % 10),orders,caller")
        case 1:
            rows.append("\(id),\"Zürich, \"\"Nord\"\"\",a1,2026-10-01T12:00:00+02:00,,2026-10-01T10:05:00Z,transferred,290,0,0,,\"multi\nline\",agent")
        case 2:
            rows.append("\(id),hot2,,2026-10-01T10:00:00Z,,2026-10-01T10:00:40Z,abandoned,0,0,0,0041 61 222 33 44,,")
        default:
            rows.append("\(id),hot2,,2026-10-01T10:00:00Z,,2026-10-01T10:00:20Z,missed,,,,anonymous,queue-é,")
        }
        if i == 5 { rows.append("") }
    }
    return Array((rows.joined(separator: "\r\n") + "\r\n").utf8)
}()

/// Bytes that CSV and UTF-8 care most about.
private let interestingBytes: [UInt8] = [
    UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "-"), UInt8(ascii: ":"),
    UInt8(ascii: "0"), UInt8(ascii: "9"), UInt8(ascii: "Z"), UInt8(ascii: " "), 0x00, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF,
]

/// Deterministic mutations of the base file: a few byte flips, insertions, deletions, duplicated
/// ranges or a truncation, chosen by `seed`.
func mutatedCDR(seed: UInt64) -> [UInt8] {
    var rng = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 1)
    var bytes = fuzzBase
    let mutations = Int.random(in: 1...6, using: &rng)
    for _ in 0..<mutations where !bytes.isEmpty {
        let at = Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<7, using: &rng) {
        case 0: bytes[at] = interestingBytes.randomElement(using: &rng)!
        case 1: bytes[at] = UInt8.random(in: 0...255, using: &rng)
        case 2: bytes.insert(interestingBytes.randomElement(using: &rng)!, at: at)
        case 3: bytes.remove(at: at)
        case 4:
            let end = min(bytes.count, at + Int.random(in: 1...200, using: &rng))
            bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &rng))
        case 5: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...40, using: &rng)))
        default: bytes = Array(bytes[..<at])
        }
    }
    return bytes
}

/// No input crashes the ingest; every row read is stored, a duplicate or rejected; the database
/// agrees with the report.
@Test(arguments: 0..<300)
func mutatedFilesNeverCrashAndEveryRowIsAccountedFor(seed: Int) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("fuzz.csv", mutatedCDR(seed: UInt64(seed)))
        let report: IngestReport
        do {
            report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        } catch is IngestFileError {
            // The header itself was broken: nothing of the file may be stored.
            #expect(try store.count("batches") == 0)
            #expect(try store.count("calls") == 0)
            #expect(try store.count("rejects") == 0)
            return
        }
        #expect(report.rowsRead == report.rowsAccepted + report.rowsDuplicate + report.rowsRejected)
        #expect(try store.count("calls") == report.rowsAccepted)
        #expect(try store.count("rejects") == report.rowsRejected)
        #expect(report.firstRejects.count == min(report.rowsRejected, 20))
        #expect(try store.count("batches", where: """
            rows_read = \(report.rowsRead) AND rows_accepted = \(report.rowsAccepted)
            AND rows_duplicate = \(report.rowsDuplicate) AND rows_rejected = \(report.rowsRejected)
            """) == 1)
        for reject in report.firstRejects {
            #expect(reject.line >= 2 && reject.column >= 1)
            #expect(reject.description.hasPrefix("\(file):\(reject.line):\(reject.column): \(reject.field): "))
        }
    }
}

/// The same mutations read through a file in small chunks and from memory give the same records.
@Test(arguments: 0..<60)
func mutatedFilesReadTheSameInChunks(seed: Int) throws {
    try withScratch { scratch in
        let bytes = mutatedCDR(seed: UInt64(seed))
        let path = try scratch.write("fuzz.csv", bytes)
        let chunkSize = 16 + seed % 50
        let expected = try readAll(CSVReader(bytes: bytes, maxRecordBytes: 300))
        let got = try readAll(CSVReader(path: path, chunkSize: chunkSize, maxRecordBytes: 300))
        #expect(got == expected)
    }
}
