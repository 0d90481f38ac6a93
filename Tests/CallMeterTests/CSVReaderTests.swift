import Foundation
import Testing
@testable import CallMeter

/// One record as the reader saw it.
struct ReadRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var problem: CSVRecordProblem?
    var raw: [UInt8]

    var description: String { "\(line): \(fields) \(problem.map { "\($0)" } ?? "")" }
}

func readAll(_ reader: CSVReader) throws -> [ReadRecord] {
    var records: [ReadRecord] = []
    while try reader.next() {
        records.append(ReadRecord(
            line: reader.recordLine,
            fields: (0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) },
            problem: reader.problem,
            raw: Array(reader.rawRecord)))
    }
    return records
}

func readAll(_ text: String, maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes) throws -> [ReadRecord] {
    try readAll(CSVReader(bytes: Array(text.utf8), maxRecordBytes: maxRecordBytes))
}

@Test func splitsPlainRecords() throws {
    let records = try readAll("a,b,c\n1,2,3\n")
    #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "2", "3"]])
    #expect(records.map(\.line) == [1, 2])
    #expect(records.allSatisfy { $0.problem == nil })
}

@Test func lastRecordWithoutLineEnd() throws {
    let records = try readAll("a,b\n1,2")
    #expect(records.map(\.fields) == [["a", "b"], ["1", "2"]])
}

@Test func emptyFieldsAreKept() throws {
    let records = try readAll("a,,c,\n,,,\n")
    #expect(records.map(\.fields) == [["a", "", "c", ""], ["", "", "", ""]])
}

@Test func quotedFieldsWithCommasDoubledQuotesAndNewlines() throws {
    let records = try readAll("id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,\"\"\n5,x\n")
    #expect(records.map(\.fields) == [
        ["id", "text"], ["1", "a, b"], ["2", "say \"hi\""], ["3", "two\nlines"], ["4", ""], ["5", "x"],
    ])
    // The record after the one with a newline inside quotes starts a line later.
    #expect(records.map(\.line) == [1, 2, 3, 4, 6, 7])
}

@Test func readerSkipsByteOrderMark() throws {
    let records = try readAll(CSVReader(bytes: [0xEF, 0xBB, 0xBF] + Array("call_id,x\n1,2\n".utf8)))
    #expect(records.first?.fields == ["call_id", "x"])
    #expect(records.first?.raw == Array("call_id,x".utf8))
}

@Test func readerSkipsByteOrderMarkOnlyAtTheStart() throws {
    let records = try readAll(CSVReader(bytes: Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8)))
    #expect(records.map(\.raw) == [Array("a".utf8), [0xEF, 0xBB, 0xBF] + Array("b".utf8)])
}

@Test(arguments: ["\r\n", "\n", "\r"])
func lineEndsAndEmptyLines(_ end: String) throws {
    let text = ["a,b", "", "1,2", "", "", "\"x\",\"y\"", ""].joined(separator: end)
    let records = try readAll(text)
    #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["x", "y"]])
    #expect(records.map(\.line) == [1, 3, 6])
    #expect(records.map(\.raw) == [Array("a,b".utf8), Array("1,2".utf8), Array("\"x\",\"y\"".utf8)])
}

@Test func unterminatedQuoteIsAProblemAtTheOpeningQuote() throws {
    let records = try readAll("a,b\n1,\"open\n2,3\n")
    #expect(records.count == 2)
    #expect(records[1].problem == .unterminatedQuote(offset: 2))
    #expect(records[1].line == 2)
}

@Test func strayQuotesAreProblemsInTheStrictDialect() throws {
    let records = try readAll("a,b\n1,x\"y\n2,\"x\"y\n3,\"ok\"\n")
    #expect(records[1].problem == .quoteInUnquotedField(offset: 3))
    #expect(records[2].problem == .textAfterClosingQuote(offset: 5))
    #expect(records[3].problem == nil)
    #expect(records[3].fields == ["3", "ok"])
}

@Test func lenientDialectTakesStrayQuotesAsText() throws {
    let dialect = CSVDialect(delimiter: UInt8(ascii: ","), strictQuotes: false)
    let records = try readAll(CSVReader(bytes: Array("1,x\"y\n2,\"a \"b\" c\"\n".utf8), dialect: dialect))
    #expect(records.map(\.problem) == [nil, nil])
    #expect(records[0].fields == ["1", "x\"y"])
}

@Test func positionsCountCharactersAndLines() throws {
    let reader = CSVReader(bytes: Array("é,\"a\nbc\",z\n".utf8))
    #expect(try reader.next())
    // `é` is two bytes but one column; the third field starts on the record's second line.
    #expect(reader.position(ofRawOffset: reader.fieldRawOffset(1)) == (line: 1, column: 3))
    #expect(reader.position(ofRawOffset: reader.fieldRawOffset(2)) == (line: 2, column: 5))
}

/// Records up to the limit are read whole; one byte more is a problem, and reading goes on with the
/// next record.
@Test(arguments: [(10, false), (11, true), (40, true)])
func recordLengthLimit(length: Int, tooLong: Bool) throws {
    let long = String(repeating: "x", count: length)
    let records = try readAll("a\n\(long)\nnext\n", maxRecordBytes: 10)
    #expect(records.count == 3)
    #expect(records[1].problem == (tooLong ? .tooLong(limit: 10) : nil))
    #expect(records[1].fields == (tooLong ? [] : [long]))
    #expect(records[2].fields == ["next"])
    #expect(records[2].line == 3)
    #expect(records[2].problem == nil)
}

@Test func tooLongQuotedRecordWithNewlinesKeepsLineNumbers() throws {
    let long = "\"" + String(repeating: "x\n", count: 20) + "\""
    let records = try readAll("a\n\(long),b\nnext\n", maxRecordBytes: 10)
    #expect(records.map(\.line) == [1, 2, 23])
    #expect(records[1].problem == .tooLong(limit: 10))
    #expect(records[2].fields == ["next"])
}

/// Reading a file in tiny chunks gives exactly what reading it from memory gives: records that
/// straddle a refill, a CR at the end of a chunk, a doubled quote split across chunks.
@Test(arguments: [16, 17, 23, 64, 1 << 20])
func chunkBoundariesDoNotChangeTheRecords(chunkSize: Int) throws {
    try withScratch { scratch in
        var text = "\u{FEFF}call_id,hotline,note\r\n"
        for i in 0..<40 {
            text += "C\(i),\"hot, \"\"\(i)\"\"\",\"line\r\nbreak \(String(repeating: "é", count: i % 7))\"\r\n"
            if i % 5 == 0 { text += "\r\n" }
            if i % 9 == 0 { text += "C\(i),bad\"quote,\"x\"y\n" }
        }
        text += "last,\"open"
        let bytes = Array(text.utf8)
        let path = try scratch.write("chunks.csv", bytes)
        let expected = try readAll(CSVReader(bytes: bytes, maxRecordBytes: 100))
        let got = try readAll(CSVReader(path: path, chunkSize: chunkSize, maxRecordBytes: 100))
        #expect(got == expected)
        #expect(expected.count == 1 + 40 + 5 + 1)
    }
}

@Test func tooLongRecordFromAFileIsSkippedWithBoundedRawText() throws {
    try withScratch { scratch in
        let long = String(repeating: "y", count: 300_000)
        let path = try scratch.write("long.csv", "a,b\n1,\(long)\n2,ok\n")
        let records = try readAll(CSVReader(path: path, chunkSize: 4096, maxRecordBytes: 100_000))
        #expect(records.count == 3)
        #expect(records[1].problem == .tooLong(limit: 100_000))
        #expect(records[1].raw.count <= 64 << 10)
        #expect(records[2].fields == ["2", "ok"])
        #expect(records[2].line == 3)
    }
}

@Test func missingFileIsUnreadable() {
    #expect(throws: IngestFileError.self) { _ = try CSVReader(path: "/nonexistent/\(UUID().uuidString).csv") }
}
