extension CircuitBreaker {
    /// Why a feed was refused: every check that failed, with the figures behind it.
    package struct Trip: Error, Sendable, Equatable, CustomStringConvertible {
        /// A dispatcher set the new feed would break.
        package struct SetTrip: Sendable, Equatable {
            package enum Reason: Sendable, Equatable {
                /// More of the set's traffic would move than `max_traffic_moved_percent`.
                case trafficMoved
                /// No agent would take the set's calls: always refused.
                case emptied
                /// One agent would take all of the calls several share today: always refused.
                case starved
            }

            package let move: TrafficMove
            package let reason: Reason
        }

        package let currentVersion: Int64
        package let path: String
        /// The sets that trip the breaker, by set number.
        package let sets: [SetTrip]
        /// Today's agents the new feed leaves out, when they are more than allowed; else nil.
        package let removed: [String]?
        package let agentsToday: Int
        package let maxTrafficMovedPercent: Int
        package let maxAgentsRemovedPercent: Int

        /// How many agents "most moved" names per set.
        static let agentsNamed = 5

        /// The figures, one check a line (with the agents that move most below it), without the
        /// first and last lines of the description: what `--force` overrode.
        package var figures: [String] {
            var lines: [String] = []
            for set in sets {
                let name = Self.name(of: set.move.dispatchSet)
                let moved = Self.percentText(tenths: set.move.movedTenthsOfPercent)
                switch set.reason {
                case .trafficMoved:
                    lines.append("  \(name): \(moved) of the calls would go to another agent than today; the limit is \(maxTrafficMovedPercent)%")
                case .emptied:
                    lines.append("  \(name) would have no agent to take its calls (today \(set.move.agentsBefore)): always refused")
                case .starved:
                    let only = set.move.agents.first { $0.weightAfter > 0 }?.agentID ?? "?"
                    lines.append("  \(name) would send all of its calls to one agent, \(only) (today \(set.move.agentsBefore) share them; "
                                 + "\(moved) of the calls would move): always refused")
                }
                let named = set.move.agents.prefix(Self.agentsNamed).map { agent in
                    "\(agent.agentID) \(Self.percentText(tenths: set.move.shareTenths(of: agent, after: false))) → "
                        + Self.percentText(tenths: set.move.shareTenths(of: agent, after: true))
                }
                lines.append("    most moved (share of the set's calls, today → new): " + named.joined(separator: ", "))
            }
            if let removed {
                let percent = Self.percentText(tenths: (removed.count * 1000 + agentsToday - 1) / max(agentsToday, 1))
                var names = removed.prefix(Self.agentsNamed).joined(separator: ", ")
                if removed.count > Self.agentsNamed { names += " and \(removed.count - Self.agentsNamed) more" }
                lines.append("  \(removed.count) of today's \(agentsToday) agents (\(percent)) would be left out of the feed; "
                             + "the limit is \(maxAgentsRemovedPercent)%: \(names)")
            }
            return lines
        }

        package var description: String { description(override: nil) }

        /// The description with `override`, the way to publish anyway, added to its last line.
        package func description(override: String?) -> String {
            (["circuit breaker: not published; the current feed (version \(currentVersion), \(path)) is untouched"] + figures
                + ["Check the scores, the pins and the agent directory ('callmeter weights --dry-run')" + (override.map { "; \($0)" } ?? "") + "."])
                .joined(separator: "\n")
        }

        static func name(of set: Int?) -> String {
            set.map { "dispatcher set \($0)" } ?? "the feed's agents"
        }

        /// `12.5%` from 125.
        static func percentText(tenths: Int) -> String {
            "\(tenths / 10).\(tenths % 10)%"
        }
    }
}
