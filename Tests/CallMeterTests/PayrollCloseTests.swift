import Foundation
import Testing
@testable import CallMeter

private func export(_ payroll: PeriodPayroll, _ dialect: ExportDialect = .rfc4180) -> [UInt8] {
    PayrollCSV.render(lines: payroll.lines, currency: payroll.currency, places: payroll.places, dialect: dialect)
}

private let october = PayPeriod.containing(day: CalendarDate.day("2026-10-01"), kind: .monthly)

/// Close October, then calls for October arrive: they are paid in November as adjustment lines,
/// and October's export does not change.
@Test func lateCallsAfterCloseArePaidAsAdjustments() throws {
    let fixture = try PayrollFixture(agents: [("a1", "Agent One"), ("a2", "Agent Two")], calls: [
        TestCall(id: "O1", startedAt: "2026-10-05T08:00:00Z", talk: 600),
        TestCall(id: "O2", hotline: "+41800300300", agent: "a2", startedAt: "2026-10-20T08:00:00Z", talk: 120),
    ])
    let configuration = try testConfiguration()
    let (closedPayroll, closed) = try Payroll(store: fixture.store).close(october, configuration: configuration, closedAtMilliseconds: 1_793_600_000_000)
    let before = export(closedPayroll)
    #expect(closed.exportDigest == Crypto.hex(Crypto.sha256(before)))
    #expect(closed.total == Money(minorUnits: 640, places: 2)) // 4.50 + 1.90

    try fixture.add([
        TestCall(id: "LATE-OCT", hotline: "+41800300300", agent: "a2", startedAt: "2026-10-10T08:00:00Z", talk: 60), // 0.90
        TestCall(id: "LATE-OCT-2", hotline: "+41800300300", agent: "a2", startedAt: "2026-10-30T08:00:00Z", talk: 60), // 0.95
        TestCall(id: "NOV", startedAt: "2026-11-02T08:00:00Z", talk: 60),
    ])
    let reread = try Payroll(store: fixture.store).payroll(for: october, configuration: configuration)
    #expect(export(reread) == before)
    #expect(reread.isClosed)
    #expect(reread.lateCalls == 2)
    #expect(reread.lateCallsPaidIn?.identifier == "2026-11")

    let november = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-11"), configuration: configuration)
    #expect(november.adjusting.map { $0.identifier } == ["2026-10"])
    let lines = november.lines.map { "\($0.agentID) \($0.tier) \($0.perMinute?.description ?? "") \($0.calls) \($0.amount) \($0.adjustmentOf ?? "-")" }
    #expect(lines == [
        "a1 order 0.45 1 0.45 -",
        "a2 medical 0.9 1 0.90 2026-10",
        "a2 medical 0.95 1 0.95 2026-10",
    ])

    // Closing November settles the late calls; December then has nothing of October's.
    _ = try Payroll(store: fixture.store).close(PayPeriod.parse("2026-11"), configuration: configuration)
    try fixture.add([TestCall(id: "LATER-OCT", startedAt: "2026-10-11T08:00:00Z", talk: 120)])
    let december = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-12"), configuration: configuration)
    #expect(december.adjusting.map { $0.identifier } == ["2026-10", "2026-11"])
    #expect(december.lines.map { "\($0.calls) \($0.amount) \($0.adjustmentOf ?? "-")" } == ["1 0.90 2026-10"])
    #expect(try Payroll(store: fixture.store).payroll(for: october, configuration: configuration).lateCalls == 1)
    #expect(try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-11"), configuration: configuration).lateCalls == 0)
}

/// A closed period's export stays byte-identical when the rules, the agent directory and the calls
/// change afterwards, and whatever the rule files say by then.
@Test(arguments: ExportDialect.allCases)
func reExportOfAClosedPeriodIsByteIdentical(_ dialect: ExportDialect) throws {
    let fixture = try PayrollFixture(agents: [("a1", "Agent One")], calls: [
        TestCall(id: "O1", startedAt: "2026-10-05T08:00:00Z", talk: 600),
        TestCall(id: "O2", hotline: "+41800200200", startedAt: "2026-10-06T08:00:00Z", talk: 486),
    ])
    let (payroll, _) = try Payroll(store: fixture.store).close(october, configuration: testConfiguration())
    let first = export(payroll, dialect)

    // New prices, new rounding, a renamed agent, another call.
    let dearer = testTiersJSON.replacingOccurrences(of: "0.45", with: "0.55")
    let changed = try testConfiguration(PayrollRules(amountRounding: .halfUp), tiers: dearer)
    _ = try Ingestion(store: fixture.store).ingest(file: try fixture.scratch.write("agents2.csv", "agent_id,name\na1,Renamed Agent\n"), kind: .agents)
    try fixture.add([TestCall(id: "O3", startedAt: "2026-10-07T08:00:00Z", talk: 60)])

    for _ in 0..<3 {
        let again = try Payroll(store: fixture.store).payroll(for: october, configuration: changed)
        #expect(export(again, dialect) == first)
    }
    // Rules are not even read for a closed period.
    let again = try Payroll(store: fixture.store).payroll(for: october, configuration: { throw TestSetupError(reason: "rules read") }())
    #expect(export(again, dialect) == first)
}

@Test func closeIsRefusedForUnratedCallsAndListsThem() throws {
    let fixture = try PayrollFixture(calls: [
        TestCall(id: "U1", hotline: "+41800999999", startedAt: "2026-10-05T08:00:00Z"),
        TestCall(id: "U2", hotline: "+41800999999", startedAt: "2026-10-06T08:00:00Z"),
        TestCall(id: "OK", startedAt: "2026-10-07T08:00:00Z"),
    ])
    let configuration = try testConfiguration()
    let error = #expect(throws: PayrollError.self) {
        try Payroll(store: fixture.store).close(october, configuration: configuration)
    }
    let text = error.map { CommandLineHints.message(for: $0) } ?? ""
    #expect(text.contains("cannot close 2026-10: 2 calls cannot be priced"))
    #expect(text.contains("\"+41800999999\": 2 calls, hotline not in tiers.json \"hotlines\" (e.g. \"U1\", \"U2\")"))
    #expect(text.contains("Fix tiers.json"))
    #expect(text.contains("--allow-unrated"))
    #expect(try Payroll(store: fixture.store).closedPeriods().isEmpty)

    // Overridden: the rated call is paid, the others are recorded as left unpaid and stay so.
    let (payroll, closed) = try Payroll(store: fixture.store).close(october, configuration: configuration, allowUnrated: true)
    #expect(payroll.lines.map(\.calls) == [1])
    #expect(closed.lineCount == 1)
    let fixed = testTiersJSON.replacingOccurrences(
        of: #"{ "hotline": "+41800100100", "tier": "order" },"#,
        with: #"{ "hotline": "+41800100100", "tier": "order" }, { "hotline": "+41800999999", "tier": "order" },"#)
    let november = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-11"), configuration: testConfiguration(tiers: fixed))
    #expect(november.lines.isEmpty)
    #expect(try fixture.store.connection.scalarInt("SELECT count(*) FROM payroll_calls WHERE tier IS NULL") == 2)
}

@Test func closingTwiceOrAnOverlappingPeriodIsRefused() throws {
    let fixture = try PayrollFixture(calls: [TestCall(id: "O1", startedAt: "2026-10-05T08:00:00Z")])
    _ = try Payroll(store: fixture.store).close(october, configuration: testConfiguration())
    let twice = #expect(throws: PayrollError.self) { try Payroll(store: fixture.store).close(october, configuration: testConfiguration()) }
    #expect(twice?.kind == .alreadyClosed(period: "2026-10"))
    let weekly = try testConfiguration(PayrollRules(periodKind: .weekly))
    let overlap = #expect(throws: PayrollError.self) {
        try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-W44"), configuration: weekly)
    }
    #expect(overlap?.kind == .overlapsClosed(period: "2026-W44", closed: "2026-10"))
    // After a switch to weekly periods, late October calls go to the first week after October.
    try fixture.add([TestCall(id: "LATE", startedAt: "2026-10-06T08:00:00Z", talk: 60)])
    let week = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-W45"), configuration: weekly)
    #expect(week.lines.map { $0.adjustmentOf ?? "-" } == ["2026-10"])
}

/// Frozen lines edited by hand no longer match the stored digest: exporting says so.
@Test func aTamperedClosedPeriodIsDetected() throws {
    let fixture = try PayrollFixture(calls: [TestCall(id: "O1", startedAt: "2026-10-05T08:00:00Z", talk: 600)])
    _ = try Payroll(store: fixture.store).close(october, configuration: testConfiguration())
    try fixture.store.connection.execute("UPDATE payroll_lines SET amount_minor = amount_minor + 100")
    let error = #expect(throws: PayrollError.self) { try Payroll(store: fixture.store).payroll(for: october, configuration: testConfiguration()) }
    #expect(error?.description.contains("changed by hand") == true)
}
