import Foundation
import Testing
@testable import CallMeter

private let utc = TimeZone(identifier: "UTC")!
private let zurich = TimeZone(identifier: "Europe/Zurich")!
/// 2026-11-02 00:00 UTC, a Monday.
private let day: Int64 = 1_793_577_600
private func at(_ hours: Double, _ base: Int64 = day) -> Int64 { base + Int64(hours * 3600) }
private func commitment(_ agent: String, _ from: Double, _ to: Double, _ base: Int64 = day) -> CommittedInterval {
    CommittedInterval(agentID: agent, start: at(from, base), end: at(to, base), hotlines: [])
}
private func session(_ agent: String, _ kind: AgentSessionInterval.Kind, _ queue: String, _ from: Double, _ to: Double,
                     _ base: Int64 = day) -> AgentSessionInterval {
    AgentSessionInterval(agentID: agent, kind: kind, queue: queue, start: at(from, base), end: at(to, base))
}
private let wholeDay = at(0)..<at(24)

@Test func loggedInAndPausedTimeWithinAndOutsideCommitments() throws {
    // Committed 09:00-17:00 (480 min); logged in 08:00-12:00 and 13:00-18:00; paused 10:00-10:30.
    let rows = AdherenceMaths.adherence(
        commitments: [commitment("a1", 9, 17)],
        sessions: [session("a1", .loggedIn, "", 8, 12), session("a1", .loggedIn, "", 13, 18), session("a1", .paused, "", 10, 10.5)],
        agentsWithSessionData: ["a1"], window: wholeDay, zone: utc)
    let row = try #require(rows.first)
    #expect(rows.count == 1)
    #expect(row.committedSeconds == 480 * 60)
    let sessions = try #require(row.sessions)
    #expect(sessions.loggedInInCommitmentSeconds == 420 * 60)
    #expect(sessions.availableInCommitmentSeconds == 390 * 60)
    #expect(sessions.loggedInOutsideSeconds == 120 * 60)
    #expect(sessions.noShows.isEmpty)
    // 390 / 480 = 81.25 % → 812.5 tenths, rounded half up.
    #expect(row.adherenceTenths == 813)
}

@Test func pausesTakeAnAgentOutOfTheirOwnQueueOnly() {
    // Queue A 09-12 paused 09:00-09:15; queue B 10-17; a pause in all queues 14-15; an AGENTLOGIN
    // (queue '') 08-10 paused in queue B 08:00-09:30 (any pause counts for a login not tied to a
    // queue): available from 09:15 (A) to 14:00, and 15:00-17:00 (B).
    let (loggedIn, available) = AdherenceMaths.loggedInAndAvailable([
        session("a", .loggedIn, "A", 9, 12), session("a", .paused, "A", 9, 9.25), session("a", .loggedIn, "B", 10, 17),
        session("a", .paused, "", 14, 15), session("a", .loggedIn, "", 8, 10), session("a", .paused, "B", 8, 9.5),
    ])
    #expect(loggedIn.ranges == [at(8)..<at(17)])
    #expect(available.ranges == [at(9.25)..<at(14), at(15)..<at(17)])
}

@Test func sessionsAndCommitmentsAreCutAtThePeriodEdges() throws {
    // The period is 2026-11-02 (UTC). A commitment 22:00-02:00 and a session 21:00-03:00 both cross
    // midnight: 2 h committed, 2 h available, 1 h outside fall in the period.
    let rows = AdherenceMaths.adherence(
        commitments: [commitment("a1", 22, 26)], sessions: [session("a1", .loggedIn, "q", 21, 27)],
        agentsWithSessionData: ["a1"], window: wholeDay, zone: utc)
    let row = try #require(rows.first)
    #expect(row.committedSeconds == 7_200)
    #expect(row.sessions?.availableInCommitmentSeconds == 7_200)
    #expect(row.sessions?.loggedInOutsideSeconds == 3_600)
    #expect(row.adherenceTenths == 1_000)
}

@Test func noShowsAreCommitmentsWithoutAnyLogin() throws {
    // 06-08 no login at all: a no-show. 12-14 logged in but paused throughout: 0 available, not a
    // no-show. 16-18 logged in from 17:59:59: not a no-show either.
    let rows = AdherenceMaths.adherence(
        commitments: [commitment("a1", 16, 18), commitment("a1", 6, 8), commitment("a1", 12, 14)],
        sessions: [session("a1", .loggedIn, "", 11, 15), session("a1", .paused, "", 11, 15),
                   AgentSessionInterval(agentID: "a1", kind: .loggedIn, queue: "", start: at(18) - 1, end: at(19))],
        agentsWithSessionData: ["a1"], window: wholeDay, zone: utc)
    let sessions = try #require(rows.first?.sessions)
    #expect(sessions.noShows == [NoShow(agentID: "a1", start: at(6), end: at(8), localDate: CalendarDate("2026-11-02")!,
                                        localStart: "2026-11-02 06:00", localEnd: "2026-11-02 08:00")])
    #expect(sessions.availableInCommitmentSeconds == 1)
    #expect(sessions.loggedInInCommitmentSeconds == 2 * 3600 + 1)
}

@Test func agentsWithoutSessionDataAreNotZeroPercent() throws {
    // a2 has commitments and no session data: listed, no figures from sessions. a3 has session data
    // elsewhere in the store but no login in the period: 0 %, every commitment a no-show. a4 logged
    // in without commitments: listed for the time outside commitments. a5 has no session data and
    // no commitments: not listed.
    let rows = AdherenceMaths.adherence(
        commitments: [commitment("a2", 9, 17), commitment("a3", 9, 17)],
        sessions: [session("a4", .loggedIn, "", 9, 10), session("a5", .loggedIn, "", 9, 10)],
        agentsWithSessionData: ["a3", "a4"], window: wholeDay, zone: utc)
    #expect(rows.map(\.agentID) == ["a2", "a3", "a4"])
    #expect(rows[0].sessions == nil && rows[0].adherenceTenths == nil && rows[0].committedSeconds == 8 * 3600)
    #expect(rows[1].adherenceTenths == 0 && rows[1].sessions?.noShows.count == 1)
    #expect(rows[2].committedSeconds == 0 && rows[2].adherenceTenths == nil && rows[2].sessions?.loggedInOutsideSeconds == 3600)
}

/// 2026-03-29 in Zurich has 23 hours (02:00 → 03:00), 2026-10-25 has 25 (03:00 → 02:00): a
/// commitment from local 00:00 to 06:00 is 5 h and 7 h long, and its no-show shows local times.
@Test(arguments: [("2026-03-29", 5), ("2026-10-25", 7)])
func daylightSavingDaysCountTheirRealHours(date: String, hours: Int64) throws {
    let local = try #require(CalendarDate(date))
    let start = local.start(in: zurich), end = local.adding(days: 1).start(in: zurich)
    // No change of clocks between 06:00 and midnight: local 06:00 is 18 hours before the next day.
    let sixAM = end - 18 * 3600
    let rows = AdherenceMaths.adherence(
        commitments: [CommittedInterval(agentID: "a1", start: start, end: sixAM, hotlines: [])],
        sessions: [AgentSessionInterval(agentID: "a1", kind: .loggedIn, queue: "", start: sixAM, end: sixAM + 3600)],
        agentsWithSessionData: ["a1"], window: start..<end, zone: zurich)
    let row = try #require(rows.first)
    #expect(row.committedSeconds == hours * 3600)
    #expect(row.sessions?.noShows.map { "\($0.localDate) \($0.localStart)-\($0.localEnd)" } == ["\(date) \(date) 00:00-\(date) 06:00"])
    #expect(row.sessions?.loggedInOutsideSeconds == 3600)
}
