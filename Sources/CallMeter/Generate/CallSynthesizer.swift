/// Draws one call at a given start time: hotline, caller, disposition, agent, durations, who hung up and
/// the caller's ratings. Every draw comes from the run's one call stream, in a fixed order.
///
/// - Disposition: answered 84 %, transferred 4 %, abandoned 8 %, missed 4 %. About 3 % of answered and
///   missed calls are outbound callbacks (ring time instead of queue wait).
/// - Agent: any active agent, weighted by capacity; none for abandoned calls.
/// - Queue wait before answer 3–120 s (median about 18 s); abandoned after 5–180 s; missed after ringing
///   an agent for 10–45 s.
/// - Talk: log-normal around the hotline's median (σ 0.7–0.8), clamped to 30 s...30 min; transferred calls
///   talk about half as long before the transfer. Poor agents drop more calls within 20 s (0.3 % of calls
///   for the best agents, up to 4.6 % for the worst), which then end by the agent.
/// - Hold 10–180 s on 12 % of calls that talk a minute or more, else 0; wrap-up 5–90 s (median about 26 s).
/// - Ended by the agent on 30–55 % of answered calls (more for poor agents), always on transfers.
/// - Ratings: 30 % of connected calls get an `overall` rating, 10 % of those also `resolved`.
///   `overall` = round(1.6 + 3.2 quality + hotline generosity + 0.8 noise − penalties), clamped to 1...5;
///   penalties for a dropped call (1.5), a transfer (0.3), a wait over a minute (0.3), hold over 90 s (0.2).
/// - With planted behaviours (`plantsIntegrity`): honest agents' drops within 20 s and hang-ups follow
///   the hotline (`HotlineProfile.droppedShare`, `agentEndedShare`; 65 % of outbound calls), not the
///   agent's quality, and the planted agents game the survey as `PlantedBehaviour` describes. Without
///   them no draw is added or changed, so the files stay those of earlier versions byte for byte.
struct CallSynthesizer {
    let agents: [SyntheticAgent]
    let callers: CallerPool
    /// Whether the run plants survey-gaming behaviours (`GeneratorOptions.plantIntegrity`).
    let plantsIntegrity: Bool
    private let agentPicker: WeightedPicker
    private let hotlinePicker: WeightedPicker

    init(agents: [SyntheticAgent], callers: CallerPool, plantsIntegrity: Bool = false) {
        self.agents = agents
        self.callers = callers
        self.plantsIntegrity = plantsIntegrity
        agentPicker = WeightedPicker(weights: agents.map { $0.active ? UInt64($0.capacity) : 0 })
        hotlinePicker = WeightedPicker(weights: HotlineProfile.all.map { $0.weight })
    }

    func call(startingAt startedAt: Int, random: inout Xoshiro256StarStar) -> SyntheticCall {
        let hotlineIndex = hotlinePicker.pick(using: &random) ?? 0
        let hotline = HotlineProfile.all[hotlineIndex]
        let caller = callers.draw(using: &random)
        let roll = random.unit()
        var disposition: CallRow.Disposition =
            roll < 0.84 ? .answered : roll < 0.88 ? .transferred : roll < 0.96 ? .abandoned : .missed
        let outbound = (disposition == .answered || disposition == .missed) && random.chance(0.03)
        let agentIndex = disposition == .abandoned ? nil : agentPicker.pick(using: &random)
        guard let agentIndex else {
            // Abandoned, or no active agent at all: the caller gives up in the queue.
            let wait = 5 + Int(175 * random.unit() * random.unit())
            return SyntheticCall(
                hotline: hotlineIndex, agent: nil, startedAt: startedAt, answeredAt: nil,
                endedAt: startedAt + wait, disposition: .abandoned, caller: caller, outbound: false,
                endedByAgent: false
            )
        }
        let quality = agents[agentIndex].quality
        let weakness = 1 - quality
        let behaviour = plantsIntegrity ? agents[agentIndex].behaviour : nil

        if disposition == .missed {
            let ring = outbound ? random.int(in: 15...40) : random.int(in: 10...45)
            return SyntheticCall(
                hotline: hotlineIndex, agent: agentIndex, startedAt: startedAt, answeredAt: nil,
                endedAt: startedAt + ring, disposition: .missed, caller: caller, outbound: outbound,
                endedByAgent: outbound
            )
        }

        let wait: Int
        if outbound {
            wait = random.int(in: 5...25)
        } else {
            let u = random.unit()
            wait = 3 + Int(117 * u * u * u)
        }
        let answeredAt = startedAt + wait
        // Planted behaviours draw only for the planted agents, so honest calls keep their draws.
        if behaviour == .dodger, disposition == .answered, !outbound, random.chance(PlantedBehaviour.dodgerExtraTransferShare) {
            disposition = .transferred
        }
        let transferred = disposition == .transferred
        let ghost = behaviour == .shortCalls && disposition == .answered && !outbound
            && random.chance(PlantedBehaviour.ghostCallShare)
        let dropShare = plantsIntegrity ? hotline.droppedShare : 0.003 + 0.045 * weakness * weakness
        let dropped = !transferred && !ghost && random.chance(dropShare)
        let talk: Int
        if dropped {
            talk = random.int(in: 2...20)
        } else if ghost {
            talk = random.int(in: 2...19)
        } else {
            let median = hotline.medianTalkSeconds * (transferred ? 0.5 : 1)
            let drawn = (median * portableExp(hotline.talkSpread * random.normalish())).rounded()
            talk = Int(min(max(drawn, 30), 1_800))
        }
        let hold = talk >= 60 && random.chance(0.12) ? random.int(in: 10...180) : 0
        let wrapUnit = random.unit()
        let wrap = 5 + Int(85 * wrapUnit * wrapUnit)
        // The dodger ends the call (or has transferred it) before the survey starts.
        let dodged = behaviour == .dodger && (transferred || random.chance(PlantedBehaviour.dodgedShare))
        let endedByAgent: Bool
        if dropped || transferred || ghost || dodged {
            endedByAgent = true
        } else if outbound {
            endedByAgent = random.chance(plantsIntegrity ? 0.65 : 0.55 + 0.20 * weakness)
        } else {
            endedByAgent = random.chance(plantsIntegrity ? hotline.agentEndedShare : 0.30 + 0.25 * weakness)
        }
        let endedAt = answeredAt + talk + hold

        var call = SyntheticCall(
            hotline: hotlineIndex, agent: agentIndex, startedAt: startedAt, answeredAt: answeredAt,
            endedAt: endedAt, disposition: disposition, talkSeconds: talk, holdSeconds: hold,
            wrapSeconds: wrap, caller: caller, outbound: outbound, endedByAgent: endedByAgent
        )
        let solicited = behaviour == .solicitor
        if !dodged && random.chance(solicited ? PlantedBehaviour.solicitedResponseShare : 0.30) {
            let coached = solicited && random.chance(PlantedBehaviour.coachedShare)
            let bonus = solicited ? PlantedBehaviour.solicitedBonus : 0
            var penalty = 0.0
            if dropped || ghost { penalty += 1.5 }
            if transferred { penalty += 0.3 }
            if wait > 60 { penalty += 0.3 }
            if hold > 90 { penalty += 0.2 }
            let score = 1.6 + 3.2 * quality + hotline.generosity + 0.8 * random.normalish() - penalty + bonus
            let ratedAt = endedAt + random.int(in: 3...60)
            call.overall = (coached ? 5 : Self.stars(score), ratedAt)
            if random.chance(0.10) {
                let resolvedPenalty = (dropped || ghost ? 2.0 : 0) + (transferred ? 0.5 : 0)
                let resolvedScore = 1.4 + 3.4 * quality + 0.5 * hotline.generosity + 0.9 * random.normalish()
                    - resolvedPenalty + bonus
                call.resolved = (coached ? 5 : Self.stars(resolvedScore), ratedAt + random.int(in: 4...20))
            }
        }
        return call
    }

    /// A score rounded to the nearest whole star, clamped to 1...5.
    static func stars(_ score: Double) -> Int {
        Int(min(max(score.rounded(), 1), 5))
    }
}
