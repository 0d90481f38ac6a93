import CallMeter
@testable import CallMeterDaemon
import Foundation
import Testing

/// Issue 13: `mv inbox/archive inbox/archive.real; ln -s /outside inbox/archive` while the daemon
/// runs (same for `failed/` and `.callmeterd/`) must not send files, rejects or notes to `/outside`.
@Suite struct InboxFolderSwapTests {
    static func swap(_ folder: String, in rig: DaemonRig) throws -> String {
        let outside = rig.scratch.file("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let path = rig.scratch.file("inbox/" + folder)
        #expect(rename(path, path + ".real") == 0)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside)
        return path
    }

    static func putBack(_ path: String) {
        #expect(unlink(path) == 0)
        #expect(rename(path + ".real", path) == 0)
    }

    @Test(arguments: ["archive", "failed", ".callmeterd"])
    func aFolderSwappedForALinkIsRefusedAndTheFilesStay(folder: String) throws {
        let rig = try DaemonRig("swap", at: "2026-06-01T12:00:00Z")
        try rig.daemon.startUp()
        let swapped = try Self.swap(folder, in: rig)
        // A file with a rejected row (archive, rejects note) and one that cannot be read (failed/).
        try rig.scratch.write("inbox/ratings/day.csv", "call_id,rating\nA1,3\nA2,9\n")
        try rig.scratch.write("inbox/cdr/empty.csv", "")
        rig.daemon.tick()

        #expect(rig.scratch.files(under: "outside").isEmpty)
        #expect(rig.scratch.files(under: "inbox/ratings") == ["day.csv"])
        #expect(rig.scratch.files(under: "inbox/cdr") == ["empty.csv"])
        #expect(try rig.store.status().ratings == 0)
        let refusals = rig.lines.all.filter { $0.contains("level=error event=folder-swapped") }
        #expect(refusals.count == 2, "\(rig.lines.all)")
        #expect(refusals.allSatisfy { $0.contains(swapped) && $0.contains("replaced by a symbolic link") })

        // Put back, the files go where they belong at their next try.
        Self.putBack(swapped)
        rig.clock.advance(seconds: 10)
        rig.daemon.tick()
        #expect(rig.scratch.files(under: "outside").isEmpty)
        #expect(rig.scratch.files(under: "inbox/ratings").isEmpty && rig.scratch.files(under: "inbox/cdr").isEmpty)
        #expect(rig.scratch.files(under: "inbox/archive") == ["2026-06-01/day.csv", "2026-06-01/day.csv.rejects.csv"])
        #expect(rig.scratch.files(under: "inbox/failed") == ["empty.csv", "empty.csv.error.txt"])
    }

    /// Swapped while the file is being ingested: its rows are stored, it is not moved; once the
    /// folder is back it is archived as ingested (with its rejects), not as a duplicate of itself.
    @Test(arguments: ["archive", ".callmeterd"])
    func aFolderSwappedDuringTheIngestLeavesTheFileAndItIsArchivedAsIngestedLater(folder: String) throws {
        struct Busy: Error {}
        final class SwappingIngester: FileIngesting {
            var swap: (() throws -> Void)?
            var failOnce = false
            func ingest(file path: String, name: String, kind: IngestReport.Kind, format: String, settings: IngestSettings, store: Store) throws -> IngestReport {
                try swap?()
                swap = nil
                if failOnce {
                    failOnce = false
                    throw Busy()
                }
                return try StoreFileIngester().ingest(file: path, name: name, kind: kind, format: format, settings: settings, store: store)
            }
        }
        let ingester = SwappingIngester()
        let rig = try DaemonRig("swap-mid", at: "2026-06-01T12:00:00Z", ingester: ingester)
        try rig.daemon.startUp()
        var swapped = ""
        ingester.swap = { swapped = try Self.swap(folder, in: rig) }
        try rig.scratch.write("inbox/ratings/day.csv", "call_id,rating\nA1,3\nA2,9\n")
        rig.daemon.tick()
        #expect(try rig.store.status().ratings == 1)
        #expect(rig.scratch.files(under: "outside").isEmpty)
        #expect(rig.scratch.files(under: "inbox/ratings") == ["day.csv"])
        #expect(rig.lines.all.contains { $0.contains("level=error event=folder-swapped") && $0.contains(swapped) })

        Self.putBack(swapped)
        // A temporary failure on the way does not make it forget that the rows are its own.
        ingester.failOnce = true
        rig.clock.advance(seconds: 10)
        rig.daemon.tick()
        #expect(rig.scratch.files(under: "inbox/ratings") == ["day.csv"])
        rig.clock.advance(seconds: 20)
        rig.daemon.tick()
        #expect(rig.scratch.files(under: "inbox/archive") == ["2026-06-01/day.csv", "2026-06-01/day.csv.rejects.csv"])
        #expect(rig.scratch.read("inbox/archive/2026-06-01/day.csv.rejects.csv")?.contains("A2,9") == true)
        #expect(!rig.lines.all.contains { $0.contains("event=duplicate") })
        #expect(rig.lines.all.contains { $0.contains("event=ingested") && $0.contains("resumed=") && $0.contains(" rejected=1 ") })
        #expect(try rig.store.status().ratings == 1)
    }

    /// A name of 250 bytes: today its rows are stored, then `lstat NAME.rejects.csv: File name too
    /// long` and it is retried forever. Its copy is shortened with a hash so that every note fits.
    @Test func aLongNameIsArchivedUnderAShortenedNameWithItsNotes() throws {
        let rig = try DaemonRig("long", at: "2026-06-01T12:00:00Z")
        try rig.daemon.startUp()
        let long = String(repeating: "r", count: 246) + ".csv"
        #expect(long.utf8.count == 250)
        try rig.scratch.write("inbox/ratings/" + long, "call_id,rating\nL1,3\nL2,9\n")
        try rig.scratch.write("inbox/cdr/" + long, "")
        rig.daemon.tick()
        try rig.scratch.write("inbox/ratings/" + long, "call_id,rating\nL3,4\n")
        rig.daemon.tick()

        #expect(rig.scratch.files(under: "inbox/ratings").isEmpty && rig.scratch.files(under: "inbox/cdr").isEmpty)
        #expect(try rig.store.status().ratings == 2)
        let archived = rig.scratch.files(under: "inbox/archive/2026-06-01")
        let hash = DerivedName.hash(long)
        let first = String(repeating: "r", count: DerivedName.copyMax - 21) + "~\(hash).csv"
        let second = String(repeating: "r", count: DerivedName.copyMax - 23) + "~\(hash).2.csv"
        #expect(archived == [second, first, first + ".rejects.csv"].sorted())
        #expect(rig.scratch.read("inbox/archive/2026-06-01/\(first).rejects.csv")?.contains("L2,9") == true)
        let failed = rig.scratch.files(under: "inbox/failed")
        #expect(failed == [first, first + ".error.txt"])
        #expect(archived.allSatisfy { $0.utf8.count <= 255 } && failed.allSatisfy { $0.utf8.count <= 255 })
        #expect(rig.lines.all.filter { $0.contains("event=name-shortened") }.count == 3)
        #expect(!rig.lines.all.contains { $0.contains("event=retry-later") })
    }
}

@Test func derivedNamesFitNameMaxOnCharacterBoundaries() {
    #expect(DerivedName.copy(of: "calls.csv", number: 1) == ("calls.csv", false))
    #expect(DerivedName.copy(of: "calls.csv", number: 3) == ("calls.3.csv", false))
    let wide = String(repeating: "é", count: 126) + ".csv"  // 256 bytes: more than NAME_MAX itself
    for number in [1, 2, 12, 100_000] {
        let (name, shortened) = DerivedName.copy(of: wide, number: number)
        #expect(shortened)
        #expect(name.utf8.count <= DerivedName.copyMax && name.utf8.count >= DerivedName.copyMax - 1)
        #expect(name.hasSuffix((number == 1 ? "" : ".\(number)") + ".csv"))
        #expect(name.hasPrefix("éé") && name.contains("~" + DerivedName.hash(wide)))
    }
    // Exactly at the limit: kept as it is.
    let atLimit = String(repeating: "a", count: DerivedName.copyMax - 4) + ".csv"
    #expect(DerivedName.copy(of: atLimit, number: 1) == (atLimit, false))
    #expect(DerivedName.copy(of: atLimit, number: 2).shortened)
}
