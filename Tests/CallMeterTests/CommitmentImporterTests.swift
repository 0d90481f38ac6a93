import Foundation
import Testing
@testable import CallMeter

// `ingest commitments` (CommitmentImporter) and the directory's `hotlines` skills, read back
// through `Capacity.committedIntervals`.

private let zurich = TimeZone(identifier: "Europe/Zurich") ?? .current
private let settings = IngestSettings(timeZone: zurich)
private let hour: Int64 = 3600
/// 2026-11-02 00:00 UTC; Zurich is UTC+1 then.
private let november2: Int64 = 1_793_577_600

private func directory(_ scratch: Scratch, _ store: Store) throws {
    _ = try Ingestion(store: store).ingest(file: try scratch.write("agents.csv", """
        agent_id,name,hotlines
        a1,Anna,
        a2,Bea,+41800200200; +41800100100

        """), kind: .agents)
}

private func ingest(_ scratch: Scratch, _ store: Store, _ name: String, _ text: String) throws -> IngestReport {
    try Ingestion(store: store).ingest(file: try scratch.write(name, "agent_id,date,from,to,hotlines\n" + text), kind: .commitments,
                                       settings: settings)
}

private func intervals(_ store: Store, from: Int64 = november2 - 48 * hour, to: Int64 = november2 + 72 * hour) throws -> [CommittedInterval] {
    try Capacity(store: store, timeZone: zurich).committedIntervals(from: from, to: to)
}

@Test func goodRowsAreStoredInTheCentersZone() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        try directory(scratch, store)
        let report = try ingest(scratch, store, "week.csv", """
            a1,2026-11-02,08:00,12:00,
            a1,2026-11-02,22:00,06:00,+41800100100
            a2,2026-11-02,9:00,17:00,+41800100100;+41800200200

            """)
        #expect(report.rowsAccepted == 3 && report.rowsRejected == 0)
        #expect(try intervals(store) == [
            CommittedInterval(agentID: "a1", start: november2 + 7 * hour, end: november2 + 11 * hour, hotlines: []),
            // 22:00 to 06:00 ends the next day.
            CommittedInterval(agentID: "a1", start: november2 + 21 * hour, end: november2 + 29 * hour, hotlines: ["+41800100100"]),
            CommittedInterval(agentID: "a2", start: november2 + 8 * hour, end: november2 + 16 * hour,
                              hotlines: ["+41800100100", "+41800200200"]),
        ])
        #expect(try Capacity(store: store, timeZone: zurich).skills() == ["a2": ["+41800100100", "+41800200200"]])
    }
}

@Test(arguments: [
    ("a9,2026-11-02,08:00,12:00,", 1, "agent_id", "agent a9 is not in the store"),
    ("a1,2026-11-31,08:00,12:00,", 2, "date", "is not a date"),
    ("a1,2026-11-02,8h,12:00,", 3, "from", "is not a time of day like 08:30"),
    ("a1,2026-11-02,08:00,24:00,", 4, "to", "is not a time of day like 08:30"),
    ("a2,2026-11-02,08:00,12:00,+41800400400", 5, "hotlines", "agent a2 may take only +41800100100;+41800200200"),
    ("a1,2026-11-02,08:00,12:00,support", 5, "hotlines", "is not a hotline number"),
    // Clocks jump from 02:00 to 03:00 on 29 March 2026 in Zurich.
    ("a1,2026-03-29,02:30,06:00,", 3, "from", "does not exist in Europe/Zurich"),
    ("a1,2026-03-28,22:00,02:15,", 4, "to", "does not exist in Europe/Zurich"),
])
func badRowsAreRejectedWithTheirPlace(row: String, column: Int, field: String, reason: String) throws {
    try withScratch { scratch in
        let store = try scratch.store()
        try directory(scratch, store)
        let report = try ingest(scratch, store, "bad.csv", "a1,2026-11-03,08:00,12:00,\n" + row + "\n")
        #expect(report.rowsAccepted == 1 && report.rowsRejected == 1)
        let reject = try #require(report.firstRejects.first)
        // The column is the character the field starts at.
        let character = row.split(separator: ",", omittingEmptySubsequences: false).prefix(column - 1).reduce(1) { $0 + $1.count + 1 }
        #expect(reject.line == 3 && reject.column == character && reject.field == field)
        #expect(reject.reason.contains(reason), "\(reject.reason)")
        #expect(try store.count("commitments") == 1)
    }
}

@Test func theRepeatedHourIsTakenOnceAndOvernightCrossesTheChange() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        try directory(scratch, store)
        // 25 October 2026: clocks go back from 03:00 CEST to 02:00 CET. 2026-10-25 00:00 UTC:
        let october25: Int64 = 1_792_886_400
        _ = try ingest(scratch, store, "fold.csv", """
            a1,2026-10-24,22:00,06:00,
            a2,2026-10-25,02:30,02:45,
            a2,2026-10-25,02:45,02:30,

            """)
        let found = try intervals(store, from: october25 - 24 * hour, to: october25 + 48 * hour)
        // 22:00 CEST (20:00 UTC) to 06:00 CET (05:00 UTC): 9 real hours.
        #expect(found.first == CommittedInterval(agentID: "a1", start: october25 - 4 * hour, end: october25 + 5 * hour, hotlines: []))
        // 02:30 is its first occurrence (00:30 UTC); 02:45 to 02:30 the next day.
        let a2 = found.filter { $0.agentID == "a2" }
        #expect(a2 == [CommittedInterval(agentID: "a2", start: october25 + 1800, end: october25 + 24 * hour + 5400, hotlines: [])])
    }
}

@Test func reingestIsANoOpAndALaterFileReplacesAnAgentsDateUntilVoided() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        try directory(scratch, store)
        let first = try ingest(scratch, store, "plan.csv", """
            a1,2026-11-02,08:00,12:00,
            a1,2026-11-02,10:00,14:00,
            a1,2026-11-03,08:00,12:00,
            a2,2026-11-02,08:00,12:00,

            """)
        // Overlaps of one agent are merged: 08:00 to 14:00 once.
        let planned = try intervals(store)
        #expect(planned.first == CommittedInterval(agentID: "a1", start: november2 + 7 * hour, end: november2 + 13 * hour, hotlines: []))
        #expect(planned.count == 3)
        let again = try Ingestion(store: store).ingest(file: scratch.path("plan.csv"), kind: .commitments, settings: settings)
        #expect(again.alreadyIngested && again.batchID == first.batchID)

        let correction = try ingest(scratch, store, "fix.csv", "a1,2026-11-02,15:00,16:00,\n")
        #expect(try intervals(store) == [
            CommittedInterval(agentID: "a1", start: november2 + 14 * hour, end: november2 + 15 * hour, hotlines: []),
            CommittedInterval(agentID: "a1", start: november2 + 31 * hour, end: november2 + 35 * hour, hotlines: []),
            CommittedInterval(agentID: "a2", start: november2 + 7 * hour, end: november2 + 11 * hour, hotlines: []),
        ])
        let summary = try store.voidBatch(correction.batchID, reason: "wrong file", by: "qa")
        #expect(summary.commitmentsDeleted == 1)
        #expect(try intervals(store) == planned)
    }
}

@Test func voidingAnAgentsBatchPutsTheSkillsBack() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        try directory(scratch, store)
        let change = try Ingestion(store: store).ingest(file: try scratch.write("skills.csv", """
            agent_id,name,hotlines
            a2,Bea,+41800400400

            """), kind: .agents)
        let capacity = Capacity(store: store, timeZone: zurich)
        #expect(try capacity.skills() == ["a2": ["+41800400400"]])
        _ = try store.voidBatch(change.batchID, reason: "wrong skills", by: "qa")
        #expect(try capacity.skills() == ["a2": ["+41800100100", "+41800200200"]])
        let bad = try Ingestion(store: store).ingest(file: try scratch.write("bad-skills.csv", """
            agent_id,name,hotlines
            a2,Bea,orders

            """), kind: .agents)
        #expect(bad.firstRejects.first?.field == "hotlines" && bad.firstRejects.first?.column == 8)
    }
}
