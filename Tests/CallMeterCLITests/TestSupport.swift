import Foundation
import Testing
import CallMeterCLI

/// What one in-process run of `callmeter` did.
struct RunResult {
    let status: Int32
    let out: String
    let err: String
}

/// A fresh working directory for one test, with a copy of the shipped `Rules/`; `withWorkspace`
/// removes it.
struct Workspace {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Rules"), to: url.appendingPathComponent("Rules"))
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = path(name)
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    /// Runs `callmeter ARGUMENTS` in this directory, with an empty environment unless one is given.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) -> RunResult {
        let captured = CapturedConsole()
        let status = CLI.run(arguments, console: captured.console, environment: environment, workingDirectory: url)
        return RunResult(status: status, out: captured.out, err: captured.err)
    }

    func run(_ arguments: String...) -> RunResult { run(arguments) }

    /// The database of this workspace (the default `./callmeter.sqlite`).
    var database: String { path("callmeter.sqlite") }
}

func withWorkspace<T>(_ body: (Workspace) throws -> T) throws -> T {
    let workspace = try Workspace()
    defer { try? FileManager.default.removeItem(at: workspace.url) }
    return try body(workspace)
}

/// The package root, found from this file.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Unix permission bits of a file.
func mode(_ path: String) -> Int? {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue
}

enum CDR {
    static let header =
        "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds,caller"

    /// Columns: call_id 1, hotline 6, agent_id 11, started_at 14, answered_at 35, ended_at 56,
    /// disposition 77, talk_seconds 86, hold_seconds 90, wrap_seconds 92, caller 95.
    static func row(
        _ id: String, hotline: String = "hot1", agent: String = "a1", started: String = "2026-10-01T10:00:00Z",
        answered: String = "2026-10-01T10:00:10Z", ended: String = "2026-10-01T10:05:10Z",
        disposition: String = "answered", talk: String = "300", hold: String = "5", wrap: String = "10",
        caller: String = "+41791234567"
    ) -> String {
        [id, hotline, agent, started, answered, ended, disposition, talk, hold, wrap, caller].joined(separator: ",")
    }

    static func file(_ rows: String...) -> String { file(rows) }
    static func file(_ rows: [String]) -> String { ([header] + rows).map { $0 + "\n" }.joined() }
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
