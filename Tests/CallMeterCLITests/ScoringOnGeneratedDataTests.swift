import CallMeterCLI
import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

/// Scores recover the agents' hidden quality in data from `callmeter generate` (30 days × 5,000
/// calls a day, 100 agents whose call volumes differ up to 7×): Spearman ≥ 0.8, and the shrunk
/// score finds the worst 10 % at least as well as the plain mean rating does.
@Test(arguments: [UInt64(11), 23])
func scoresRankGeneratedAgentsByTheirHiddenQuality(seed: UInt64) throws {
    try withWorkspace { workspace in
        let out = workspace.path("generated")
        #expect(workspace.run("generate", "--agents", "100", "--days", "30", "--calls-per-day", "5000", "--seed", "\(seed)", "--out", out).status == 0)
        for kind in ["agents", "cdr", "ratings"] {
            let result = workspace.run("ingest", kind, "\(out)/\(kind).csv")
            #expect(result.status == 0, "\(result.err)")
        }
        let scored = workspace.run("score", "--as-of", "2026-10-30", "--json")
        #expect(scored.status == 0, "\(scored.err)")

        let json = try #require(try JSONSerialization.jsonObject(with: Data(scored.out.utf8)) as? [String: Any])
        let agents = try #require(json["agents"] as? [[String: Any]])
        var score: [String: Double] = [:]
        for agent in agents {
            if let id = agent["agent_id"] as? String, let value = agent["score"] as? Double { score[id] = value }
        }
        var truth: [String: Double] = [:]
        for line in try String(contentsOfFile: "\(out)/truth.csv", encoding: .utf8).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            if fields.count == 2, let quality = Double(fields[1]) { truth[String(fields[0])] = quality }
        }
        // The plain mean of each agent's overall ratings in the same window.
        let store = try Store(path: workspace.database)
        let window = try #require(json["window"] as? [String: Any])
        let start = try #require(window["start"] as? String), end = try #require(window["end"] as? String)
        let means = try store.connection.cached("""
            SELECT a.agent_id, avg(c.overall_rating) FROM calls c JOIN agents a ON a.id = c.agent
            WHERE c.overall_rating >= 0 AND c.started_at >= unixepoch(?) AND c.started_at < unixepoch(?)
            GROUP BY a.agent_id
            """).rows([.text(start), .text(end)]) { ($0.text(0), $0.optionalText(1).flatMap(Double.init) ?? 0) }
        let mean = Dictionary(uniqueKeysWithValues: means)

        let scoredAgents = truth.keys.filter { score[$0] != nil && mean[$0] != nil }.sorted()
        #expect(scoredAgents.count >= 90)
        let rho = spearman(scoredAgents.map { score[$0] ?? 0 }, scoredAgents.map { truth[$0] ?? 0 })
        #expect(rho >= 0.8, "Spearman \(rho)")

        let worstCount = scoredAgents.count / 10
        func worst(_ by: [String: Double]) -> Set<String> {
            Set(scoredAgents.sorted { (by[$0] ?? 0, $0) < (by[$1] ?? 0, $1) }.prefix(worstCount))
        }
        let trulyWorst = worst(truth)
        let foundByScore = worst(score).intersection(trulyWorst).count
        let foundByMean = worst(mean).intersection(trulyWorst).count
        #expect(foundByScore >= foundByMean, "score found \(foundByScore), mean \(foundByMean) of the worst \(worstCount)")
    }
}

