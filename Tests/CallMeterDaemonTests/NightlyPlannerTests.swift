import CallMeter
import CallMeterDaemon
import Foundation
import Testing

private let zurich = TimeZone(identifier: "Europe/Zurich") ?? .gmt
private let planner = NightlyPlanner(
    schedule: NightlySchedule(time: NightlyTime(hour: 2, minute: 30), clock: CenterClock(timeZone: zurich)), pollSeconds: 10,
    maximumBackoffSeconds: 300)
/// 2026-06-01 02:30 CEST.
private let slotInstant: Int64 = 1_780_273_800
private let june1 = CalendarDate("2026-06-01") ?? CalendarDate(daysSinceEpoch: 0)

@Test func backoffDoublesFromOnePollUpToTheMaximum() {
    #expect((1...7).map { planner.backoffSeconds(afterFailures: $0) } == [10, 20, 40, 80, 160, 300, 300])
    #expect(planner.backoffSeconds(afterFailures: 1_000) == 300)
}

@Test func aDueSlotWithoutAttemptRuns() {
    #expect(planner.schedule.instant(of: june1) == slotInstant)
    #expect(planner.decide(now: slotInstant, lastSucceeded: nil, lastAttempt: nil) == .run(slot: june1, attempt: 1))
    // Missed: the daemon comes up in the afternoon; the morning's slot runs.
    #expect(planner.decide(now: slotInstant + 12 * 3600, lastSucceeded: june1.adding(days: -1), lastAttempt: nil)
            == .run(slot: june1, attempt: 1))
}

@Test func aSucceededSlotWaitsForTheNextOne() {
    let next = planner.schedule.instant(of: june1.adding(days: 1))
    #expect(planner.decide(now: slotInstant + 60, lastSucceeded: june1, lastAttempt: nil) == .wait(until: next))
    let attempt = NightlyAttempt(slot: june1, attempt: 2, succeeded: true, finishedAt: slotInstant + 30)
    #expect(planner.decide(now: slotInstant + 60, lastSucceeded: nil, lastAttempt: attempt) == .wait(until: next))
}

@Test func aFailedSlotIsRetriedAfterTheBackoff() {
    let failed = NightlyAttempt(slot: june1, attempt: 3, succeeded: false, finishedAt: slotInstant + 100)
    // After 3 failures: 40 s.
    #expect(planner.decide(now: slotInstant + 139, lastSucceeded: nil, lastAttempt: failed) == .wait(until: slotInstant + 140))
    #expect(planner.decide(now: slotInstant + 140, lastSucceeded: nil, lastAttempt: failed) == .run(slot: june1, attempt: 4))
    // At start-up it is retried at once.
    #expect(planner.decide(now: slotInstant + 101, lastSucceeded: nil, lastAttempt: failed, ignoringBackoff: true)
            == .run(slot: june1, attempt: 4))
}

@Test func aFailedSlotOvertakenByTheNextOneIsGivenUp() {
    let next = june1.adding(days: 1)
    let failed = NightlyAttempt(slot: june1, attempt: 9, succeeded: false, finishedAt: slotInstant + 100)
    let tomorrow = planner.schedule.instant(of: next)
    // The daemon passes only the attempt of the due slot; an older one is not the due slot's.
    #expect(planner.decide(now: tomorrow, lastSucceeded: june1.adding(days: -1), lastAttempt: failed) == .run(slot: next, attempt: 1))
}
