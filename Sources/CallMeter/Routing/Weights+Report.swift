/// What `callmeter weights` shows: the weight run of a scoring run with today's pins and the
/// directory's active flags applied.
package struct WeightReport: Sendable {
    package struct Line: Sendable, Equatable {
        package let agent: WeightRun.Agent
        /// The pin in force today, if any.
        package let pin: WeightPin?
        /// False: inactive in the directory, left out of the feed.
        package let active: Bool

        /// The weight a feed published now would carry.
        package var weight: Int { pin?.weight ?? agent.weight }

        /// Why the weight is not simply the target: `pinned`, `step-limited`, `insufficient`, …
        package var reasons: [String] {
            var reasons: [String] = []
            if pin != nil { reasons.append("pinned") }
            if agent.isStepLimited { reasons.append("step-limited") }
            if !agent.scored {
                reasons.append("insufficient (not scored)")
            } else if agent.isInsufficient {
                reasons.append("insufficient")
            }
            if agent.previous == nil { reasons.append("never published") }
            if !active { reasons.append("inactive: not in the feed") }
            return reasons
        }
    }

    package let run: WeightRun
    /// True when the run was computed and stored before; false when computed now.
    package let wasStored: Bool
    /// True when the run was computed with another `routing.json` than the one loaded now.
    package let rulesDiffer: Bool
    package let lines: [Line]
}

extension Weights {
    /// The weights of the scoring run of `asOf` (default: the latest). Stores the computation the
    /// first time unless `dryRun`.
    package func report(asOf: CalendarDate?, dryRun: Bool) throws -> WeightReport {
        let snapshot = try snapshot(asOf: asOf)
        let (run, wasStored) = try weightRun(for: snapshot, dryRun: dryRun)
        let directory = try database.directory()
        let today = today
        let pins = try database.openPins().filter { $0.value.applies(on: today) }
        let lines = run.agents.map { agent in
            WeightReport.Line(agent: agent, pin: pins[agent.agentID], active: directory[agent.agentID]?.active ?? false)
        }
        return WeightReport(run: run, wasStored: wasStored, rulesDiffer: run.rulesSHA256 != rules.sha256, lines: lines)
    }
}
