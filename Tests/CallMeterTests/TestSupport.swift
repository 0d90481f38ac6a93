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

/// Native CDR files built from one standard row; tests override single fields.
///
/// The standard row, with the 1-based column at which each field starts:
/// `C001,hot1,a1,2026-10-01T10:00:00Z,2026-10-01T10:00:10Z,2026-10-01T10:05:10Z,answered,300,5,10,+41791234567`
/// call_id 1, hotline 6, agent_id 11, started_at 14, answered_at 35, ended_at 56, disposition 77,
/// talk_seconds 86, hold_seconds 90, wrap_seconds 92, caller 95; 106 characters.
enum CDR {
    static let header =
        "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds,caller"

    static func row(
        _ id: String, hotline: String = "hot1", agent: String = "a1", started: String = "2026-10-01T10:00:00Z",
        answered: String = "2026-10-01T10:00:10Z", ended: String = "2026-10-01T10:05:10Z",
        disposition: String = "answered", talk: String = "300", hold: String = "5", wrap: String = "10",
        caller: String = "+41791234567"
    ) -> String {
        [id, hotline, agent, started, answered, ended, disposition, talk, hold, wrap, caller].joined(separator: ",")
    }

    /// The header and `rows`, each line ended by LF.
    static func file(_ rows: String...) -> String { file(rows) }

    static func file(_ rows: [String]) -> String {
        ([header] + rows).map { $0 + "\n" }.joined()
    }
}

/// Native rating files. Standard row `C001,4,overall,2026-10-01T10:06:00Z`: call_id 1, rating 6,
/// question 8, rated_at 16.
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

/// Whether `needle` occurs in `haystack` as a byte sequence.
func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
    let n = Array(needle.utf8)
    guard !n.isEmpty, haystack.count >= n.count else { return false }
    var i = 0
    while i + n.count <= haystack.count {
        if haystack[i] == n[0] && Array(haystack[i..<(i + n.count)]) == n { return true }
        i += 1
    }
    return false
}

/// The bytes of the database file and its WAL (when there is one).
func databaseBytes(_ path: String) -> [UInt8] {
    var all: [UInt8] = []
    for suffix in ["", "-wal", "-shm"] {
        if let data = FileManager.default.contents(atPath: path + suffix) { all += data }
    }
    return all
}

