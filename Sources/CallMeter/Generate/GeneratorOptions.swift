package import Foundation

/// What `generateSyntheticCenter` generates: how many agents, over how many local days from which first
/// day, how many calls a day on average, and from which seed.
package struct GeneratorOptions: Equatable, Sendable {
    package static let agentRange = 1...100_000
    package static let dayRange = 1...3_660
    package static let callsPerDayRange = 0...10_000_000
    /// Years allowed for `firstDay`.
    package static let yearRange = 1900...9000

    /// Europe/Zurich, or GMT where the system has no time zone data.
    package static let defaultTimeZone = TimeZone(identifier: "Europe/Zurich") ?? TimeZone(secondsFromGMT: 0) ?? .current

    package var agents: Int
    package var days: Int
    /// The run has exactly `days × callsPerDay` calls: weekdays get more, weekends fewer.
    package var callsPerDay: Int
    package var seed: UInt64
    /// The first local calendar day, `YYYY-MM-DD`.
    package var firstDay: String
    /// The call center's time zone: business hours are local.
    package var timeZone: TimeZone

    package init(
        agents: Int,
        days: Int,
        callsPerDay: Int,
        seed: UInt64,
        firstDay: String = "2026-10-01",
        timeZone: TimeZone = GeneratorOptions.defaultTimeZone
    ) {
        self.agents = agents
        self.days = days
        self.callsPerDay = callsPerDay
        self.seed = seed
        self.firstDay = firstDay
        self.timeZone = timeZone
    }

    /// Checks every option; the first one out of range is reported.
    package func validate() throws(GeneratorError) {
        _ = try plan()
    }

    /// The checked options in the form the generator works with.
    func plan() throws(GeneratorError) -> GenerationPlan {
        guard Self.agentRange.contains(agents) else {
            throw .invalidOption("agents", value: String(agents), expected: Self.describe(Self.agentRange))
        }
        guard Self.dayRange.contains(days) else {
            throw .invalidOption("days", value: String(days), expected: Self.describe(Self.dayRange))
        }
        guard Self.callsPerDayRange.contains(callsPerDay) else {
            throw .invalidOption("callsPerDay", value: String(callsPerDay), expected: Self.describe(Self.callsPerDayRange))
        }
        let (totalCalls, overflow) = days.multipliedReportingOverflow(by: callsPerDay)
        guard !overflow else {
            throw .invalidOption("callsPerDay", value: String(callsPerDay), expected: "days × callsPerDay to fit in an Int")
        }
        let quotedDay = "\"\(firstDay)\""
        guard let firstDayNumber = CivilCalendar.parseDays(firstDay) else {
            throw .invalidOption("firstDay", value: quotedDay, expected: "a date YYYY-MM-DD")
        }
        guard Self.yearRange.contains(CivilCalendar.date(fromDays: firstDayNumber).year) else {
            throw .invalidOption("firstDay", value: quotedDay, expected: "a year in \(Self.describe(Self.yearRange))")
        }
        return GenerationPlan(
            agents: agents,
            days: days,
            totalCalls: totalCalls,
            seed: seed,
            firstDay: firstDayNumber,
            timeZone: timeZone
        )
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        "\(range.lowerBound)...\(range.upperBound)"
    }
}

/// Validated options: the first local day as a day number and the exact number of calls.
struct GenerationPlan {
    let agents: Int
    let days: Int
    let totalCalls: Int
    let seed: UInt64
    /// Days since 1970-01-01 of the first local day.
    let firstDay: Int
    let timeZone: TimeZone
}
