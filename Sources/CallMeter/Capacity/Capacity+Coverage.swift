import Foundation

/// Coverage: is a planned week covered around the clock, and sized by queueing theory?
extension Capacity {
    /// The week after the one holding `now` in the center's zone: what `coverage` plans by default.
    package func nextWeek(now: Int64) -> ISOWeek {
        ISOWeek(containing: CalendarDate(containing: now, in: timeZone)).adding(weeks: 1)
    }

    /// The forecast of `week` from the `forecast_weeks` weeks before it (see `CallForecast`); the
    /// history's slots that end after `now` (Unix seconds), if given, are left out.
    package func forecast(week: ISOWeek, rules: StaffingRules, now: Int64? = nil) throws -> CallForecast {
        try forecast(week: week, weeks: rules.forecastWeeks, intervalMinutes: rules.intervalMinutes, now: now)
    }

    /// The forecast of `week` from the `weeks` weeks before it in `intervalMinutes` slots.
    package func forecast(week: ISOWeek, weeks: Int, intervalMinutes: Int, now: Int64? = nil) throws -> CallForecast {
        try CallForecast.make(week: week, weeks: weeks, intervalMinutes: intervalMinutes, zone: timeZone, now: now, connection: connection)
    }

    /// Per slot and hotline of `week`: forecast, requirement, committed agents (without
    /// `removedAgent`'s commitments when given) and expected service; per hotline the summary.
    /// `forecast` may be passed in to reuse one for several runs (`whatIfRemove`).
    package func coverage(week: ISOWeek, rules: StaffingRules, removingAgent removedAgent: String? = nil,
                          forecast: CallForecast? = nil, now: Int64? = nil) throws -> CoverageReport {
        let forecast = try forecast ?? self.forecast(week: week, rules: rules, now: now)
        let (from, to) = (forecast.slots.first?.start ?? 0, forecast.slots.last?.end ?? 0)
        return CoveragePlanner.plan(
            forecast: forecast, intervals: try committedIntervals(from: from, to: to), skills: try skills(),
            rules: rules, removedAgent: removedAgent)
    }

    /// The week as committed and the same week without `agentID`'s commitments; an agent without
    /// commitments in the week is a `CoverageError` (a typo would otherwise show "no change").
    package func whatIfRemove(agentID: String, week: ISOWeek, rules: StaffingRules, now: Int64? = nil) throws -> (before: CoverageReport, after: CoverageReport) {
        let forecast = try forecast(week: week, rules: rules, now: now)
        let (from, to) = (forecast.slots.first?.start ?? 0, forecast.slots.last?.end ?? 0)
        guard try committedIntervals(from: from, to: to).contains(where: { $0.agentID == agentID }) else {
            throw CoverageError.noCommitments(agentID: agentID, week: week)
        }
        return (try coverage(week: week, rules: rules, forecast: forecast),
                try coverage(week: week, rules: rules, removingAgent: agentID, forecast: forecast))
    }
}

/// Why a coverage question cannot be answered.
package enum CoverageError: Error, CustomStringConvertible {
    /// `--what-if-remove` names an agent with nothing committed in the week.
    case noCommitments(agentID: String, week: ISOWeek)

    package var description: String {
        switch self {
        case .noCommitments(let agentID, let week):
            "agent '\(agentID)' has no commitments in \(week): removing them changes nothing (see 'callmeter coverage --week \(week)')"
        }
    }
}
