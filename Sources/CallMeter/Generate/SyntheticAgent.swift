/// One synthetic agent, with the hidden quality that drives its ratings and hang-ups.
struct SyntheticAgent {
    /// The number in `agent1001`: 1001 for the first agent.
    let number: Int
    let name: String
    let active: Bool
    /// Days since 1970-01-01 of the first working day.
    let startedOn: Int
    /// Kamailio dispatcher set: consecutive groups of at most 100 agents.
    let dispatchSet: Int
    /// Hidden quality in basis points, 0...10000 (`truth.csv` prints it as 0.0000...1.0000).
    let qualityBasisPoints: Int
    /// Relative share of calls while active (20 for a small part-time contract, 115 for a busy full-time one).
    let capacity: Int
    /// The survey-gaming behaviour planted in this agent (`generate --plant-integrity`); nil for an
    /// honest agent.
    var behaviour: PlantedBehaviour?

    var quality: Double { Double(qualityBasisPoints) / 10_000 }

    /// `sip:agent1001@10.0.0.11`: one address per agent, host part 1...254.
    var sipHost: (Int, Int, Int) {
        let n = number - 1_001 + 10
        return (n / (254 * 256) % 256, n / 254 % 256, 1 + n % 254)
    }
}
