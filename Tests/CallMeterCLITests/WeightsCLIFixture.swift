import CallMeter
import CallMeterCLI
import Foundation

/// A scratch folder with a database holding an agent directory, the shipped rules, a fixed
/// clock, and scoring runs fed to `callmeter weights` through the seam.
final class WeightsCLIFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let directory: URL
    var database: String { directory.appendingPathComponent("callmeter.sqlite").path }
    /// 2026-11-02T05:00:00Z unless a test moves it.
    var now = Date(timeIntervalSince1970: 1_793_595_600)
    var runs: [ScoringRunSnapshot] = []
    var rules: URL = WeightsCLIFixture.packageRoot.appendingPathComponent("Rules")

    /// `agentsCSV` is an agent directory file (`agent_id,name,sip_uri,active,dispatch_set`).
    init(agentsCSV: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-weights-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("agents.csv")
        try Data(agentsCSV.utf8).write(to: file)
        let result = run(["ingest", "agents", file.path])
        guard result.status == 0 else { throw CocoaError(.fileReadCorruptFile, userInfo: ["output": result.err]) }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Runs `callmeter --db … --rules … ARGUMENTS` in-process.
    @discardableResult
    func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let now = self.now
        let status = CLI.run(
            ["--db", database, "--rules", rules.path] + arguments, console: captured.console, environment: ["USER": "ignored"],
            workingDirectory: directory, clock: { now }, scoringRuns: FixedScoringResults(runs))
        return (status, captured.out, captured.err)
    }

    func text(_ relativePath: String) -> String? {
        FileManager.default.contents(atPath: directory.appendingPathComponent(relativePath).path).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// A scoring run with these scores (tenths) and bands.
func scoringRun(_ id: Int64, _ asOf: String, _ agents: [(String, Int?, String)]) -> ScoringRunSnapshot {
    ScoringRunSnapshot(runID: id, asOf: CalendarDate(asOf) ?? CalendarDate(daysSinceEpoch: 0), agents: agents.map {
        .init(agentID: $0.0, scoreTenths: $0.1, band: ScoreBand(rawValue: $0.2) ?? .insufficient)
    })
}

/// The fixture's folder replaced with DIR, and who ran it with USER.
func scrub(_ text: String, _ fixture: WeightsCLIFixture) -> String {
    text.replacingOccurrences(of: fixture.directory.path, with: "DIR")
        .replacingOccurrences(of: "by \(OSUser.current(environment: [:]))", with: "by USER")
}
