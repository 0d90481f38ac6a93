/// Computes a weight run from a scoring run, the agent directory and the weights published
/// before. Pure: the same inputs give the same weights.
enum WeightComputation {
    struct Input: Equatable {
        let agentID: String
        let scoreTenths: Int?
        let band: ScoreBand
        let scored: Bool
    }

    /// The agents to weigh: every agent of the scoring run, and every agent of the directory the
    /// run did not score (new agents, agents without calls in the window) as unscored, band
    /// `insufficient`. Sorted by agent ID, bytewise.
    static func inputs(snapshot: ScoringRunSnapshot, directory: [String]) -> [Input] {
        var byID: [String: Input] = [:]
        for agent in snapshot.agents {
            let score = agent.scoreTenths.map { min(max($0, 0), 1000) }
            byID[agent.agentID] = Input(agentID: agent.agentID, scoreTenths: score, band: agent.band, scored: true)
        }
        for agentID in directory where byID[agentID] == nil {
            byID[agentID] = Input(agentID: agentID, scoreTenths: nil, band: .insufficient, scored: false)
        }
        return byID.values.sorted { $0.agentID.utf8.lexicographicallyPrecedes($1.agentID.utf8) }
    }

    /// SHA-256 of the inputs and the run's date, one line per agent, in order.
    static func digest(of inputs: [Input], asOf: CalendarDate) -> String {
        var text = "as_of\t\(asOf)\n"
        for input in inputs {
            text += "\(input.agentID)\t\(input.scoreTenths.map(String.init) ?? "-")\t\(input.band.rawValue)\t\(input.scored ? 1 : 0)\n"
        }
        return Crypto.hex(Crypto.sha256(Array(text.utf8)))
    }

    /// The weight of each input: its target, moved from its previously published weight by at
    /// most the step limit.
    static func weigh(_ inputs: [Input], previous: [String: Int], rules: RoutingRules) -> [WeightRun.Agent] {
        inputs.map { input in
            let target = WeightFormula.target(scoreTenths: input.scoreTenths, band: input.band.rawValue, rules: rules)
            let before = previous[input.agentID]
            return WeightRun.Agent(
                agentID: input.agentID, scoreTenths: input.scoreTenths, band: input.band.rawValue, scored: input.scored,
                previous: before, target: target,
                weight: WeightFormula.stepLimited(target: target, previous: before, rules: rules))
        }
    }
}
