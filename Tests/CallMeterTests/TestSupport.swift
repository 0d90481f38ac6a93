import Foundation
import Testing
@testable import CallMeter

/// A fresh folder under the system's temporary directory for one test; `withScratch` removes it.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    /// A new store (database and key) in this folder.
    func store(_ name: String = "callmeter.sqlite") throws -> Store {
        try Store(path: path(name), create: true)
    }
}

/// Runs `body` with a new scratch folder and removes the folder afterwards, whatever happens.
func withScratch<T>(_ body: (Scratch) throws -> T) throws -> T {
    let scratch = try Scratch()
    defer { try? FileManager.default.removeItem(at: scratch.url) }
    return try body(scratch)
}

extension Store {
    /// Rows in `table` (a name from the schema, never user input).
    func count(_ table: String, where condition: String = "1") throws -> Int {
        Int(try connection.scalarInt("SELECT count(*) FROM \(table) WHERE \(condition)") ?? 0)
    }

    func text(_ sql: String, _ values: [SQLValue] = []) throws -> String? {
        try connection.scalarText(sql, values)
    }

    func int(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        try connection.scalarInt(sql, values)
    }
}

/// The bytes of `text` with every `¤` replaced by `replacement` (to put invalid UTF-8 in a file).
func bytes(_ text: String, replacingPlaceholderWith replacement: [UInt8] = []) -> [UInt8] {
    var out: [UInt8] = []
    for scalar in text.unicodeScalars {
        if scalar == "¤" { out += replacement } else { out += Array(String(scalar).utf8) }
    }
    return out
}

enum Ratings {
    static let header = "call_id,rating,question,rated_at"

    static func row(_ id: String, rating: String = "4", question: String = "overall", ratedAt: String = "2026-10-01T10:06:00Z") -> String {
        [id, rating, question, ratedAt].joined(separator: ",")
    }

    static func file(_ rows: String...) -> String {
        ([header] + rows).map { $0 + "\n" }.joined()
    }
}

/// Agent directory files. Standard row `a1,Anna Keller,true`: agent_id 1, name 4, active 16.
enum Agents {
    static let header = "agent_id,name,active"

    static func file(_ rows: String...) -> String {
        ([header] + rows).map { $0 + "\n" }.joined()
    }
}

/// The bytes of the database file and its WAL (when there is one).
func databaseBytes(_ path: String) -> [UInt8] {
    var all: [UInt8] = []
    for suffix in ["", "-wal", "-shm"] {
        if let data = FileManager.default.contents(atPath: path + suffix) { all += data }
    }
    return all
}


/// A database as an older CallMeter left it: migrated up to `version` and no further, for tests of
/// the later migrations (a migration need not be repeatable on a newer database).
func databaseAtSchemaVersion(_ version: Int, path: String = ":memory:") throws -> Connection {
    let connection = try Connection(path: path, create: true)
    try Schema.migrate(connection, upTo: version)
    return connection
}
