/// Survey integrity from counts: for each agent and measure the expected rate at the agent's
/// hotline mix, binomial control limits for the agent's own n, and the flags.
///
/// Peers leave the agent out: the expected rate on a hotline is that of every *other* agent's
/// calls there. With few agents, an agent's own calls would pull the expected rate towards its
/// own and hide what it does (with five agents, a fifth of the peer rate would be its own).
/// Where no other agent took a call of a hotline, the other agents' rate over all hotlines
/// stands in for that hotline.
package struct IntegrityModel: Sendable {
    package let rules: IntegrityRules

    package init(rules: IntegrityRules) {
        self.rules = rules
    }

    /// Every agent of `counts` (per agent key, per hotline key), by agent key.
    package func assess(_ counts: [Int64: [Int64: IntegrityCounts]]) -> [AgentIntegrity] {
        var byHotline: [Int64: IntegrityCounts] = [:]
        var all = IntegrityCounts()
        for hotlines in counts.values {
            for (hotline, c) in hotlines {
                byHotline[hotline, default: IntegrityCounts()] = byHotline[hotline, default: IntegrityCounts()] + c
                all = all + c
            }
        }
        return counts.keys.sorted().map { agent in
            let own = counts[agent] ?? [:]
            let hotlines = own.keys.sorted()
            let total = hotlines.reduce(IntegrityCounts()) { $0 + (own[$1] ?? IntegrityCounts()) }
            let peersAll = all - total
            let figures = IntegrityMeasure.allCases.map { measure -> AgentIntegrity.Figure in
                let (events, n) = total.share(measure)
                var weighted = 0.0
                var known = n > 0
                for hotline in hotlines {
                    let mine = (own[hotline] ?? IntegrityCounts()).share(measure)
                    guard mine.n > 0 else { continue }
                    let peers = ((byHotline[hotline] ?? IntegrityCounts()) - (own[hotline] ?? IntegrityCounts())).share(measure)
                    let fallback = peersAll.share(measure)
                    let peerShare: Double
                    if peers.n > 0 {
                        peerShare = Double(peers.events) / Double(peers.n)
                    } else if fallback.n > 0 {
                        peerShare = Double(fallback.events) / Double(fallback.n)
                    } else {
                        known = false
                        break
                    }
                    weighted += Double(mine.n) * peerShare
                }
                guard known else { return .init(measure: measure, events: events, n: n, expected: nil, lower: nil, upper: nil) }
                let expected = weighted / Double(n)
                let limits = Self.limits(expected: expected, n: n, sigma: rules.sigma)
                return .init(measure: measure, events: events, n: n, expected: expected, lower: limits.lower, upper: limits.upper)
            }
            let judged = total.calls >= rules.minimumCalls
            return AgentIntegrity(
                agent: agent, calls: total.calls, hotlineCalls: hotlines.map { ($0, own[$0]?.calls ?? 0) }, figures: figures,
                judged: judged, flags: judged ? Self.flags(figures) : [])
        }
    }

    /// expected ± sigma × sqrt(expected × (1 − expected) / n), clipped to 0...1 (the funnel).
    package static func limits(expected: Double, n: Int, sigma: Double) -> (lower: Double, upper: Double) {
        guard n > 0 else { return (0, 1) }
        let spread = sigma * (expected * (1 - expected) / Double(n)).squareRoot()
        return (max(0, expected - spread), min(1, expected + spread))
    }

    /// The patterns of `figures` (one agent's, every measure).
    static func flags(_ figures: [AgentIntegrity.Figure]) -> [AgentIntegrity.RaisedFlag] {
        func figure(_ measure: IntegrityMeasure) -> AgentIntegrity.Figure? { figures.first { $0.measure == measure } }
        func outside(_ measure: IntegrityMeasure, above: Bool) -> Bool {
            guard let f = figure(measure) else { return false }
            return above ? f.isAbove : f.isBelow
        }
        return IntegrityFlag.allCases.compactMap { flag in
            let raised = switch flag {
            case .surveyAvoidance: outside(.response, above: false) && (outside(.agentEnded, above: true) || outside(.transfer, above: true))
            case .surveySolicitation: outside(.response, above: true) && outside(.topRating, above: true)
            case .shortCalls: outside(.shortCall, above: true)
            }
            return raised ? AgentIntegrity.RaisedFlag(flag: flag, figures: flag.evidence.compactMap(figure)) : nil
        }
    }
}
