package import Foundation

/// What `generateSyntheticCenter` generates: how many agents, over how many local days from which first
/// day, how many calls a day on average, and from which seed.
package struct GeneratorOptions: Equatable, Sendable {
    package static let agentRange = 1...100_000
    package static let dayRange = 1...3_660
    package static let callsPerDayRange = 0...10_000_000
    /// Years allowed for `firstDay`.
    package static let yearRange = 1900...9000
    /// Planting needs this many agents, so that the planted three have honest peers to be compared with.
    package static let minimumAgentsForPlanting = 10

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
    /// Plant a dodger, a solicitor and a short-caller (`PlantedBehaviour`) and record them in `truth.csv`'s
    /// `behaviour` column; honest agents' drops and hang-ups then follow the hotline, not their quality.
    /// Off by default: without it the files are those of earlier versions, byte for byte.
    package var plantIntegrity: Bool

    package init(
        agents: Int,
        days: Int,
        callsPerDay: Int,
        seed: UInt64,
        firstDay: String = "2026-10-01",
        timeZone: TimeZone = GeneratorOptions.defaultTimeZone,
        plantIntegrity: Bool = false
    ) {
        self.agents = agents
        self.days = days
        self.callsPerDay = callsPerDay
        self.seed = seed
        self.firstDay = firstDay
        self.timeZone = timeZone
        self.plantIntegrity = plantIntegrity
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
        guard !plantIntegrity || agents >= Self.minimumAgentsForPlanting else {
            throw .invalidOption("agents", value: String(agents),
                                 expected: "at least \(Self.minimumAgentsForPlanting) when planting survey-gaming behaviours")
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
            timeZone: timeZone,
            plantIntegrity: plantIntegrity
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
    let plantIntegrity: Bool
}
