import Foundation
import Testing
@testable import CallMeter

/// The package root, found from this file so the tests work from any working directory.
let asteriskPackageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

func asteriskFixture(_ name: String) -> String {
    asteriskPackageRoot.appendingPathComponent("Fixtures/asterisk").appendingPathComponent(name).path
}

/// A call as the tests compare it: instants as ISO 8601 UTC, the caller as "caller present".
struct StoredCall: Equatable, CustomStringConvertible {
    var callID: String
    var hotline: String
    var agent: String?
    var started: String
    var answered: String?
    var ended: String
    var disposition: String
    var talk: Int64
    var direction = "inbound"
    var queue: String? = nil
    var endedBy: String? = nil

    var description: String {
        "\(callID) \(hotline) \(agent ?? "-") \(started) \(answered ?? "-") \(ended) \(disposition) \(talk) \(direction) \(queue ?? "-") \(endedBy ?? "-")"
    }
}

/// A database in a scratch folder, removed when the value goes away.
final class ScratchStore {
    let directory: URL
    let store: Store

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-asterisk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("test.sqlite").path, create: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    static func settings(
        _ format: IngestFormat, zone: String = "Europe/Zurich", rules: AsteriskRules = AsteriskRules(),
        columns: AsteriskSeventeenthColumn? = nil
    ) -> IngestSettings {
        IngestSettings(format: format, timeZone: TimeZone(identifier: zone) ?? .current, asterisk: rules, seventeenthColumn: columns)
    }

    func ingest(_ path: String, _ format: IngestFormat, zone: String = "Europe/Zurich", rules: AsteriskRules = AsteriskRules(),
                columns: AsteriskSeventeenthColumn? = nil) throws -> IngestReport {
        try Ingestion(store: store).ingest(file: path, kind: .cdr, settings: Self.settings(format, zone: zone, rules: rules, columns: columns))
    }

    /// Writes `bytes` to a file in the scratch folder and returns its path.
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }

    func calls() throws -> [StoredCall] {
        try store.connection.prepare("""
            SELECT c.call_id, h.hotline, a.agent_id, c.started_at, c.answered_at, c.ended_at, c.disposition, c.talk_seconds,
                   c.direction, c.queue, c.ended_by
            FROM calls c JOIN hotlines h ON h.id = c.hotline LEFT JOIN agents a ON a.id = c.agent
            ORDER BY c.started_at, c.call_id
            """).rows { row in
                StoredCall(
                    callID: row.text(0), hotline: row.text(1), agent: row.optionalText(2), started: Timestamp.formatUTC(row.int64(3)),
                    answered: row.optionalInt64(4).map { Timestamp.formatUTC($0) }, ended: Timestamp.formatUTC(row.int64(5)),
                    disposition: row.text(6), talk: row.int64(7), direction: row.text(8), queue: row.optionalText(9),
                    endedBy: row.optionalText(10))
            }
    }

    func int(_ sql: String) throws -> Int64 { try store.connection.scalarInt(sql) ?? 0 }

    /// The hotline an unnamed phone number becomes in this database (its key is random).
    func hotlinePseudonym(_ number: String) throws -> String {
        try AsteriskNames(rules: AsteriskRules()).hotline(number, pseudonymizer: store.pseudonymizer)
    }

    func callerHash(_ callID: String) throws -> [UInt8]? {
        try store.connection.prepare("SELECT caller_hash FROM calls WHERE call_id = ?").rows([.text(callID)]) { $0.isNull(0) ? nil : $0.blob(0) }.first ?? nil
    }

    /// Every byte of the database and its WAL, to look for what must not be there.
    func databaseBytes() throws -> [UInt8] {
        try store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        var bytes: [UInt8] = []
        for suffix in ["", "-wal"] {
            // (FileManager.contents(atPath:) leaks its buffer for an empty file on this toolchain.)
            let size = (try? FileManager.default.attributesOfItem(atPath: store.path + suffix)[.size] as? Int) ?? 0
            if size > 0, let data = FileManager.default.contents(atPath: store.path + suffix) { bytes += data }
        }
        return bytes
    }
}

extension Array where Element == UInt8 {
    func contains(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, pattern.count <= count else { return false }
        for start in 0...(count - pattern.count) where self[start] == pattern[0] && Array(self[start..<(start + pattern.count)]) == pattern {
            return true
        }
        return false
    }
}

/// Third-party files from `$CALLMETER_REALDATA` (CI: `../shared/realdata`); never copied into the
/// repository. The real-data tests are skipped, saying why, when the variable is not set.
let realData: URL? = ProcessInfo.processInfo.environment["CALLMETER_REALDATA"]
    .flatMap { $0.isEmpty ? nil : $0 }
    .map { path in path.hasPrefix("/") ? URL(fileURLWithPath: path) : asteriskPackageRoot.appendingPathComponent(path) }

let noRealData: Comment = "CALLMETER_REALDATA is not set: the real PBX files are not available"

/// `path` under `$CALLMETER_REALDATA`; a test failure when the file is missing.
func realFile(_ path: String) throws -> String {
    let url = try #require(realData).appendingPathComponent(path)
    try #require(FileManager.default.fileExists(atPath: url.path), "\(url.path) is missing")
    return url.path
}
