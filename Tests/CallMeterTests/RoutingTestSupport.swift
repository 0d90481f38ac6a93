import Foundation
@testable import CallMeter

/// A scratch folder with a store and an agent directory, a settable clock, and `Weights` over
/// scoring-run snapshots given by the test (the seam: no scoring tables needed).
final class RoutingFixture {
    struct Agent {
        var id: String
        var sipURI: String?
        var active = true
        var set = 1
        /// For the Asterisk feeds.
        var asteriskInterface: String?
        var queues = ""
    }

    let directory: URL
    let store: Store
    /// Unix seconds; 2026-11-02T05:00:00Z unless a test moves it.
    var now: Int64 = 1_793_595_600
    var user = "qa-lead"

    init(agents: [Agent], under parent: URL? = nil) throws {
        directory = (parent ?? FileManager.default.temporaryDirectory).appendingPathComponent("callmeter-routing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("db.sqlite").path, create: true)
        try addAgents(agents)
    }

    /// `a01`… `aNN` with SIP URIs on loopback ports from 5101, all in set 1 and in ACD queue
    /// "support" as PJSIP/aNN.
    convenience init(count: Int, under parent: URL? = nil) throws {
        try self.init(agents: (1...count).map {
            Agent(id: Self.id($0), sipURI: "sip:\(Self.id($0))@127.0.0.1:\(5100 + $0)", asteriskInterface: "PJSIP/\(Self.id($0))", queues: "support")
        }, under: parent)
    }

    static func id(_ number: Int) -> String { number < 10 ? "a0\(number)" : "a\(number)" }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func addAgents(_ agents: [Agent]) throws {
        let insert = try store.connection.prepare("""
            INSERT INTO agents (agent_id, name, sip_uri, active, dispatch_set, in_directory, asterisk_interface, queues)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?)
            ON CONFLICT (agent_id) DO UPDATE SET sip_uri = excluded.sip_uri, active = excluded.active, dispatch_set = excluded.dispatch_set,
                asterisk_interface = excluded.asterisk_interface, queues = excluded.queues
            """)
        for agent in agents {
            try insert.run([.text(agent.id), .text("Agent \(agent.id)"), agent.sipURI.map(SQLValue.text) ?? .null,
                            .int(agent.active ? 1 : 0), .int(Int64(agent.set)), .text(agent.asteriskInterface), .text(agent.queues)])
        }
    }

    func weights(_ runs: [ScoringRunSnapshot], rules: RoutingRules = RoutingRules()) -> Weights {
        Weights(store: store, rules: rules, timeZone: TimeZone(identifier: "Europe/Zurich") ?? .gmt, user: user,
                now: { [unowned self] in self.now }, source: FixedScoringResults(runs))
    }

    func path(_ name: String) -> String { directory.appendingPathComponent("feeds/\(name)").path }

    func bytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map(Array.init)
    }
}

/// A scoring run of agents with these scores (tenths; nil: no score, band insufficient).
func snapshot(_ runID: Int64, _ asOf: String, _ scores: [(String, Int?)]) -> ScoringRunSnapshot {
    ScoringRunSnapshot(runID: runID, asOf: .day(asOf), agents: scores.map { id, score in
        let band: ScoreBand = switch score {
        case nil: .insufficient
        case let s? where s >= 850: .excellent
        case let s? where s >= 700: .good
        case let s? where s >= 550: .watch
        default: .poor
        }
        return ScoringRunSnapshot.Agent(agentID: id, scoreTenths: score, band: band)
    })
}
