import Foundation
import Testing
@testable import CallMeter

private func storeWithSessions(_ sessions: [(agent: String, from: Int64?, to: Int64?, kind: String)]) throws -> (Store, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-sessions-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true)
    for session in sessions {
        try store.connection.cached("INSERT INTO agents (agent_id) VALUES (?) ON CONFLICT (agent_id) DO NOTHING").run([.text(session.agent)])
        try store.connection.cached("""
            INSERT INTO agent_sessions (agent, kind, queue, started_at, ended_at)
            VALUES ((SELECT id FROM agents WHERE agent_id = ?), ?, 'q', ?, ?)
            """).run([.text(session.agent), .text(session.kind), session.from.map(SQLValue.int) ?? .null, session.to.map(SQLValue.int) ?? .null])
    }
    return (store, dir)
}

@Test func noSessionDataIsNilNotZero() throws {
    let (store, dir) = try storeWithSessions([])
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try StoredAgentSessions(connection: store.connection, openUntil: 10_000).loggedInSeconds(from: 0, to: 1000) == nil)
}

@Test func overlappingQueuesCountOnceAndSessionsAreClippedToThePeriod() throws {
    let (store, dir) = try storeWithSessions([
        // a1 in two queues at once: 100–400 and 300–600 → union 100–600 = 500 s.
        ("a1", 100, 400, "logged_in"), ("a1", 300, 600, "logged_in"),
        // a1 again later, partly after the period's end (1000): 900–1000 = 100 s.
        ("a1", 900, 1500, "logged_in"),
        // Paused time is not logged-in time.
        ("a1", 150, 250, "paused"),
        // a2: no known start (counts from the period start 0); a session still open with no later
        // event of the agent ends where it started (0 s).
        ("a2", nil, 200, "logged_in"), ("a2", 650, nil, "logged_in"),
        // a3: entirely before the period.
        ("a3", -500, -100, "logged_in"),
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let seconds = try StoredAgentSessions(connection: store.connection, openUntil: 700).loggedInSeconds(from: 0, to: 1000)
    #expect(seconds == ["a1": 600, "a2": 200])
}
