@testable import CallMeterDaemon
import Foundation
import Testing

/// The in-hand journal keeps the flat entries it always had, so a journal left by a daemon killed
/// before an upgrade is still read by the new one.
struct InHandEntryTests {
    static let written = #"[{"destinationFolder":"archive\/2026-10-31","destinationName":"cdr.csv","device":2049,"inode":131,"kind":"cdr","lastBatchBefore":7,"name":"cdr.csv"}]"#

    @Test func anEntryWrittenByAnEarlierDaemonReads() throws {
        let entries = try JSONDecoder().decode([InHandEntry].self, from: Data(Self.written.utf8))
        #expect(entries == [InHandEntry(
            kind: "cdr", name: "cdr.csv", identity: FileIdentity(device: 2049, inode: 131), lastBatchBefore: 7,
            destination: InHandEntry.Destination(folder: "archive/2026-10-31", name: "cdr.csv"))])
    }

    @Test func anEntryIsWrittenAsBefore() throws {
        let entries = try JSONDecoder().decode([InHandEntry].self, from: Data(Self.written.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(entries), as: UTF8.self) == Self.written)
    }

    @Test func anEntryWithoutDestinationHasNoDestinationKeys() throws {
        let entry = InHandEntry(kind: "ratings", name: "r.csv", identity: FileIdentity(device: 1, inode: 2), lastBatchBefore: 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(entry), as: UTF8.self)
        #expect(text == #"{"device":1,"inode":2,"kind":"ratings","lastBatchBefore":0,"name":"r.csv"}"#)
        #expect(try JSONDecoder().decode(InHandEntry.self, from: Data(text.utf8)) == entry)
    }
}
