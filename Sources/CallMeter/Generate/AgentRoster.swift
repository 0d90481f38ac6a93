/// Builds the agents of a run from the seed alone (independent of days and calls).
///
/// - Quality is stratified: with n agents, one agent falls in each n-th of 0.03...0.98, in random order, so
///   every roster has clearly good and clearly poor agents.
/// - About 3 % are inactive (the first agent never is, so there is always someone to take calls).
/// - Capacity: half full-time (100), a quarter 75, 15 % 45, 10 % part-time 20, each ±15 %.
/// - Started 14 days to about 5 years before the first day, mostly recently.
/// - Names are `Given Family`; about 2 % are listed `Family, Given` and 1 % `Given "Nick" Family`
///   (agents 1002 and 1003 always are, so CSV quoting is exercised in every roster of three or more).
enum AgentRoster {
    static func make(count: Int, firstDay: Int, seed: UInt64) -> [SyntheticAgent] {
        var random = Xoshiro256StarStar(seed: seed, stream: .agents)
        // strata[i] is the quality stratum of agent i.
        var strata = Array(0..<count)
        random.shuffle(&strata)
        var agents: [SyntheticAgent] = []
        agents.reserveCapacity(count)
        for index in 0..<count {
            let quality = 300 + (strata[index] * 9_500 + Int(random.below(9_500))) / count
            let active = index == 0 || !random.chance(0.03)
            let tier = random.unit()
            let baseCapacity = tier < 0.50 ? 100 : tier < 0.75 ? 75 : tier < 0.90 ? 45 : 20
            let capacity = baseCapacity * random.int(in: 85...115) / 100
            let daysBack = 14 + Int(1_800 * random.unit() * random.unit())
            agents.append(
                SyntheticAgent(
                    number: 1_001 + index,
                    name: name(index: index, random: &random),
                    active: active,
                    startedOn: firstDay - daysBack,
                    dispatchSet: 1 + index / 100,
                    qualityBasisPoints: quality,
                    capacity: capacity
                )
            )
        }
        return agents
    }

    private static func name(index: Int, random: inout Xoshiro256StarStar) -> String {
        let given = AgentNames.given[Int(random.below(UInt64(AgentNames.given.count)))]
        let family = AgentNames.family[Int(random.below(UInt64(AgentNames.family.count)))]
        let style = random.unit()
        if index == 1 || (index != 2 && style < 0.02) {
            return "\(family), \(given)"
        }
        if index == 2 || style > 0.99 {
            let nickname = AgentNames.nicknames[Int(random.below(UInt64(AgentNames.nicknames.count)))]
            return "\(given) \"\(nickname)\" \(family)"
        }
        return "\(given) \(family)"
    }
}
