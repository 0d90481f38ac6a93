import Foundation
import Testing
@testable import CallMeter

private let header = "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds,direction"

/// Two history weeks (2026-W48, W49) before the planned 2026-W50, in UTC, by hand.
private let rows = [
    // Before the history: not read.
    "c0,H1,a1,2026-11-16T08:05:00Z,2026-11-16T08:05:10Z,2026-11-16T08:10:10Z,answered,300,0,0,inbound",
    // Monday 08:00 of W48: two answered (handle 360 and 260 s, waits 20 and 10 s), one abandoned after 60 s.
    "c1,H1,a1,2026-11-23T08:01:00Z,2026-11-23T08:01:20Z,2026-11-23T08:06:20Z,answered,300,0,60,inbound",
    "c2,H1,a2,2026-11-23T08:10:00Z,2026-11-23T08:10:10Z,2026-11-23T08:13:30Z,answered,200,30,30,inbound",
    "c3,H1,,2026-11-23T08:20:00Z,,2026-11-23T08:21:00Z,abandoned,,,,inbound",
    // Monday 08:00 of W49: one answered (120 s, wait 30), one missed after 120 s, one abandoned after 30 s;
    // an outbound call does not queue and is not an arrival.
    "c4,H1,a1,2026-11-30T08:05:00Z,2026-11-30T08:05:30Z,2026-11-30T08:07:10Z,answered,100,0,20,inbound",
    "c5,H1,,2026-11-30T08:15:00Z,,2026-11-30T08:17:00Z,missed,,,,inbound",
    "c6,H1,,2026-11-30T08:25:00Z,,2026-11-30T08:25:30Z,abandoned,,,,inbound",
    "c7,H1,a2,2026-11-30T08:12:00Z,2026-11-30T08:12:05Z,2026-11-30T08:20:05Z,answered,480,0,0,outbound",
    // Tuesday of W49 only (the Tuesday of W48 had no call: not a day with data): 09:00 and 09:30,
    // the second without answered_at (its wait is unknown).
    "c8,H1,a1,2026-12-01T09:00:00Z,2026-12-01T09:00:00Z,2026-12-01T09:10:00Z,answered,600,0,0,inbound",
    "c9,H1,a2,2026-12-01T09:40:00Z,,2026-12-01T09:41:40Z,answered,100,0,0,inbound",
    // H2: one abandoned call, no connected one.
    "d1,H2,,2026-12-02T13:05:00Z,,2026-12-02T13:06:40Z,abandoned,,,,inbound",
    // In the planned week itself: not history.
    "c10,H1,a1,2026-12-07T08:05:00Z,2026-12-07T08:05:10Z,2026-12-07T08:10:10Z,answered,300,0,0,inbound",
]

private func forecast(zone: String = "UTC", rows: [String], week: String, weeks: Int, now: Int64? = nil) throws -> CallForecast {
    let fixture = try ScoringFixture(timeZone: zone)
    try fixture.ingest(.cdr, header: header, rows)
    return try Capacity(store: fixture.store, timeZone: fixture.center.timeZone)
        .forecast(week: #require(ISOWeek(week)), weeks: weeks, intervalMinutes: 30, now: now)
}

private func slot(_ forecast: CallForecast, _ hotline: String, _ label: String) throws -> CallForecast.SlotForecast {
    let h = try #require(forecast.hotlines.firstIndex(of: hotline))
    let s = try #require(forecast.slots.firstIndex { $0.label == label })
    return forecast.perSlot[h][s]
}

@Test func arrivalsAreTheMeanOverTheDaysWithData() throws {
    let f = try forecast(rows: rows, week: "2026-W50", weeks: 2)
    #expect(f.historyWeeks.map(\.description) == ["2026-W48", "2026-W49"])
    #expect(f.hotlines == ["H1", "H2"])
    #expect(f.historyCalls["H1"] == 8)
    #expect(f.historyDays["H1"] == 3)
    // Every disposition arrives: (3 + 3) calls over two Mondays.
    #expect(try slot(f, "H1", "2026-12-07 08:00").calls == 3)
    // One Tuesday with data.
    #expect(try slot(f, "H1", "2026-12-08 09:00").calls == 1)
    #expect(try slot(f, "H1", "2026-12-08 09:30").calls == 1)
    #expect(try slot(f, "H1", "2026-12-07 09:00").calls == 0)
    #expect(try slot(f, "H2", "2026-12-09 13:00").calls == 1)
    #expect(f.slots.count == 7 * 48)
}

@Test func handleTimeShrinksTowardTheHotlineMean() throws {
    let f = try forecast(rows: rows, week: "2026-W50", weeks: 2)
    let k = CallForecast.shrinkageCalls
    // Hotline mean: (360 + 260 + 120 + 600 + 100) / 5 = 288.
    #expect(f.hotlineHandleSeconds["H1"] == 288)
    let monday = try slot(f, "H1", "2026-12-07 08:00")
    #expect(monday.historyConnected == 3)
    #expect(abs(monday.averageHandleSeconds - (740 + k * 288) / (3 + k)) < 1e-9)
    #expect(abs(try slot(f, "H1", "2026-12-08 09:00").averageHandleSeconds - (600 + k * 288) / (1 + k)) < 1e-9)
    // No connected call in the slot: the hotline's mean; none on the hotline: all hotlines' mean.
    #expect(try slot(f, "H1", "2026-12-07 09:00").averageHandleSeconds == 288)
    #expect(f.hotlineHandleSeconds["H2"] == nil)
    #expect(try slot(f, "H2", "2026-12-09 13:00").averageHandleSeconds == 288)
}

@Test func patienceIsWaitingTimeOverAbandonments() throws {
    let f = try forecast(rows: rows, week: "2026-W50", weeks: 2)
    // Waits 20 + 10 + 60 + 30 + 120 + 30 + 0 (c9 unknown) = 270 s, two abandonments (missed is not one).
    #expect(f.patienceSeconds["H1"] == 135)
    #expect(f.patienceSeconds["H2"] == 100)
}

@Test func noAbandonmentOrUnknownWaitsMeanErlangC() throws {
    let answeredOnly = [
        "e1,H1,a1,2026-11-30T08:05:00Z,2026-11-30T08:05:30Z,2026-11-30T08:07:10Z,answered,100,0,20,inbound",
    ]
    #expect(try forecast(rows: answeredOnly, week: "2026-W50", weeks: 2).patienceSeconds["H1"] == nil)
    // Most answered calls without answered_at: the waits would be missing from the total.
    let unknownWaits = [
        "e1,H1,a1,2026-11-30T08:05:00Z,,2026-11-30T08:07:10Z,answered,100,0,20,inbound",
        "e2,H1,a1,2026-11-30T08:15:00Z,,2026-11-30T08:17:10Z,answered,100,0,20,inbound",
        "e3,H1,,2026-11-30T08:25:00Z,,2026-11-30T08:25:30Z,abandoned,,,,inbound",
    ]
    #expect(try forecast(rows: unknownWaits, week: "2026-W50", weeks: 2).patienceSeconds["H1"] == nil)
}

/// The repeated hour of a fall-back day is two hours of instants: two calls in the wall-clock
/// 02:00 slot of 2026-10-25 (one per occurrence) are one call per half hour.
@Test func theFoldCountsOncePerInstant() throws {
    let fold = [
        "f1,H1,a1,2026-10-25T00:10:00Z,2026-10-25T00:10:05Z,2026-10-25T00:12:05Z,answered,120,0,0,inbound",
        "f2,H1,a1,2026-10-25T01:10:00Z,2026-10-25T01:10:05Z,2026-10-25T01:12:05Z,answered,120,0,0,inbound",
    ]
    let f = try forecast(zone: "Europe/Berlin", rows: fold, week: "2026-W44", weeks: 1)
    #expect(f.historyWeeks.map(\.description) == ["2026-W43"])
    #expect(abs(try slot(f, "H1", "2026-11-01 02:00").calls - 1) < 1e-12)
    #expect(try slot(f, "H1", "2026-11-01 02:30").calls == 0)
}

/// Planning next week on Tuesday 2026-12-01 at 09:30 UTC: the slots of the current week that have
/// not ended yet are no history (their seconds would pull the mean down).
@Test func slotsNotEndedYetAreNoHistory() throws {
    let f = try forecast(rows: rows, week: "2026-W50", weeks: 2, now: ScoringFixture.instant("2026-12-01T09:30:00Z"))
    #expect(try slot(f, "H1", "2026-12-07 08:00").calls == 3)
    #expect(try slot(f, "H1", "2026-12-08 09:00").calls == 1)
    #expect(try slot(f, "H1", "2026-12-08 09:30").calls == 0)
    // Wednesday of the current week has not come: H2's only call is not history yet.
    #expect(try slot(f, "H2", "2026-12-09 13:00").calls == 0)
}
