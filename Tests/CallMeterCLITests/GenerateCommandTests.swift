import CallMeterCLI
import Foundation
import Testing

private func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-generate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Rules").path

@Test func generatedDataIngestsWithoutARejectedRow() throws {
    let dir = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let captured = CapturedConsole()
    let generate = CLI.run(
        ["--rules", rules, "generate", "--agents", "20", "--days", "3", "--calls-per-day", "300", "--seed", "42", "--out", dir.path],
        console: captured.console, environment: [:], workingDirectory: dir)
    #expect(generate == 0)
    // How busy the shifts keep the agents, so that a low figure in the fairness report is expected.
    #expect(captured.out.contains(#/Shifts: [0-9,]+ agent-hours committed on the generated days for [0-9,]+ hours? of handled calls \(talk, hold, wrap\): agents are busy [0-9]+\.[0-9] % of their committed time/#))

    let db = dir.appendingPathComponent("g.sqlite").path
    for kind in ["agents", "cdr", "ratings"] {
        let ingest = CapturedConsole()
        let status = CLI.run(["--db", db, "--rules", rules, "ingest", kind, dir.appendingPathComponent("\(kind == "cdr" ? "cdr" : kind).csv").path],
                             console: ingest.console, environment: [:], workingDirectory: dir)
        #expect(status == 0, "\(kind): \(ingest.combined)")
        #expect(ingest.combined.contains(" 0 rejected"))
    }
    let status = CapturedConsole()
    #expect(CLI.run(["--db", db, "status"], console: status.console, environment: [:], workingDirectory: dir) == 0)
    #expect(status.out.contains("Calls:    900"))
    #expect(status.out.contains("(0 pending"))
}

@Test func sameSeedGivesByteIdenticalFiles() throws {
    let first = try scratchDirectory(), second = try scratchDirectory()
    defer {
        try? FileManager.default.removeItem(at: first)
        try? FileManager.default.removeItem(at: second)
    }
    for dir in [first, second] {
        #expect(CLI.run(["--rules", rules, "generate", "--agents", "7", "--days", "2", "--calls-per-day", "50", "--seed", "9", "--out", dir.path],
                        console: CapturedConsole().console, environment: [:], workingDirectory: dir) == 0)
    }
    for name in ["agents.csv", "cdr.csv", "ratings.csv", "truth.csv", "commitments.csv", "truth-gaps.csv"] {
        let a = try Data(contentsOf: first.appendingPathComponent(name))
        let b = try Data(contentsOf: second.appendingPathComponent(name))
        #expect(a == b, "\(name) differs")
    }
}

@Test(arguments: [
    (["generate", "--days", "1", "--calls-per-day", "1", "--seed", "1", "--out", "x"], "generate needs --agents"),
    (["generate", "--agents", "0", "--days", "1", "--calls-per-day", "1", "--seed", "1", "--out", "x"], "--agents takes a whole number"),
    (["generate", "--agents", "1", "--days", "1", "--calls-per-day", "1", "--seed", "-3", "--out", "x"], "--seed takes a whole number"),
    (["generate", "--agents", "1", "--days", "1", "--calls-per-day", "1", "--seed", "1", "--out", "x", "--bogus"], "unexpected argument '--bogus'"),
])
func generateUsageErrorsExit64(arguments: [String], message: String) throws {
    let captured = CapturedConsole()
    let status = CLI.run(arguments, console: captured.console, environment: [:], workingDirectory: FileManager.default.temporaryDirectory)
    #expect(status == 64)
    #expect(captured.err.contains("Error: \(message)"))
}
