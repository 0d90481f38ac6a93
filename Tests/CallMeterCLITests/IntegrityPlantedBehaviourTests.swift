import Foundation
import Testing

// The proof of survey integrity on generated centers: `generate --plant-integrity` plants a survey
// dodger, a solicitor and a short-caller among honest agents (truth.csv's behaviour column);
// `callmeter integrity --json`, run as a user runs it, must flag each planted agent with its flag
// and, over 20 seeds, flag under 1 % of the honest agents it judges (3 sigma promises far fewer).

/// One generated, ingested center's integrity, with the truth beside it.
private struct PlantedIntegrity {
    /// agent id → behaviour (`""` for honest agents).
    let behaviour: [String: String]
    /// agent id → (judged, flags) from `integrity --json`.
    let verdicts: [String: (judged: Bool, flags: [String])]

    init(seed: Int, in workspace: Workspace) throws {
        let folder = "generated-\(seed)"
        let generate = workspace.run("generate", "--agents", "20", "--days", "30", "--calls-per-day", "300", "--seed", "\(seed)",
                                     "--out", folder, "--plant-integrity")
        try #require(generate.status == 0, "\(generate.err)")
        let database = workspace.path("db-\(seed).sqlite")
        try #require(workspace.run("--db", database, "init").status == 0)
        for kind in ["agents", "cdr", "ratings"] {
            let ingest = workspace.run("--db", database, "ingest", kind, "\(folder)/\(kind).csv")
            try #require(ingest.status == 0, "\(ingest.err)")
        }
        let result = workspace.run("--db", database, "integrity", "--as-of", "2026-10-30", "--json")
        try #require(result.status == 0, "\(result.err)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        var verdicts: [String: (Bool, [String])] = [:]
        for agent in try #require(root["agents"] as? [[String: Any]]) {
            let flags = (agent["flags"] as? [[String: Any]] ?? []).compactMap { $0["flag"] as? String }
            verdicts[try #require(agent["agent_id"] as? String)] = (agent["judged"] as? Bool ?? false, flags)
        }
        self.verdicts = verdicts
        var behaviour: [String: String] = [:]
        let truth = try String(contentsOfFile: workspace.path("\(folder)/truth.csv"), encoding: .utf8)
        for line in truth.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            behaviour[String(fields[0])] = fields.count > 2 ? String(fields[2]) : ""
        }
        self.behaviour = behaviour
    }
}

/// The flag each planted behaviour must raise.
private let expectedFlag = ["dodger": "survey-avoidance", "solicitor": "survey-solicitation", "short-calls": "short-calls"]

@Test(.timeLimit(.minutes(10)))
func plantedAgentsAreFlaggedAndHonestOnesRarely() throws {
    try withWorkspace { workspace in
        var honestJudged = 0
        var honestFlagged: [String] = []
        for seed in 1...20 {
            let center = try PlantedIntegrity(seed: seed, in: workspace)
            let planted = center.behaviour.filter { !$0.value.isEmpty }
            #expect(planted.count == 3, "seed \(seed)")
            for (agent, behaviour) in planted {
                let verdict = center.verdicts[agent]
                #expect(verdict?.judged == true, "seed \(seed): planted \(behaviour) \(agent) not judged")
                #expect(verdict?.flags.contains(expectedFlag[behaviour] ?? "?") == true,
                        "seed \(seed): planted \(behaviour) \(agent) flagged \(verdict?.flags ?? [])")
            }
            for (agent, verdict) in center.verdicts where center.behaviour[agent] == "" && verdict.judged {
                honestJudged += 1
                if !verdict.flags.isEmpty { honestFlagged.append("seed \(seed) \(agent) \(verdict.flags)") }
            }
        }
        #expect(honestJudged >= 200, "too few honest agents judged to measure a false-alarm rate: \(honestJudged)")
        #expect(Double(honestFlagged.count) < 0.01 * Double(honestJudged), "honest agents flagged: \(honestFlagged) of \(honestJudged)")
    }
}
