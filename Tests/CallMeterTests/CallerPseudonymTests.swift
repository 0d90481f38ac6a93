import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

private func pseudonym(_ number: String, key: [UInt8] = Array(repeating: 7, count: 32)) -> Pseudonym? {
    Array(number.utf8).withUnsafeBufferPointer { CallerPseudonymizer(key: key).pseudonym($0) }
}

@Test(arguments: ["0041 61 222 33 44", "+41 61 222 33 44", "+41612223344", "+41 (61) 222-33-44", "0041.61.222.33.44", " +41/61/222 33 44 "])
func spellingsOfOneNumberGiveOnePseudonym(_ spelling: String) throws {
    let expected = try #require(pseudonym("+41612223344"))
    #expect(pseudonym(spelling) == expected)
}

@Test func differentNumbersAndKeysGiveDifferentPseudonyms() throws {
    let a = try #require(pseudonym("+41612223344"))
    #expect(pseudonym("+41612223345") != a)
    #expect(pseudonym("41612223344") != a)
    #expect(pseudonym("+41612223344", key: Array(repeating: 8, count: 32)) != a)
    #expect(a.bytes.count == 32)
    #expect(Pseudonym(bytes: a.bytes) == a)
    #expect(Pseudonym(bytes: [1, 2, 3]) == nil)
}

@Test(arguments: ["", "anonymous", "withheld", "+", "()- "])
func callerWithoutDigitsHasNoPseudonym(_ text: String) {
    #expect(pseudonym(text) == nil)
}

@Test func keyFileIsCreatedOnceWithModeSixHundred() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let keyPath = CallerPseudonymizer.keyPath(forDatabase: store.path)
        let key = try #require(FileManager.default.contents(atPath: keyPath))
        #expect(key.count == 32)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let database = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((database[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // The WAL and shared-memory files SQLite makes beside it are as private.
        _ = try Ingestion(store: store).ingest(file: try scratch.write("cdr.csv", CDR.file(CDR.row("C001"))), kind: .cdr)
        for suffix in ["-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: store.path + suffix)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(suffix)")
        }
        // Reopening keeps the key.
        _ = try Store(path: store.path)
        #expect(FileManager.default.contents(atPath: keyPath) == key)
    }
}

@Test func existingDatabaseWithoutItsKeyIsRefused() throws {
    try withScratch { scratch in
        let path = try scratch.store().path
        try FileManager.default.removeItem(atPath: CallerPseudonymizer.keyPath(forDatabase: path))
        #expect(throws: StoreError.self) { _ = try Store(path: path) }
        #expect(!FileManager.default.fileExists(atPath: CallerPseudonymizer.keyPath(forDatabase: path)))
    }
}

@Test func sameNumberSpelledTwoWaysIsOneCaller() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("cdr.csv", CDR.file(
            CDR.row("C001", caller: "0041 61 222 33 44"), CDR.row("C002", caller: "+41612223344"), CDR.row("C003", caller: "+41612223355")))
        #expect(try Ingestion(store: store).ingest(file: file, kind: .cdr).rowsAccepted == 3)
        #expect(try store.int("SELECT count(DISTINCT caller_hash) FROM calls") == 2)
        #expect(try store.int("SELECT count(*) FROM calls WHERE length(caller_hash) = 32") == 3)
        #expect(try store.count("calls", where: """
            caller_hash = (SELECT caller_hash FROM calls WHERE call_id = 'C001') AND call_id = 'C002'
            """) == 1)
    }
}

/// The caller numbers of the privacy test, as written in the files and as digits only.
let privateCallers = ["+41 79 555 12 34", "0041 79 555 56 78", "+41795559012", "079 555 34 56", "+41-79-555-78-90"]

func callerTraces(_ callers: [String]) -> [String] {
    callers.flatMap { caller in
        let digits = caller.filter(\.isNumber)
        return [caller, digits, String(digits.dropFirst(2)), String(digits.suffix(7))]
    }
}

/// A CDR file in which every kind of row, stored or rejected, carries a caller number.
func privacyFile() -> String {
    let c = privateCallers
    return CDR.file(
        CDR.row("P001", caller: c[0]),
        CDR.row("P002", started: "2026-10-01T10:00:00", caller: c[1]),          // bad field
        CDR.row("P003", caller: c[2]) + ",extra",                                  // too many fields
        CDR.row("P004", hotline: "h\"x", caller: c[3]),                            // stray quote
        CDR.row("P001", talk: "299", caller: c[0]),                                // conflict
        CDR.row("P005", caller: c[4] + String(repeating: " ", count: 5 << 20)),    // too long
        CDR.row("P006", caller: "\"" + c[4]))                                      // unterminated quote
}

/// Caller numbers are never stored in clear: not for stored calls, not in the raw text kept for
/// rejected rows, not in the WAL.
@Test func callerNumbersNeverReachTheDatabaseInClear() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        let file = try scratch.write("cdr.csv", privacyFile())
        let report = try Ingestion(store: store).ingest(file: file, kind: .cdr)
        #expect(report.rowsAccepted == 1)
        #expect(report.rowsRejected == 6)
        for reject in report.firstRejects {
            for trace in callerTraces(privateCallers) { #expect(!reject.description.contains(trace)) }
        }
        // With the store still open, the new pages are in the WAL.
        let bytes = databaseBytes(store.path)
        #expect(bytes.count > 0)
        for trace in callerTraces(privateCallers) {
            let found = contains(bytes, trace)
            #expect(!found, "found \(trace) in the database files")
        }
        // A reject keeps the rest of its raw line; the caller's digits are masked.
        #expect(try store.text("SELECT CAST(raw AS TEXT) FROM rejects WHERE line_number = 3")
                == CDR.row("P002", started: "2026-10-01T10:00:00", caller: "#### ## ### ## ##"))
        // A row whose fields cannot be trusted has all its digits masked.
        #expect(try store.text("SELECT CAST(raw AS TEXT) FROM rejects WHERE line_number = 4")?.hasPrefix("P###,hot#,a#,####-##-##") == true)
    }
}

/// A database from before the key's fingerprint was stored gets it at its first open (that key
/// becomes its key); a key swapped in after that is refused, naming both files.
@Test func aDatabaseWithoutAFingerprintRecordsTheKeyInUseThenRefusesAnother() throws {
    try withScratch { scratch in
        let path = try scratch.store().path  // also writes the key file beside it
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        // A database as version 8 left it (a later migration need not be repeatable on a newer one).
        let old = try databaseAtSchemaVersion(8, path: path)
        let keyPath = CallerPseudonymizer.keyPath(forDatabase: path)
        let key = try CallerPseudonymizer(keyPath: keyPath)
        _ = try Store(path: path)
        #expect(try old.scalarInt("PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try PseudonymKeyRecord.recorded(old) == key.fingerprint)
        #expect(key.fingerprint.count == 32)
        // Neither the key nor anything derived from it but the fingerprint is stored.
        let bytes = Array(try #require(FileManager.default.contents(atPath: keyPath)))
        let stored = databaseBytes(path)
        #expect(stored.count > 32)
        #expect(!stored.indices.dropLast(31).contains { stored[$0] == bytes[0] && Array(stored[$0..<$0 + 32]) == bytes })

        try Data(bytes.map { $0 &+ 1 }).write(to: URL(fileURLWithPath: keyPath))
        #expect(chmod(keyPath, 0o600) == 0)
        #expect {
            _ = try Store(path: path)
        } throws: { error in
            guard case StoreError.keyMismatch(let named, let database) = error else { return false }
            return named == keyPath && database == path
        }
        // Only looking: opened, with the problem listed.
        let looking = try Store(path: path, create: false, verifyingKey: false)
        #expect(try Maintenance(store: looking).integrityProblems().first?.description.contains("is not the key of the database") == true)
    }
}

/// The fingerprint depends on the key alone: the same key gives the same fingerprint, another
/// key another one.
@Test func theFingerprintNamesTheKey() {
    let a = CallerPseudonymizer(key: Array(repeating: 7, count: 32)).fingerprint
    #expect(a == CallerPseudonymizer(key: Array(repeating: 7, count: 32)).fingerprint)
    #expect(a != CallerPseudonymizer(key: Array(repeating: 8, count: 32)).fingerprint)
    #expect(a != Array(repeating: 7, count: 32))
}
