import Foundation
import Testing
@testable import CallMeter

/// The reader of commitments and skills (`Capacity.committedIntervals`, `Capacity.skills`), on rows
/// written directly; the importer's own tests are in `CommitmentImporterTests`.
private struct CommitmentRows {
    let store: Store
    var capacity: Capacity { Capacity(store: store, timeZone: TimeZone(identifier: "UTC") ?? .current) }

    func batch() throws -> Int64 {
        try store.connection.run("""
            INSERT INTO batches (file_name, sha256, kind, format, started_at_ms)
            VALUES ('c.csv', hex(randomblob(8)), 'commitments', 'native', 0)
            """, [:])
        return store.connection.lastInsertRowID
    }

    func agent(_ id: String, hotlines: String? = nil) throws {
        try store.connection.run("INSERT INTO agents (agent_id, name, in_directory, hotlines) VALUES (:id, :id, 1, :hotlines)",
                                 [":id": .text(id), ":hotlines": .text(hotlines)])
    }

    func commit(_ agent: String, _ date: String, _ start: Int64, _ end: Int64, hotlines: String = "", batch: Int64) throws {
        try store.connection.run("""
            INSERT INTO commitments (agent, local_date, starts_at, ends_at, hotlines, batch, source_line)
            VALUES ((SELECT id FROM agents WHERE agent_id = :agent), :date, :start, :end, :hotlines, :batch, 2)
            """, [":agent": .text(agent), ":date": .text(date), ":start": .int(start), ":end": .int(end),
                  ":hotlines": .text(hotlines), ":batch": .int(batch)])
    }
}

private let day: Int64 = 1_793_145_600 // 2026-10-28 00:00 UTC
private let hour: Int64 = 3600

@Test func overlappingCommitmentsOfOneAgentCountOnce() throws {
    try withScratch { scratch in
        let rows = CommitmentRows(store: try scratch.store())
        try rows.agent("a1")
        try rows.agent("a2")
        let batch = try rows.batch()
        try rows.commit("a1", "2026-10-28", day + 8 * hour, day + 12 * hour, batch: batch)
        try rows.commit("a1", "2026-10-28", day + 10 * hour, day + 14 * hour, batch: batch)
        try rows.commit("a1", "2026-10-28", day + 14 * hour, day + 16 * hour, batch: batch)
        try rows.commit("a2", "2026-10-28", day + 9 * hour, day + 10 * hour, batch: batch)
        let intervals = try rows.capacity.committedIntervals(from: day, to: day + 24 * hour)
        #expect(intervals == [
            CommittedInterval(agentID: "a1", start: day + 8 * hour, end: day + 16 * hour, hotlines: []),
            CommittedInterval(agentID: "a2", start: day + 9 * hour, end: day + 10 * hour, hotlines: []),
        ])
        #expect(intervals.reduce(0) { $0 + $1.seconds } == 9 * hour)
    }
}

@Test func overlapsWithOtherHotlinesAreSplitIntoTheirUnion() {
    let merged = Capacity.merge([
        CommittedInterval(agentID: "a1", start: 0, end: 10, hotlines: ["+41800100100"]),
        CommittedInterval(agentID: "a1", start: 5, end: 15, hotlines: ["+41800200200"]),
        CommittedInterval(agentID: "a1", start: 12, end: 20, hotlines: []),
        CommittedInterval(agentID: "a1", start: 30, end: 40, hotlines: ["+41800100100"]),
    ])
    #expect(merged == [
        CommittedInterval(agentID: "a1", start: 0, end: 5, hotlines: ["+41800100100"]),
        CommittedInterval(agentID: "a1", start: 5, end: 10, hotlines: ["+41800100100", "+41800200200"]),
        CommittedInterval(agentID: "a1", start: 10, end: 12, hotlines: ["+41800200200"]),
        CommittedInterval(agentID: "a1", start: 12, end: 20, hotlines: []),
        CommittedInterval(agentID: "a1", start: 30, end: 40, hotlines: ["+41800100100"]),
    ])
}

@Test func intervalsAreClippedToTheRange() throws {
    try withScratch { scratch in
        let rows = CommitmentRows(store: try scratch.store())
        try rows.agent("a1")
        let batch = try rows.batch()
        // 22:00 to 06:00 the next day, and a commitment entirely before the range.
        try rows.commit("a1", "2026-10-27", day - 2 * hour, day + 6 * hour, batch: batch)
        try rows.commit("a1", "2026-10-26", day - 30 * hour, day - 26 * hour, batch: batch)
        #expect(try rows.capacity.committedIntervals(from: day, to: day + 4 * hour)
            == [CommittedInterval(agentID: "a1", start: day, end: day + 4 * hour, hotlines: [])])
        #expect(try rows.capacity.committedIntervals(from: day + 6 * hour, to: day + 8 * hour).isEmpty)
        #expect(try rows.capacity.committedIntervals(from: day, to: day).isEmpty)
    }
}

@Test func aLaterBatchReplacesAnAgentsDate() throws {
    try withScratch { scratch in
        let rows = CommitmentRows(store: try scratch.store())
        try rows.agent("a1")
        try rows.agent("a2")
        let first = try rows.batch()
        try rows.commit("a1", "2026-10-28", day + 8 * hour, day + 12 * hour, batch: first)
        try rows.commit("a1", "2026-10-29", day + 32 * hour, day + 36 * hour, batch: first)
        try rows.commit("a2", "2026-10-28", day + 8 * hour, day + 12 * hour, batch: first)
        let second = try rows.batch()
        try rows.commit("a1", "2026-10-28", day + 13 * hour, day + 15 * hour, batch: second)
        let intervals = try rows.capacity.committedIntervals(from: day, to: day + 48 * hour)
        // a1's 28th is the second batch's; its 29th and a2 are untouched.
        #expect(intervals == [
            CommittedInterval(agentID: "a1", start: day + 13 * hour, end: day + 15 * hour, hotlines: []),
            CommittedInterval(agentID: "a1", start: day + 32 * hour, end: day + 36 * hour, hotlines: []),
            CommittedInterval(agentID: "a2", start: day + 8 * hour, end: day + 12 * hour, hotlines: []),
        ])
    }
}

@Test func skillsListAgentsWithHotlines() throws {
    try withScratch { scratch in
        let rows = CommitmentRows(store: try scratch.store())
        try rows.agent("a1", hotlines: "+41800100100;+41800200200")
        try rows.agent("a2", hotlines: "")
        try rows.agent("a3")
        #expect(try rows.capacity.skills() == ["a1": ["+41800100100", "+41800200200"]])
    }
}

@Test(arguments: [
    ("+41800200200; +41800100100;+41800200200", ["+41800100100", "+41800200200"]),
    ("", []), ("  ", []), ("0800123", ["0800123"]),
])
func hotlineListsParse(text: String, numbers: [String]) throws {
    #expect(try HotlineList.parse(text).get() == numbers)
}

@Test(arguments: ["+41 800", "support", "+1", "1;;2", "+123456789012345678901"])
func hotlineListsRefuse(text: String) {
    #expect(throws: HotlineListError.self) { try HotlineList.parse(text).get() }
}
