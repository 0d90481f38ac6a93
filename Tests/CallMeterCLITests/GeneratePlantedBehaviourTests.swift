import CallMeterCLI
import Foundation
import Testing

// `generate --plant-integrity` plants a survey dodger, a solicitor and a short-caller among honest
// agents (the proof data of survey integrity). These tests read the generated files the way an
// integrity check would: per agent, the share of connected calls rated, ended by the agent,
// transferred and talking below 20 s, and the share of ratings at the top of the scale, each
// compared with the honest agents' pooled share and its binomial 3-sigma limits for the agent's own
// number of calls.

/// What one agent's calls in a generated folder add up to.
private struct AgentTally {
    var connected = 0
    var rated = 0
    var endedByAgent = 0
    var transferred = 0
    var short = 0
    var ratings = 0
    var topRatings = 0
}

/// One generated folder: truth.csv's behaviours and the tallies of cdr.csv and ratings.csv.
private struct PlantedCenterFiles {
    /// agent id → behaviour (`""` for honest agents).
    let behaviour: [String: String]
    let tallies: [String: AgentTally]
    let truthHeader: String

    init(_ folder: String) throws {
        func lines(_ name: String) throws -> [Substring] {
            try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8).split(separator: "\n")
        }
        let truth = try lines("truth.csv")
        truthHeader = truth.first.map(String.init) ?? ""
        var behaviour: [String: String] = [:]
        for line in truth.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            behaviour[String(fields[0])] = fields.count > 2 ? String(fields[2]) : ""
        }
        self.behaviour = behaviour

        // cdr.csv has no quoted field: call_id,hotline,agent_id,…,disposition,talk_seconds,…,ended_by.
        var agentOfCall: [Substring: String] = [:]
        var tallies: [String: AgentTally] = [:]
        for line in try lines("cdr.csv").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let disposition = fields[6]
            guard disposition == "answered" || disposition == "transferred" else { continue }
            let agent = String(fields[2])
            agentOfCall[fields[0]] = agent
            tallies[agent, default: AgentTally()].connected += 1
            if disposition == "transferred" { tallies[agent, default: AgentTally()].transferred += 1 }
            if let talk = Int(fields[7]), talk < 20 { tallies[agent, default: AgentTally()].short += 1 }
            if fields[13] == "agent" { tallies[agent, default: AgentTally()].endedByAgent += 1 }
        }
        for line in try lines("ratings.csv").dropFirst() {
            let fields = line.split(separator: ",")
            guard fields[2] == "overall", let agent = agentOfCall[fields[0]] else { continue }
            tallies[agent, default: AgentTally()].rated += 1
            tallies[agent, default: AgentTally()].ratings += 1
            if fields[1] == "5" { tallies[agent, default: AgentTally()].topRatings += 1 }
        }
        self.tallies = tallies
    }

    func agent(_ behaviour: String) -> String? {
        self.behaviour.first { $0.value == behaviour }?.key
    }

    var honest: [String] { behaviour.filter { $0.value.isEmpty && tallies[$0.key] != nil }.keys.sorted() }

    /// The honest agents' pooled share: the sum of `part` over the sum of `whole`.
    func honestShare(_ part: KeyPath<AgentTally, Int>, of whole: KeyPath<AgentTally, Int>) -> Double {
        let tallies = honest.compactMap { self.tallies[$0] }
        return Double(tallies.map { $0[keyPath: part] }.reduce(0, +)) / Double(max(1, tallies.map { $0[keyPath: whole] }.reduce(0, +)))
    }

    /// How many binomial standard deviations `agent`'s share lies above (positive) or below the
    /// honest agents' pooled share, for the agent's own number of calls.
    func sigmas(_ agent: String, _ part: KeyPath<AgentTally, Int>, of whole: KeyPath<AgentTally, Int>) -> Double {
        let expected = honestShare(part, of: whole)
        guard let tally = tallies[agent], tally[keyPath: whole] > 0 else { return 0 }
        let n = Double(tally[keyPath: whole])
        return (Double(tally[keyPath: part]) / n - expected) / (expected * (1 - expected) / n).squareRoot()
    }
}

/// Generates a center with planted behaviours into the workspace's `name` folder.
private func generatePlanted(_ workspace: Workspace, name: String = "generated", agents: Int = 20, days: Int = 30,
                             callsPerDay: Int = 300, seed: UInt64) throws -> (center: PlantedCenterFiles, out: String) {
    let result = workspace.run("generate", "--agents", "\(agents)", "--days", "\(days)", "--calls-per-day", "\(callsPerDay)",
                               "--seed", "\(seed)", "--out", name, "--plant-integrity")
    #expect(result.status == 0, "\(result.err)")
    return (try PlantedCenterFiles(workspace.path(name)), result.out)
}

@Test(arguments: [UInt64(1), 7, 42, 2026])
func everySeedPlantsOneAgentOfEachBehaviourAmongTheBusyActiveAgents(seed: UInt64) throws {
    try withWorkspace { workspace in
        let (center, out) = try generatePlanted(workspace, seed: seed)
        #expect(center.truthHeader == "agent_id,hidden_quality,behaviour")
        #expect(center.behaviour.count == 20)
        let planted = center.behaviour.filter { !$0.value.isEmpty }
        #expect(planted.values.sorted() == ["dodger", "short-calls", "solicitor"])
        // The command names them as truth.csv does, in agent order.
        let listed = planted.keys.sorted().map { "\($0) \(planted[$0] ?? "")" }.joined(separator: ", ")
        #expect(out.contains("Planted (truth.csv): \(listed)\n"), "\(out)")
        // Busy and active: each takes at least the calls of an average agent's half share.
        let average = Double(center.tallies.values.map(\.connected).reduce(0, +)) / 20
        for agent in planted.keys {
            #expect(Double(center.tallies[agent]?.connected ?? 0) > average / 2, "\(agent) takes few calls")
        }
    }
}

/// Each planted agent is far outside the honest agents' 3-sigma limits on the measures of its
/// behaviour, with a month of calls both at 20 agents × 300 calls a day and at the golden month's
/// size (12 agents × 120 calls a day, about 300 calls each).
@Test(arguments: [(UInt64(1), 20, 300), (7, 20, 300), (42, 20, 300), (2026, 20, 300), (7, 12, 120), (11, 12, 120)])
func plantedBehavioursLieFarOutsideTheHonestLimits(seed: UInt64, agents: Int, callsPerDay: Int) throws {
    try withWorkspace { workspace in
        let (center, _) = try generatePlanted(workspace, agents: agents, days: 30, callsPerDay: callsPerDay, seed: seed)
        let dodger = try #require(center.agent("dodger"))
        let solicitor = try #require(center.agent("solicitor"))
        let shortCaller = try #require(center.agent("short-calls"))

        #expect(center.sigmas(dodger, \.rated, of: \.connected) < -4, "the dodger's calls are rated far less often")
        #expect(center.sigmas(dodger, \.endedByAgent, of: \.connected) > 4, "the dodger ends far more calls")
        #expect(center.sigmas(dodger, \.transferred, of: \.connected) > 4, "the dodger transfers far more calls")

        #expect(center.sigmas(solicitor, \.rated, of: \.connected) > 4, "the solicitor's calls are rated far more often")
        #expect(center.sigmas(solicitor, \.topRatings, of: \.ratings) > 4, "the solicitor's ratings are far more often top marks")

        #expect(center.sigmas(shortCaller, \.short, of: \.connected) > 4, "the short-caller has far more calls below 20 s")

        // And each only on its own measures: the survey response of the short-caller is that of its peers.
        #expect(abs(center.sigmas(shortCaller, \.rated, of: \.connected)) < 3)
        #expect(center.sigmas(solicitor, \.short, of: \.connected) < 3)
        #expect(center.sigmas(dodger, \.short, of: \.connected) < 3)
    }
}

/// Honest agents differ from each other by chance alone on the rates the integrity limits watch (the
/// generator draws them from the hotline, not the agent), so over 4 seeds × 17 honest agents × 4
/// measures at most 1 % of the (agent, measure) pairs lie outside the 3-sigma limits.
@Test func honestAgentsStayInsideTheLimits() throws {
    try withWorkspace { workspace in
        var outside: [String] = []
        var pairs = 0
        for seed in [UInt64(1), 7, 42, 2026] {
            let (center, _) = try generatePlanted(workspace, name: "generated-\(seed)", seed: seed)
            for agent in center.honest {
                for (measure, part) in [("rated", \AgentTally.rated), ("ended by agent", \.endedByAgent),
                                        ("transferred", \.transferred), ("short", \.short)] {
                    pairs += 1
                    let sigmas = center.sigmas(agent, part, of: \.connected)
                    if abs(sigmas) > 3 { outside.append("seed \(seed) \(agent) \(measure) \(sigmas)") }
                }
            }
        }
        #expect(pairs >= 4 * 16 * 4)
        #expect(Double(outside.count) <= Double(pairs) / 100, "\(outside)")
    }
}

/// Planting changes the calls, not the roster or the plans: agents.csv, commitments.csv, queue_log and
/// the other truths are the same bytes with and without it, and the same seed plants the same bytes.
@Test func plantingIsDeterministicAndLeavesTheRosterAlone() throws {
    try withWorkspace { workspace in
        _ = try generatePlanted(workspace, name: "first", agents: 10, days: 5, callsPerDay: 200, seed: 5)
        _ = try generatePlanted(workspace, name: "second", agents: 10, days: 5, callsPerDay: 200, seed: 5)
        let plain = workspace.run("generate", "--agents", "10", "--days", "5", "--calls-per-day", "200", "--seed", "5", "--out", "plain")
        #expect(plain.status == 0)
        #expect(!plain.out.contains("Planted"))
        func bytes(_ folder: String, _ file: String) throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: workspace.path("\(folder)/\(file)")))
        }
        let all = ["agents.csv", "truth.csv", "commitments.csv", "truth-gaps.csv", "queue_log", "truth-no-shows.csv", "ratings.csv", "cdr.csv"]
        for file in all {
            #expect(try bytes("first", file) == bytes("second", file), "\(file) differs for the same seed")
        }
        for file in ["agents.csv", "commitments.csv", "truth-gaps.csv", "queue_log", "truth-no-shows.csv"] {
            #expect(try bytes("first", file) == bytes("plain", file), "\(file) changed by planting")
        }
        for file in ["truth.csv", "cdr.csv", "ratings.csv"] {
            #expect(try bytes("first", file) != bytes("plain", file), "\(file) is not where planting shows")
        }
        // Without planting truth.csv keeps its two columns.
        let plainTruth = try String(contentsOfFile: workspace.path("plain/truth.csv"), encoding: .utf8)
        #expect(plainTruth.hasPrefix("agent_id,hidden_quality\n"))
    }
}

@Test func plantingNeedsTenAgents() throws {
    try withWorkspace { workspace in
        let refused = workspace.run("generate", "--agents", "9", "--days", "1", "--calls-per-day", "10", "--seed", "1", "--out", "x",
                                    "--plant-integrity")
        #expect(refused.status == 64)
        #expect(refused.err.contains("Error: --plant-integrity needs --agents 10 or more"), "\(refused.err)")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("x")))
        let flagValue = workspace.run("generate", "--agents", "10", "--days", "1", "--calls-per-day", "10", "--seed", "1", "--out", "x",
                                      "--plant-integrity=yes")
        #expect(flagValue.status == 64)
        #expect(flagValue.err.contains("Error: --plant-integrity takes no value"))
        let help = workspace.run("help", "generate")
        #expect(help.out.contains("--plant-integrity"))
    }
}
