package import Foundation

/// The coverage of one planned week: per local slot and hotline the forecast, the requirement, the
/// committed agents and what they are expected to achieve; per hotline the week's summary.
package struct CoverageReport: Sendable {
    package var week: ISOWeek
    /// The center's zone the slots are in.
    package var timeZone: TimeZone
    /// The weeks the forecast was made from, oldest first.
    package var historyWeeks: [ISOWeek]
    package var intervalMinutes: Int
    package var shrinkage: Double
    package var maxOccupancy: Double
    /// The agent whose commitments were left out (`--what-if-remove`), if any.
    package var removedAgent: String?
    /// Per slot (time order) and hotline (sorted): every hotline that had inbound calls in the history.
    package var slots: [CoverageSlot]
    /// Per hotline, sorted.
    package var hotlines: [HotlineCoverage]

    /// The ten worst slots: the largest shortfall (required − committed) first, then the lower
    /// expected service level, the earlier slot, the hotline. Slots without calls or short of
    /// nothing are not listed.
    package var worstSlots: [CoverageSlot] {
        Array(slots.filter { $0.calls > 0 && $0.shortfall > 0 }.sorted { a, b in
            if a.shortfall != b.shortfall { return a.shortfall > b.shortfall }
            if a.expected.serviceLevel != b.expected.serviceLevel { return a.expected.serviceLevel < b.expected.serviceLevel }
            if a.slot.start != b.slot.start { return a.slot.start < b.slot.start }
            return a.hotline < b.hotline
        }.prefix(10))
    }

    /// The same report restricted to one hotline's rows.
    package func only(hotline: String) -> CoverageReport {
        var copy = self
        copy.slots = slots.filter { $0.hotline == hotline }
        copy.hotlines = hotlines.filter { $0.hotline == hotline }
        return copy
    }
}

/// One hotline in one slot.
package struct CoverageSlot: Sendable, Hashable {
    package var hotline: String
    package var slot: LocalSlot
    /// Forecast arrivals.
    package var calls: Double
    /// Forecast mean handle time, seconds.
    package var averageHandleSeconds: Double
    /// Agents the target needs (`Queueing.requiredAgents`).
    package var required: Int
    /// Committed agents for this hotline: time-weighted, after the split of multi-skilled agents
    /// and after shrinkage.
    package var committed: Double
    /// Agents committed for any part of the slot who may take this hotline (before the split).
    package var agentsCommitted: Int
    /// What the committed agents, floored to whole agents, are expected to achieve.
    package var expected: QueuePerformance

    /// committed − required: negative when short.
    package var gap: Double { committed - Double(required) }
    package var shortfall: Double { max(0, -gap) }
    /// A hotline that gets calls with nobody committed at all: the 24/7 check.
    package var isUncovered: Bool { calls > 0 && agentsCommitted == 0 }
    package var isShort: Bool { calls > 0 && committed < Double(required) }
}

/// One hotline over the week.
package struct HotlineCoverage: Sendable, Hashable {
    package var hotline: String
    package var target: ServiceTarget
    package var model: QueueModel
    /// Forecast calls of the week.
    package var calls: Double
    /// Hours (sums of slot lengths) with calls forecast and no agent committed.
    package var uncoveredHours: Double
    /// Hours with fewer committed than required agents (uncovered ones included).
    package var shortHours: Double
    /// Σ required × slot hours and Σ committed × slot hours.
    package var requiredAgentHours: Double
    package var committedAgentHours: Double
    /// Expected service level of the week: the slots' levels weighted by their forecast calls (1
    /// when no calls are forecast).
    package var serviceLevel: Double
    /// Expected average speed of answer, call-weighted (infinite when a slot with calls never
    /// empties its queue).
    package var averageSpeedOfAnswerSeconds: Double
}

/// Consecutive uncovered slots of one hotline.
package struct CoverageStretch: Sendable, Hashable {
    package var hotline: String
    /// First instant and the instant after the last, Unix seconds.
    package var start: Int64
    package var end: Int64
    /// Local wall-clock start and end, `2026-12-08 02:00`.
    package var from: String
    package var to: String
    package var hours: Double { Double(end - start) / 3600 }
}

extension CoverageReport {
    /// The uncovered slots merged into stretches, per hotline (sorted) in time order.
    package var uncoveredStretches: [CoverageStretch] {
        var stretches: [CoverageStretch] = []
        for hotline in hotlines.map(\.hotline) {
            var current: CoverageStretch?
            for row in slots where row.hotline == hotline {
                if row.isUncovered {
                    if let open = current, open.end == row.slot.start {
                        current?.end = row.slot.end
                    } else {
                        if let open = current { stretches.append(open) }
                        current = CoverageStretch(hotline: hotline, start: row.slot.start, end: row.slot.end, from: row.slot.label, to: "")
                    }
                } else if let open = current {
                    stretches.append(open)
                    current = nil
                }
            }
            if let open = current { stretches.append(open) }
        }
        return stretches.map { stretch in
            var stretch = stretch
            let local = stretch.end + CalendarDate.offset(at: stretch.end, in: timeZone)
            stretch.to = String(Timestamp.formatWallClock(local).prefix(16))
            return stretch
        }
    }
}

/// How coverage numbers are written, the same in the terminal, the CSV, the JSON and the report.
package enum CoverageFormat {
    /// `value` with `places` decimals (`-` for a value that is not finite).
    package static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "-" }
        let text = String(format: "%.\(places)f", value)
        // No "-0.00".
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }

    /// A service level 0...1 as a percentage with one decimal, `88.8`.
    package static func percent(_ level: Double) -> String { fixed(level * 100, places: 1) }

    /// The model in words: `erlang-c`, `erlang-a (patience 312 s)`.
    package static func model(_ model: QueueModel) -> String {
        switch model {
        case .erlangC: "erlang-c"
        case .erlangA(let patience): "erlang-a (patience \(fixed(patience, places: 0)) s)"
        }
    }

    /// `80 % in 20 s`.
    package static func target(_ target: ServiceTarget) -> String {
        "\(fixed(target.percent, places: target.percent.rounded() == target.percent ? 0 : 1)) % in \(target.answerWithinSeconds) s"
    }
}
