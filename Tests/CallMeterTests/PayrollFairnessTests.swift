import Foundation
import Testing
@testable import CallMeter

private struct FixedSessions: AgentSessionSource {
    let seconds: [String: Int64]
    func loggedInSeconds(from start: Int64, to end: Int64) throws -> [String: Int64]? { seconds }
}

private func fairnessFixture() throws -> PayrollFixture {
    try PayrollFixture(agents: [("a1", "One"), ("a2", "Two"), ("a3", "Idle")], calls: [
        // a1: 60 min of medical at 0.90 = 54.00, handled 60 min + 10 min wrap.
        TestCall(id: "F1", hotline: "+41800300300", agent: "a1", startedAt: "2026-10-05T08:00:00Z", talk: 3_600, wrap: 600),
        // a2: 60 min of orders at 0.45 = 27.00.
        TestCall(id: "F2", agent: "a2", startedAt: "2026-10-05T09:00:00Z", talk: 3_600),
    ])
}

@Test func withoutSessionsLoggedInFiguresAreNotAvailable() throws {
    let fixture = try fairnessFixture()
    let rules = PayrollRules(minimumHourly: FixedDecimal(tenThousandths: 300_000)) // 30.00 an hour
    let report = try Payroll(store: fixture.store).fairness(for: PayPeriod.parse("2026-10"), configuration: testConfiguration(rules))
    #expect(!report.hasSessions)
    #expect(report.rows.map(\.agentID) == ["a1", "a2"])
    #expect(report.rows.map(\.loggedInSeconds) == [nil, nil])
    #expect(report.rows.map(\.occupancyPermille) == [nil, nil])
    #expect(report.rows.map(\.perPaidHour) == [Money(minorUnits: 5_400, places: 2), Money(minorUnits: 2_700, places: 2)])
    // a2 earns 27.00 per paid hour: below 30.00 whatever the logged-in time; a1 cannot be told.
    #expect(report.rows.map(\.underMinimum) == [nil, true])
}

@Test func sessionsGiveOccupancyAndTheHourlyFlag() throws {
    let fixture = try fairnessFixture()
    let rules = PayrollRules(minimumHourly: FixedDecimal(tenThousandths: 300_000))
    let sessions = FixedSessions(seconds: ["a1": 7_200, "a2": 3_600, "a3": 14_400])
    let report = try Payroll(store: fixture.store).fairness(
        for: PayPeriod.parse("2026-10"), configuration: testConfiguration(rules), sessions: sessions)
    #expect(report.hasSessions)
    #expect(report.rows.map(\.agentID) == ["a1", "a2", "a3"])
    #expect(report.rows.map(\.loggedInMinutes) == [1_200_000, 600_000, 2_400_000])
    #expect(report.rows.map(\.occupancyPermille) == [583, 1_000, 0]) // 70 min of 120; 60 of 60; none
    #expect(report.rows.map(\.perLoggedInHour) == [Money(minorUnits: 2_700, places: 2), Money(minorUnits: 2_700, places: 2),
                                                   Money(minorUnits: 0, places: 2)])
    #expect(report.rows.map(\.underMinimum) == [true, true, true])
}
