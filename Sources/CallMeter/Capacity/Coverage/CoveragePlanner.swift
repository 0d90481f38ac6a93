/// The requirement and the committed capacity of every slot of a forecast week (pure: the store is
/// read by `Capacity.coverage`).
///
/// - Required: `Queueing.requiredAgents` with the slot's forecast calls, its length, its AHT, the
///   hotline's target, `max_occupancy` and the model (Erlang A with the hotline's estimated patience
///   when `model` is `erlang-a` and the data give one, else Erlang C).
/// - Committed: each agent counts for the share of the slot their commitments cover (half the slot:
///   0.5), times `1 − shrinkage`.
/// - Several skills: an agent who may take several of the hotlines (the commitment's `hotlines`,
///   else the agent's skills, else every hotline) is spread over them, never counted twice. Agents
///   with one such hotline are placed first; the others are split in proportion to what each
///   hotline still needs after them (required − single-skilled committed, at least 0), or, when none
///   needs more, in proportion to the requirements, or, when nothing is required, evenly.
/// - Expected: `Queueing.performance` with the committed agents floored to whole agents (half an
///   agent answers no call on its own, so 2.9 agents are planned as 2).
enum CoveragePlanner {
    static func plan(
        forecast: CallForecast, intervals: [CommittedInterval], skills: [String: [String]],
        rules: StaffingRules, removedAgent: String?
    ) -> CoverageReport {
        let hotlines = forecast.hotlines
        let hotlineIndex = Dictionary(uniqueKeysWithValues: hotlines.enumerated().map { ($1, $0) })
        let models = hotlines.map { hotline -> QueueModel in
            guard rules.model == .erlangA, let patience = forecast.patienceSeconds[hotline] else { return .erlangC }
            return .erlangA(patienceSeconds: patience)
        }
        let targets = hotlines.map { rules.target(forHotline: $0) }
        let slots = forecast.slots
        let available = 1 - rules.shrinkage

        /// Per slot: (agent, share of the slot, hotline indexes the agent may take here).
        var present: [[(agent: String, share: Double, eligible: [Int])]] = Array(repeating: [], count: slots.count)
        for interval in intervals where interval.agentID != removedAgent {
            let named = interval.hotlines.isEmpty ? (skills[interval.agentID] ?? []) : interval.hotlines
            let eligible = named.isEmpty ? Array(hotlines.indices) : named.compactMap { hotlineIndex[$0] }.sorted()
            guard !eligible.isEmpty else { continue }
            var index = firstSlot(endingAfter: interval.start, in: slots)
            while index < slots.count, slots[index].start < interval.end {
                let slot = slots[index]
                let overlap = min(slot.end, interval.end) - max(slot.start, interval.start)
                if overlap > 0 {
                    present[index].append((interval.agentID, Double(overlap) / Double(slot.seconds), eligible))
                }
                index += 1
            }
        }

        var rows: [CoverageSlot] = []
        rows.reserveCapacity(slots.count * hotlines.count)
        for (index, slot) in slots.enumerated() {
            let seconds = Double(slot.seconds)
            let required = hotlines.indices.map { h -> Int in
                let f = forecast.perSlot[h][index]
                return Queueing.requiredAgents(
                    calls: f.calls, intervalSeconds: seconds, averageHandleSeconds: f.averageHandleSeconds,
                    target: targets[h], maxOccupancy: rules.maxOccupancy, model: models[h]).agents
            }
            var committed = Array(repeating: 0.0, count: hotlines.count)
            var agents = Array(repeating: Set<String>(), count: hotlines.count)
            for entry in present[index] {
                for h in entry.eligible { agents[h].insert(entry.agent) }
                if entry.eligible.count == 1 { committed[entry.eligible[0]] += entry.share }
            }
            let single = committed
            for entry in present[index] where entry.eligible.count > 1 {
                let weights = splitWeights(entry.eligible.map { h in (Double(required[h]) - single[h], Double(required[h])) })
                for (h, weight) in zip(entry.eligible, weights) { committed[h] += entry.share * weight }
            }
            for h in hotlines.indices {
                let f = forecast.perSlot[h][index]
                let capacity = committed[h] * available
                let expected = Queueing.performance(
                    calls: f.calls, intervalSeconds: seconds, averageHandleSeconds: f.averageHandleSeconds,
                    agents: Int((capacity + 1e-9).rounded(.down)), target: targets[h], model: models[h])
                rows.append(CoverageSlot(
                    hotline: hotlines[h], slot: slot, calls: f.calls, averageHandleSeconds: f.averageHandleSeconds,
                    required: required[h], committed: capacity, agentsCommitted: agents[h].count, expected: expected))
            }
        }
        let summaries = hotlines.indices.map { h in
            summary(hotline: hotlines[h], target: targets[h], model: models[h], rows: rows.filter { $0.hotline == hotlines[h] })
        }
        return CoverageReport(
            week: forecast.week, timeZone: forecast.timeZone, historyWeeks: forecast.historyWeeks, intervalMinutes: rules.intervalMinutes,
            shrinkage: rules.shrinkage, maxOccupancy: rules.maxOccupancy, removedAgent: removedAgent,
            slots: rows, hotlines: summaries)
    }

    /// Shares of one multi-skilled agent over its hotlines, from each hotline's (still needed,
    /// required): by what is still needed where any is, else by the requirement, else evenly.
    static func splitWeights(_ needs: [(remaining: Double, required: Double)]) -> [Double] {
        let remaining = needs.map { max(0, $0.remaining) }
        let totalRemaining = remaining.reduce(0, +)
        if totalRemaining > 0 { return remaining.map { $0 / totalRemaining } }
        let totalRequired = needs.reduce(0) { $0 + $1.required }
        if totalRequired > 0 { return needs.map { $0.required / totalRequired } }
        return needs.map { _ in 1 / Double(needs.count) }
    }

    /// The first slot whose end is after `instant` (binary search; slots are in time order).
    static func firstSlot(endingAfter instant: Int64, in slots: [LocalSlot]) -> Int {
        var low = 0, high = slots.count
        while low < high {
            let middle = (low + high) / 2
            if slots[middle].end <= instant { low = middle + 1 } else { high = middle }
        }
        return low
    }

    static func summary(hotline: String, target: ServiceTarget, model: QueueModel, rows: [CoverageSlot]) -> HotlineCoverage {
        var calls = 0.0, served = 0.0, waited = 0.0, uncovered = 0.0, short = 0.0, required = 0.0, committed = 0.0
        for row in rows {
            let hours = Double(row.slot.seconds) / 3600
            calls += row.calls
            served += row.calls * row.expected.serviceLevel
            waited += row.calls > 0 ? row.calls * row.expected.averageSpeedOfAnswerSeconds : 0
            if row.isUncovered { uncovered += hours }
            if row.isShort { short += hours }
            required += Double(row.required) * hours
            committed += row.committed * hours
        }
        return HotlineCoverage(
            hotline: hotline, target: target, model: model, calls: calls, uncoveredHours: uncovered, shortHours: short,
            requiredAgentHours: required, committedAgentHours: committed,
            serviceLevel: calls > 0 ? served / calls : 1, averageSpeedOfAnswerSeconds: calls > 0 ? waited / calls : 0)
    }
}
