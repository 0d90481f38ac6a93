package import Foundation

/// The queueing model staffing requirements are computed with (`model` in `staffing.json`).
package enum StaffingModel: String, Sendable {
    /// Erlang C: callers wait as long as it takes.
    case erlangC = "erlang-c"
    /// Erlang A: callers hang up after an exponential patience, whose mean the coverage estimates
    /// from the calls (abandonments ÷ total waiting time).
    case erlangA = "erlang-a"
}

/// How the center is sized, from `staffing.json`: the length of a planning interval, the
/// service-level target (for all hotlines, and per hotline), the highest occupancy agents are
/// planned at, the share of committed time lost to breaks and other work (shrinkage), the queueing
/// model and how many weeks of calls the forecast looks back.
///
/// Every key is optional; without the file the shipped values below apply.
package struct StaffingRules: Sendable, Equatable {
    package static let fileName = "staffing.json"

    /// Length of a planning interval (slot) in minutes: 15, 30 or 60.
    package var intervalMinutes: Int
    /// The target of every hotline without one of its own in `hotlineTargets`.
    package var defaultTarget: ServiceTarget
    /// Per-hotline targets, by hotline number as the calls store it.
    package var hotlineTargets: [String: ServiceTarget]
    /// Highest planned occupancy (share of the agents' available time spent handling calls): in (0, 1].
    package var maxOccupancy: Double
    /// Share of committed time not available for calls (breaks, coaching, other work): in [0, 1).
    /// A committed agent counts as 1 − shrinkage agents.
    package var shrinkage: Double
    package var model: StaffingModel
    /// Weeks of calls (before the planned week) the forecast is built from: 1 to 52.
    package var forecastWeeks: Int

    package static let intervalChoices = [15, 30, 60]
    package static let answerWithinLimits = 1...3600
    static let forecastWeeksLimits = 1...52

    package static let shipped = StaffingRules(
        intervalMinutes: 30, defaultTarget: ServiceTarget(answerWithinSeconds: 20, percent: 80), hotlineTargets: [:],
        maxOccupancy: 0.85, shrinkage: 0, model: .erlangC, forecastWeeks: 6)

    package init(intervalMinutes: Int, defaultTarget: ServiceTarget, hotlineTargets: [String: ServiceTarget],
                 maxOccupancy: Double, shrinkage: Double, model: StaffingModel, forecastWeeks: Int) {
        self.intervalMinutes = intervalMinutes
        self.defaultTarget = defaultTarget
        self.hotlineTargets = hotlineTargets
        self.maxOccupancy = maxOccupancy
        self.shrinkage = shrinkage
        self.model = model
        self.forecastWeeks = forecastWeeks
    }

    /// The hotline's own target, or the default one.
    package func target(forHotline hotline: String) -> ServiceTarget {
        hotlineTargets[hotline] ?? defaultTarget
    }

    /// Reads `staffing.json` in `directory`; the shipped values when there is no such file.
    package static func load(directory: URL) throws(RulesError) -> StaffingRules {
        try loadIfPresent(directory: directory) ?? shipped
    }
}

extension StaffingRules: RuleFileKind {
    package init(settings root: RuleObject) throws(RulesError) {
        var rules = Self.shipped
        if let value = root.optionalValue("interval_minutes") {
            rules.intervalMinutes = try value.int()
            guard Self.intervalChoices.contains(rules.intervalMinutes) else {
                throw value.error("must be 15, 30 or 60 (minutes), found \(rules.intervalMinutes)")
            }
        }
        if let object = try root.optionalObject("service_level") {
            rules.defaultTarget = try Self.target(object)
        }
        if let object = try root.optionalObject("hotline_service_levels") {
            for (hotline, value) in object.entries() {
                guard !hotline.isEmpty else { throw value.error("a hotline number is empty") }
                rules.hotlineTargets[hotline] = try Self.target(value.object())
            }
        }
        if let value = root.optionalValue("max_occupancy") {
            rules.maxOccupancy = try value.decimal()
            guard rules.maxOccupancy > 0 && rules.maxOccupancy <= 1 else {
                throw value.error("must be above 0 and at most 1 (0.85 = 85 %), found \(value.json.summary)")
            }
        }
        if let value = root.optionalValue("shrinkage") {
            rules.shrinkage = try value.decimal()
            guard rules.shrinkage >= 0 && rules.shrinkage < 1 else {
                throw value.error("must be at least 0 and below 1 (0.3 = 30 % of committed time is not on calls), found \(value.json.summary)")
            }
        }
        if let value = root.optionalValue("model") {
            let name = try value.string()
            guard let model = StaffingModel(rawValue: name) else {
                throw value.error("expected \"erlang-c\" or \"erlang-a\", found \(name.rulesQuoted())")
            }
            rules.model = model
        }
        rules.forecastWeeks = try root.optionalInt("forecast_weeks", in: Self.forecastWeeksLimits) ?? rules.forecastWeeks
        self = rules
    }

    /// `{ "answer_within_seconds": 20, "percent": 80 }`, both required.
    private static func target(_ object: RuleObject) throws(RulesError) -> ServiceTarget {
        let seconds = try object.int("answer_within_seconds", in: answerWithinLimits)
        let value = try object.value("percent")
        let percent = try value.decimal()
        guard percent > 0 && percent < 100 else {
            throw value.error("must be above 0 and below 100 (no queue answers every call in time), found \(value.json.summary)")
        }
        try object.rejectUnknownKeys()
        return ServiceTarget(answerWithinSeconds: seconds, percent: percent)
    }
}
