import Foundation
import Testing
@testable import CallMeter

/// A call at 23:30 local on Sunday 25 October 2026, the 25-hour day when Zurich leaves summer time,
/// is in ISO week 43 and in 2026-10b; with a fixed UTC+2 it would wrongly fall on Monday in week 44.
@Test(arguments: [
    (PayPeriod.Kind.weekly, "2026-W43", "2026-W44"),
    (.semimonthly, "2026-10b", "2026-11a"),
])
func callsOnTheDSTChangeDayBelongToThatDay(_ kind: PayPeriod.Kind, _ containing: String, _ following: String) throws {
    let fixture = try PayrollFixture(calls: [
        TestCall(id: "DST-LATE", startedAt: "2026-10-25T22:30:00Z", talk: 120),    // 23:30 CET, Sunday
        TestCall(id: "DST-EARLY", startedAt: "2026-10-24T22:10:00Z", talk: 60),    // 00:10 CEST, Sunday
        TestCall(id: "MONDAY", startedAt: "2026-10-25T23:00:00Z", talk: 30),       // 00:00 CET, Monday
    ])
    let configuration = try testConfiguration(PayrollRules(periodKind: kind))
    let week = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse(containing), configuration: configuration)
    let next = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse(following), configuration: configuration)
    if kind == .weekly {
        #expect(week.lines.map(\.calls) == [2])
        #expect(week.lines.map(\.billableSeconds) == [180])
        #expect(next.lines.map(\.calls) == [1])
    } else {
        #expect(week.lines.map(\.calls) == [3]) // 16th–31st holds the Monday too
        #expect(next.lines.isEmpty)
    }
}

/// The fixture call EOM-0001 starts at 23:59:50 local on 31 October (22:59:50 UTC): October's pay.
@Test func aCallAtTenSecondsToMidnightOnTheLastDayIsInThatPeriod() throws {
    let fixture = try PayrollFixture(calls: [
        TestCall(id: "EOM-0001", startedAt: "2026-10-31T22:59:50Z", talk: 125),
        TestCall(id: "NOV-FIRST", startedAt: "2026-10-31T23:00:00Z", talk: 60), // 00:00:00 on 1 November
    ])
    let configuration = try testConfiguration()
    let october = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-10"), configuration: configuration)
    let november = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-11"), configuration: configuration)
    #expect(october.lines.map(\.billableSeconds) == [125])
    #expect(november.lines.map(\.billableSeconds) == [60])
    // Weekly: Saturday 31 October is in week 44 (26 Oct – 1 Nov), and so is the first minute of 1 November.
    let weekly = try testConfiguration(PayrollRules(periodKind: .weekly))
    #expect(try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-W44"), configuration: weekly).lines.map(\.calls) == [2])
}

/// Medical pays 0.90 until the 15th and 0.95 from the 16th (local dates): two lines in one period.
@Test func aRateChangeMidPeriodSplitsTheLines() throws {
    let fixture = try PayrollFixture(calls: [
        TestCall(id: "M15", hotline: "+41800300300", startedAt: "2026-10-15T21:59:00Z", talk: 600), // 23:59 on the 15th
        TestCall(id: "M16", hotline: "+41800300300", startedAt: "2026-10-15T22:00:00Z", talk: 600), // 00:00 on the 16th
        TestCall(id: "M31", hotline: "+41800300300", startedAt: "2026-10-31T10:00:00Z", talk: 60),
    ])
    let payroll = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-10"), configuration: testConfiguration())
    #expect(payroll.lines.map(\.perMinute) == [FixedDecimal(tenThousandths: 9_000), FixedDecimal(tenThousandths: 9_500)])
    #expect(payroll.lines.map(\.calls) == [1, 2])
    #expect(payroll.lines.map(\.amount.minorUnits) == [900, 1_045]) // 10 min × 0.90; 11 min × 0.95
    #expect(payroll.total == Money(minorUnits: 1_945, places: 2))
}

/// 972 s on support (0.625 a minute) is exactly 10.125 CHF: the rule decides the cent.
@Test(arguments: [(RoundingMode.halfEven, Int64(1_012)), (.halfUp, 1_013)])
func halfEvenAndHalfUpOnAnExactHalfCent(_ rounding: RoundingMode, _ cents: Int64) throws {
    let fixture = try PayrollFixture(calls: [
        TestCall(id: "S1", hotline: "+41800200200", startedAt: "2026-10-05T08:00:00Z", talk: 486),
        TestCall(id: "S2", hotline: "+41800200200", startedAt: "2026-10-06T08:00:00Z", talk: 486),
    ])
    let payroll = try Payroll(store: fixture.store).payroll(
        for: PayPeriod.parse("2026-10"), configuration: testConfiguration(PayrollRules(amountRounding: rounding)))
    #expect(payroll.lines.count == 1)
    #expect(payroll.lines[0].billableSeconds == 972)
    #expect(payroll.lines[0].billableMinutes == 162_000) // 16.2 minutes
    #expect(payroll.total.minorUnits == cents)
}

/// Only answered and transferred calls with an agent are paid; each is rounded on its own, then the
/// line is priced once.
@Test func incrementsApplyPerCallAndTheLineIsPricedOnce() throws {
    let fixture = try PayrollFixture(calls: [
        TestCall(id: "A", startedAt: "2026-10-05T08:00:00Z", talk: 61),                          // → 66 (6 s up)
        TestCall(id: "B", startedAt: "2026-10-05T09:00:00Z", talk: 3),                           // unpaid (< 5)
        TestCall(id: "C", startedAt: "2026-10-05T10:00:00Z", talk: 7, disposition: "transferred"), // → 30 (minimum)
        TestCall(id: "D", startedAt: "2026-10-05T11:00:00Z", talk: 0, disposition: "abandoned"),
        TestCall(id: "E", agent: nil, startedAt: "2026-10-05T12:00:00Z", talk: 0, disposition: "missed"),
    ])
    let rules = PayrollRules(incrementSeconds: 6, incrementMode: .up, minimumSeconds: 30, unpaidBelowSeconds: 5)
    let payroll = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-10"), configuration: testConfiguration(rules))
    #expect(payroll.lines.count == 1)
    #expect(payroll.lines[0].calls == 3) // A, B (earning nothing) and C
    #expect(payroll.lines[0].billableSeconds == 96)
    #expect(payroll.lines[0].amount.minorUnits == 72) // 96 s × 0.45 / 60 = 0.72
}

@Test func hotlinesWithoutTierAreListedNotPaid() throws {
    let fixture = try PayrollFixture(calls: [
        TestCall(id: "U1", hotline: "+41800999999", startedAt: "2026-10-05T08:00:00Z"),
        TestCall(id: "U2", hotline: "+41800999999", startedAt: "2026-10-06T08:00:00Z"),
        TestCall(id: "OLD", hotline: "+41800300300", startedAt: "2026-10-06T08:00:00Z"),
        TestCall(id: "OK", startedAt: "2026-10-07T08:00:00Z"),
    ])
    let lateTiers = testTiersJSON.replacingOccurrences(of: #"{ "from": "2026-01-01", "per_minute": "0.90" },"#, with: "")
        .replacingOccurrences(of: #""2026-10-16", "per_minute": "0.95""#, with: #""2026-10-16", "per_minute": "0.95""#)
    let payroll = try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-10"), configuration: testConfiguration(tiers: lateTiers))
    #expect(payroll.lines.map(\.calls) == [1])
    #expect(payroll.unratedCallCount == 3)
    #expect(payroll.unrated.map(\.hotline) == ["+41800300300", "+41800999999"])
    #expect(payroll.unrated[0].reason == .noRate(tier: "medical", tierKeyPath: "tiers[2]", firstFrom: CalendarDate.day("2026-10-16")))
    #expect(payroll.unrated[1].reason == .noTier)
    #expect(payroll.unrated[1].sampleCallIDs.sorted() == ["U1", "U2"])
}

@Test func aPeriodOfAnotherKindIsRefused() throws {
    let fixture = try PayrollFixture()
    let error = #expect(throws: PayrollError.self) {
        try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-W44"), configuration: testConfiguration())
    }
    #expect(error?.description.contains("payroll.json sets \"period\": \"monthly\"") == true)
}

/// Overflow anywhere in a computation is an error, never a wrap or a trap.
@Test func anOverflowingLineIsAnError() throws {
    let fixture = try PayrollFixture(calls: [TestCall(id: "BIG", startedAt: "2026-10-05T08:00:00Z", talk: 80_000)])
    let huge = testTiersJSON.replacingOccurrences(of: #""0.45""#, with: #""900000000000000""#)
    let error = #expect(throws: PayrollError.self) {
        try Payroll(store: fixture.store).payroll(for: PayPeriod.parse("2026-10"), configuration: testConfiguration(tiers: huge))
    }
    #expect(error?.description.contains("overflow") == true)
}

/// The shipped fixtures priced with the shipped rules (increment 6 s up, minimum 30 s, unpaid
/// below 5 s, half-even): a regression figure for the demo.
@Test func shippedFixturesTotal() throws {
    let scratch = try ScratchDirectory()
    let store = try Store(path: scratch.path("db.sqlite"), create: true)
    for (file, kind) in [("agents.csv", IngestReport.Kind.agents), ("cdr.csv", .cdr)] {
        _ = try Ingestion(store: store).ingest(file: payrollPackageRoot.appendingPathComponent("Fixtures/\(file)").path, kind: kind)
    }
    let configuration = try PayrollConfiguration.load(directory: payrollPackageRoot.appendingPathComponent("Rules"))
    let payroll = try Payroll(store: store).payroll(for: PayPeriod.parse("2026-10"), configuration: configuration)
    #expect(payroll.total == Money(minorUnits: 47_497, places: 2))
    #expect(payroll.lines.count == 15)
    #expect(payroll.unrated.isEmpty)
    // DST-0001 (support, 1190 s talk, 02:50 local on 25 October) and EOM-0001 (orders, 125 s, 23:59:50
    // on the 31st) are both October's: a100's support line and a200's order line hold them.
    let a200Orders = try #require(payroll.lines.first { $0.agentID == "a200" && $0.tier == "order" })
    #expect(a200Orders.calls == 8)
}
