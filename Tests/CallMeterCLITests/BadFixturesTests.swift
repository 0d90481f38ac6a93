import CallMeterCLI
import Foundation
import Testing

/// The bad-input fixtures in `Fixtures/bad/` and the exact output they must produce
/// (`Fixtures/bad/expected-output.txt`: each command, what it printed, its exit status).
@Test func badFixturesProduceTheDocumentedRejects() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let bad = root.appendingPathComponent("Fixtures/bad")
    let expected = try String(contentsOf: bad.appendingPathComponent("expected-output.txt"), encoding: .utf8)
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-bad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }

    var transcript = ""
    let runs: [(kind: String, file: String)] = [
        ("agents", "agents-mixed.csv"), ("cdr", "cdr-mixed.csv"), ("cdr", "cdr-cut-mid-row.csv"),
        ("cdr", "cdr-invalid-utf8.csv"), ("cdr", "cdr-missing-column.csv"), ("ratings", "ratings-mixed.csv"),
    ]
    for run in runs {
        let captured = CapturedConsole()
        let status = CLI.run(
            ["--db", scratch.appendingPathComponent("bad.sqlite").path, "--rules", root.appendingPathComponent("Rules").path,
             "ingest", run.kind, bad.appendingPathComponent(run.file).path],
            console: captured.console, environment: [:], workingDirectory: scratch)
        transcript += "$ callmeter ingest \(run.kind) \(run.file)\n"
        transcript += captured.combined.replacingOccurrences(of: bad.path + "/", with: "")
        transcript += "exit \(status)\n"
    }
    #expect(transcript == expected)
}
