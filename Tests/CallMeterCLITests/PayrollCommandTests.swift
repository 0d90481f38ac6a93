import CallMeterCLI
import Foundation
import Testing

/// A scratch folder with a copy of the shipped rules and a database holding the fixtures.
private final class PayrollWorkspace {
    let url: URL
    var rules: URL { url.appendingPathComponent("Rules") }
    var database: String { url.appendingPathComponent("callmeter.sqlite").path }

    init(ingestFixtures: Bool = true) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Rules"), to: rules)
        if ingestFixtures {
            for (kind, file) in [("agents", "agents.csv"), ("cdr", "cdr.csv")] {
                let result = run(["ingest", kind, packageRoot.appendingPathComponent("Fixtures/\(file)").path])
                guard result.status == 0 else { throw CLIError(text: result.err) }
            }
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    @discardableResult
    func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let status = CLI.run(["--db", database, "--rules", rules.path] + arguments, console: captured.console, environment: [:],
                             workingDirectory: url)
        return (status, captured.out, captured.err)
    }

    func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: url.appendingPathComponent(name))) }
}

private struct CLIError: Error { let text: String }

@Test func summaryAndExportOfTheFixturesMonth() throws {
    let workspace = try PayrollWorkspace()
    let result = workspace.run(["payroll", "2026-10", "--export", workspace.path("october.csv")])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.contains("Payroll 2026-10 (monthly, 2026-10-01 to 2026-10-31, CHF): open"))
    #expect(result.out.contains("a200   Zoë Müller"))
    #expect(result.out.contains("Total: 474.97 CHF in 15 lines"))
    #expect(result.out.contains("Wrote \(workspace.path("october.csv")) (rfc4180, 15 lines, total 474.97 CHF)"))
    let text = String(decoding: try workspace.bytes("october.csv"), as: UTF8.self)
    #expect(text.hasPrefix("period,agent_id,agent_name,tier,rate_per_minute,calls,billable_seconds,billable_minutes,amount,currency,adjustment_of\r\n"))
    #expect(text.contains("\r\n2026-10,a400,\"Dupont, Claire\",support,0.625,2,972,16.20,10.12,CHF,\r\n"))

    let excel = workspace.run(["payroll", "2026-10", "--export=\(workspace.path("october-de.csv"))", "--dialect", "excel-de"])
    #expect(excel.status == 0)
    let de = try workspace.bytes("october-de.csv")
    #expect(Array(de.prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(String(decoding: de.dropFirst(3), as: UTF8.self).contains("\r\n2026-10;a400;Dupont, Claire;support;0,625;2;972;16,20;10,12;CHF;\r\n"))
}

@Test(arguments: [
    (["payroll"], "needs a PERIOD"),
    (["payroll", "2026-13"], "2026-W47"),
    (["payroll", "October"], "is not a pay period"),
    (["payroll", "2026-10", "--dialect", "excel-de"], "--dialect needs --export"),
    (["payroll", "2026-10", "--export", "x.csv", "--dialect", "xlsx"], "unknown dialect 'xlsx'"),
    (["payroll", "close"], "needs a PERIOD"),
    (["payroll", "close", "2026-10", "--export", "x.csv"], "not with close"),
    (["payroll", "2026-10", "--allow-unrated"], "goes with 'payroll close'"),
    (["payroll", "2026-10", "2026-11"], "unexpected argument"),
    (["payroll", "2026-10", "--frobnicate"], "unknown option"),
])
func usageErrors(_ arguments: [String], _ message: String) throws {
    let workspace = try PayrollWorkspace(ingestFixtures: false)
    let result = workspace.run(arguments)
    #expect(result.status == 64)
    #expect(result.err.contains(message), "\(result.err)")
    #expect(result.err.contains("See 'callmeter help payroll'."))
}

@Test func closeIsRefusedForCallsOnHotlinesWithoutTier() throws {
    let workspace = try PayrollWorkspace()
    let cdr = try workspace.write("unrated.csv", """
        call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds
        NEW-1,+41800900900,a100,2026-10-12T08:00:00Z,2026-10-12T08:00:05Z,2026-10-12T08:05:00Z,answered,295
        NEW-2,+41800900900,a200,2026-10-13T08:00:00Z,2026-10-13T08:00:05Z,2026-10-13T08:05:00Z,answered,295

        """)
    #expect(workspace.run(["ingest", "cdr", cdr]).status == 0)
    let refused = workspace.run(["payroll", "close", "2026-10"])
    #expect(refused.status == 1)
    #expect(refused.err.contains("cannot close 2026-10: 2 calls cannot be priced"))
    #expect(refused.err.contains("\"+41800900900\": 2 calls, hotline not in \(workspace.rules.path)/tiers.json \"hotlines\" (e.g. \"NEW-1\", \"NEW-2\")"))
    #expect(refused.err.contains("Fix \(workspace.rules.path)/tiers.json"))
    #expect(workspace.run(["payroll", "2026-10"]).out.contains("Not priced, earning nothing until tiers.json prices them (2 calls)"))

    let forced = workspace.run(["payroll", "close", "2026-10", "--allow-unrated"])
    #expect(forced.status == 0, "\(forced.err)")
    #expect(forced.out.contains("Closed 2026-10: 15 lines, total 474.97 CHF"))
    #expect(forced.out.contains("Left unpaid (--allow-unrated), 2 calls"))
}

/// After close, the export is byte-identical even when the rule files change or break, and late
/// calls show up in November as adjustment lines.
@Test func closeThenReExportAndLateCalls() throws {
    let workspace = try PayrollWorkspace()
    #expect(workspace.run(["payroll", "2026-10", "--export", workspace.path("before.csv")]).status == 0)
    let closed = workspace.run(["payroll", "close", "2026-10"])
    #expect(closed.status == 0, "\(closed.err)")
    #expect(workspace.run(["payroll", "close", "2026-10"]).err.contains("2026-10 is already closed"))

    let tiers = try String(contentsOf: workspace.rules.appendingPathComponent("tiers.json"), encoding: .utf8)
    try Data(tiers.replacingOccurrences(of: "\"0.45\"", with: "\"0.50\"").utf8).write(to: workspace.rules.appendingPathComponent("tiers.json"))
    let late = try workspace.write("late.csv", """
        call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds
        LATE-1,+41800100100,a300,2026-10-29T08:00:00Z,2026-10-29T08:00:05Z,2026-10-29T08:10:05Z,answered,600

        """)
    #expect(workspace.run(["ingest", "cdr", late]).status == 0)
    for dialect in ["rfc4180", "excel-de"] {
        #expect(workspace.run(["payroll", "2026-10", "--export", workspace.path("after-\(dialect).csv"), "--dialect", dialect]).status == 0)
        #expect(workspace.run(["payroll", "2026-10", "--export", workspace.path("again-\(dialect).csv"), "--dialect", dialect]).status == 0)
        #expect(try workspace.bytes("after-\(dialect).csv") == workspace.bytes("again-\(dialect).csv"))
    }
    #expect(try workspace.bytes("after-rfc4180.csv") == workspace.bytes("before.csv"))
    #expect(workspace.run(["payroll", "2026-10"]).out.contains("1 call of this period arrived after it was closed; it is paid in 2026-11 as adjustments."))

    let november = workspace.run(["payroll", "2026-11", "--export", workspace.path("november.csv")])
    #expect(november.status == 0)
    #expect(november.out.contains("Pays late calls of the closed period 2026-10 as adjustment lines."))
    let text = String(decoding: try workspace.bytes("november.csv"), as: UTF8.self)
    #expect(text.hasSuffix("\r\n2026-11,a300,Marco Rossi,order,0.50,1,600,10.00,5.00,CHF,2026-10\r\n"))

    // A broken rule file does not stop the export of a closed period, only of open ones.
    try Data("{ \"tiers\": [ oops ] }".utf8).write(to: workspace.rules.appendingPathComponent("tiers.json"))
    #expect(workspace.run(["payroll", "2026-10", "--export", workspace.path("broken.csv")]).status == 0)
    #expect(try workspace.bytes("broken.csv") == workspace.bytes("before.csv"))
    #expect(workspace.run(["payroll", "2026-11"]).status == 1)
}

@Test(arguments: [
    ("\"per_minute\": \"0.45\"", "\"per_minute\": \"0,45\"", "tiers.json:", "tiers[0].rates[0].per_minute: expected a decimal number"),
    ("\"tier\": \"support\"", "\"tier\": \"premium\"", "tiers.json:", "hotlines[1].tier: unknown tier \"premium\""),
    ("{ \"from\": \"2026-10-16\"", "{ \"from\": \"2026-01-01\"", "tiers.json:", "overlaps tiers[2].rates[0].from"),
])
func badRuleFilesNameFileAndKey(_ original: String, _ replacement: String, _ file: String, _ message: String) throws {
    let workspace = try PayrollWorkspace()
    let url = workspace.rules.appendingPathComponent("tiers.json")
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.contains(original))
    try Data(text.replacingOccurrences(of: original, with: replacement).utf8).write(to: url)
    let result = workspace.run(["payroll", "2026-10"])
    #expect(result.status == 1)
    #expect(result.err.contains(file))
    #expect(result.err.contains(message), "\(result.err)")
}

@Test func unknownPeriodKindInPayrollJSON() throws {
    let workspace = try PayrollWorkspace()
    let url = workspace.rules.appendingPathComponent("payroll.json")
    let text = try String(contentsOf: url, encoding: .utf8)
    try Data(text.replacingOccurrences(of: "\"period\": \"monthly\"", with: "\"period\": \"fortnightly\"").utf8).write(to: url)
    let result = workspace.run(["payroll", "2026-10"])
    #expect(result.status == 1)
    #expect(result.err.contains("payroll.json:"))
    #expect(result.err.contains("period: unknown period \"fortnightly\""))
}

@Test func fairnessWithoutSessionData() throws {
    let workspace = try PayrollWorkspace()
    let result = workspace.run(["payroll", "fairness", "2026-10"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.contains("Fairness 2026-10 (CHF): minimum hourly 24.00 CHF"))
    #expect(result.out.contains("n/a — no agent session data"))
    #expect(result.out.contains("a100   Anna Keller"))
}

@Test func agentNamesCannotDriveTheTerminal() throws {
    let workspace = try PayrollWorkspace()
    let agents = try workspace.write("evil.csv", "agent_id,name\na100,\"Anna\u{1B}[31m Red\u{202E}\"\n")
    #expect(workspace.run(["ingest", "agents", agents]).status == 0)
    let result = workspace.run(["payroll", "2026-10"])
    #expect(!result.out.contains("\u{1B}"))
    #expect(!result.out.contains("\u{202E}"))
    #expect(result.out.contains("Anna\\e[31m Red\\u{202E}"))
}

@Test func demoWritesThePayrollExport() throws {
    let workspace = try PayrollWorkspace(ingestFixtures: false)
    let directory = workspace.path("demo")
    let result = workspace.run(["demo", "--dir", directory, "--fixtures", packageRoot.appendingPathComponent("Fixtures").path])
    #expect(result.status == 0, "\(result.err)")
    // The demo scores before it pays: a100 is 'good' as of 2026-10-31, and payroll.json pays 'good'
    // a 2% bonus on her 143.56 CHF of minutes: 2.8712 → 2.87, its own line (15 + 1 lines).
    #expect(result.out.contains("Payroll export: \(directory)/payroll-2026-10.csv (16 lines, total 477.84 CHF)"))
    let export = try String(contentsOfFile: directory + "/payroll-2026-10.csv", encoding: .utf8)
    #expect(export.contains("2026-10,a100,Anna Keller,bonus:good"))
}

@Test func payrollWithoutAScoreRunInThePeriodPaysNoBonus() throws {
    let workspace = try PayrollWorkspace()
    let before = workspace.run(["payroll", "2026-10"])
    #expect(before.out.contains("Total: 474.97 CHF in 15 lines"))
    // A run outside the period (as of 2026-11-05) gives October no band.
    #expect(workspace.run(["ingest", "ratings", packageRoot.appendingPathComponent("Fixtures/ratings.csv").path]).status == 0)
    #expect(workspace.run(["score", "--as-of", "2026-11-05"]).status == 0)
    #expect(workspace.run(["payroll", "2026-10"]).out.contains("Total: 474.97 CHF in 15 lines"))
    // The nightly run of the period's last day does.
    #expect(workspace.run(["score", "--as-of", "2026-10-31"]).status == 0)
    #expect(workspace.run(["payroll", "2026-10"]).out.contains("Total: 477.84 CHF in 16 lines"))
}

@Test func helpListsPayroll() throws {
    let workspace = try PayrollWorkspace(ingestFixtures: false)
    #expect(workspace.run(["help"]).out.contains("payroll"))
    let help = workspace.run(["payroll", "--help"])
    #expect(help.status == 0)
    #expect(help.out.contains("USAGE: callmeter [--db PATH] [--rules DIR] payroll PERIOD"))
}
