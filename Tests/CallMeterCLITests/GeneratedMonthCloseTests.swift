import CallMeterCLI
import Foundation
import Testing

/// The generator and the shipped `Rules/tiers.json` describe the same center: a generated month,
/// ingested as it is, is priced call for call and closes with the shipped rules.
@Test func aGeneratedMonthClosesWithTheShippedRules() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-month-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let rules = WeightsCLIFixture.packageRoot.appendingPathComponent("Rules").path
    let database = dir.appendingPathComponent("callmeter.sqlite").path
    // 2026-12-03: November has ended in Zurich.
    let now = Date(timeIntervalSince1970: 1_796_284_800)
    func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let status = CLI.run(["--db", database, "--rules", rules] + arguments, console: captured.console,
                             environment: ["USER": "clerk"], workingDirectory: dir, clock: { now })
        return (status, captured.out, captured.err)
    }
    let generate = run(["generate", "--agents", "40", "--days", "30", "--calls-per-day", "400", "--seed", "7",
                        "--first-day", "2026-11-01", "--out", "generated"])
    #expect(generate.status == 0, "\(generate.err)")
    for kind in ["agents", "cdr", "ratings"] {
        let ingest = run(["ingest", kind, "generated/\(kind).csv"])
        #expect(ingest.status == 0, "\(kind): \(ingest.err)")
    }
    // Every hotline the generator uses has a tier: nothing is unpriced.
    let summary = run(["payroll", "2026-11"])
    #expect(summary.status == 0, "\(summary.err)")
    #expect(!summary.out.contains("Not priced"), "\(summary.out)")

    let close = run(["payroll", "close", "2026-11"])
    #expect(close.status == 0, "\(close.out)\(close.err)")
    #expect(run(["payroll", "2026-11"]).out.contains("closed"))
}
