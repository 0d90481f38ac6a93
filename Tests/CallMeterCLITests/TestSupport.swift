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

