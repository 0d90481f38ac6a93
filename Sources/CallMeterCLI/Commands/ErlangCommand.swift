import CallMeter
import Foundation

/// `callmeter erlang`: the planner's queueing calculator, on the code that sizes the coverage.
struct ErlangCommand: Command {
    static let name = "erlang"
    static let abstract = "Agents needed for a load and a service-level target (Erlang C or A)."
    static let help = """
        USAGE: callmeter erlang --calls N --interval MINUTES --aht SECONDS --target PERCENT/SECONDS
                                [--max-occupancy X] [--patience SECONDS] [--agents N] [--json]

        For N calls arriving in an interval with an average handle time, prints the fewest agents that
        answer PERCENT % of the calls within SECONDS seconds with an occupancy of at most X, and what
        they achieve: service level, probability of waiting, average speed of answer (the mean wait of
        answered calls), occupancy. With --agents, what that many agents achieve and whether they meet
        the target. Erlang C (callers wait as long as it takes), or with --patience Erlang A (callers
        hang up after an exponential patience of that mean), which adds the abandonment rate. The
        formulas: README, Capacity planning. Needs no database.

        OPTIONS:
        \(options.listing)
        """

    static let options = OptionTable([
        CommandOption("--calls", "N", help: "Calls arriving in the interval (a decimal ≥ 0, e.g. a forecast)."),
        CommandOption("--interval", "MINUTES", .integer(1...1440, unit: "minutes"), help: "Length of the interval in minutes (1–1440)."),
        CommandOption("--aht", "SECONDS", help: "Average handle time in seconds (talk + hold + wrap), above 0."),
        CommandOption("--target", "PERCENT/SECONDS", help: "Service-level target: 80/20 = 80 % answered within 20 s."),
        CommandOption("--max-occupancy", "X", help: """
            Highest occupancy, above 0 and at most 1 (default: max_occupancy
            of Rules/staffing.json, 0.85 as shipped).
            """),
        CommandOption("--patience", "SECONDS", help: "Mean patience of waiting callers: Erlang A instead of C."),
        CommandOption("--agents", "N", .integer(0...1_000_000), help: "What this many agents achieve, instead of the agents needed."),
        CommandOption("--json", help: "Print JSON instead of text."),
    ], unknownOption: .unexpectedArgument, helpColumn: 30)

    /// Loads above this many Erlangs are refused: each evaluation is linear in the agents.
    static let maximumLoad = 100_000.0

    /// The load: calls arriving in `intervalMinutes`, each handled in `averageHandleSeconds` on average.
    let calls: Double, intervalMinutes: Int, averageHandleSeconds: Double
    let target: ServiceTarget
    /// nil: `max_occupancy` of `Rules/staffing.json`.
    let maxOccupancy: Double?
    /// nil: Erlang C.
    let patienceSeconds: Double?
    /// nil: the agents needed are searched for.
    let agents: Int?
    let json: Bool

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parseOptionsOnly(arguments)
        for name in ["--calls", "--interval", "--aht", "--target"] where !parsed.has(name) {
            throw UsageError("erlang needs \(name)")
        }
        calls = try Self.decimal(parsed, "--calls", "a number of calls from 0 to 10000000") { $0 <= 10_000_000 } ?? 0
        intervalMinutes = parsed.integer("--interval") ?? 0
        averageHandleSeconds = try Self.decimal(parsed, "--aht", "a number of seconds above 0 and at most 86400") { $0 > 0 && $0 <= 86_400 } ?? 0
        target = try Self.target(parsed.value("--target") ?? "")
        maxOccupancy = try Self.decimal(parsed, "--max-occupancy", "a share above 0 and at most 1, such as 0.85") { $0 > 0 && $0 <= 1 }
        patienceSeconds = try Self.decimal(parsed, "--patience", "a number of seconds above 0 and at most 10000000") { $0 > 0 && $0 <= 10_000_000 }
        agents = parsed.integer("--agents")
        json = parsed.has("--json")
        let load = calls / Double(intervalMinutes * 60) * averageHandleSeconds
        guard load <= Self.maximumLoad else {
            throw UsageError("--calls, --interval and --aht give an offered load of \(load.fixed(1)) Erlangs; at most \(Int(Self.maximumLoad)) are computed")
        }
    }

    /// A plain decimal option (`12`, `0.85`; no sign, exponent or `inf`) that `accepts`; nil when
    /// not given.
    private static func decimal(
        _ parsed: ParsedArguments, _ name: String, _ what: String, accepts: (Double) -> Bool
    ) throws(UsageError) -> Double? {
        guard let text = parsed.value(name) else { return nil }
        guard !text.hasPrefix("-"), RuleValue.isPlainDecimal(text), let value = Double(text), accepts(value) else {
            throw UsageError("\(name) takes \(what), not '\(text)'")
        }
        return value
    }

    /// `80/20`: the percent (above 0, below 100) and the seconds (1 to 3600).
    private static func target(_ text: String) throws(UsageError) -> ServiceTarget {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let limits = StaffingRules.answerWithinLimits
        if parts.count == 2, RuleValue.isPlainDecimal(parts[0]), let percent = Double(parts[0]), percent > 0, percent < 100,
           parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int(parts[1]), limits.contains(seconds) {
            return ServiceTarget(answerWithinSeconds: seconds, percent: percent)
        }
        throw UsageError("--target takes PERCENT/SECONDS such as 80/20 (80 % answered within 20 s; the percent above 0 and "
                         + "below 100, the seconds \(limits.lowerBound) to \(limits.upperBound)), not '\(text)'")
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let cap = try maxOccupancy ?? StaffingRules.load(directory: context.rulesDirectory).maxOccupancy
        let model: QueueModel = patienceSeconds.map { .erlangA(patienceSeconds: $0) } ?? .erlangC
        let intervalSeconds = Double(intervalMinutes * 60)
        let result = if let agents {
            Queueing.performance(
                calls: calls, intervalSeconds: intervalSeconds, averageHandleSeconds: averageHandleSeconds,
                agents: agents, target: target, model: model)
        } else {
            Queueing.requiredAgents(
                calls: calls, intervalSeconds: intervalSeconds, averageHandleSeconds: averageHandleSeconds,
                target: target, maxOccupancy: cap, model: model)
        }
        let meetsTarget = target.isMet(by: result.serviceLevel)
        let meetsCap = result.occupancy <= cap
        context.console.print(json ? jsonText(result, cap: cap, meets: meetsTarget && meetsCap)
                                   : text(result, cap: cap, meetsTarget: meetsTarget, meetsCap: meetsCap))
        return .success
    }

    private func text(_ result: QueuePerformance, cap: Double, meetsTarget: Bool, meetsCap: Bool) -> String {
        let threshold = "\(target.answerWithinSeconds) s"
        let modelLine = patienceSeconds.map { "Erlang A (mean patience \(Self.compact($0)) s)" } ?? "Erlang C"
        var rows: [(String, String)] = [
            (agents == nil ? "Agents needed" : "Agents", String(result.agents)),
            ("Service level", "\(Self.percent(result.serviceLevel)) answered within \(threshold)"),
            ("Probability of waiting", Self.percent(result.probabilityOfWaiting)),
            ("Average speed of answer", result.averageSpeedOfAnswerSeconds.isFinite
                ? "\(result.averageSpeedOfAnswerSeconds.fixed(3)) s" : "infinite (the queue never empties)"),
            ("Occupancy", Self.percent(result.occupancy)),
        ]
        if let abandonment = result.abandonedShare { rows.append(("Abandonment", Self.percent(abandonment))) }
        if agents != nil {
            var verdict = "yes"
            if !meetsTarget { verdict = "no: fewer than \(Self.compact(target.percent)) % answered within \(threshold)" }
            else if !meetsCap { verdict = "no: occupancy above \(Self.compact(cap))" }
            rows.append(("Meets the target", verdict))
        }
        let width = rows.map(\.0.count).max() ?? 0
        let lines = rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }
        return """
            \(modelLine): \(Self.compact(calls)) calls in \(intervalMinutes) minutes, average handle time \(Self.compact(averageHandleSeconds)) s
            Offered load: \(result.offeredLoad.fixed(3)) Erlangs
            Target: \(Self.compact(target.percent)) % answered within \(threshold), occupancy at most \(Self.compact(cap))

            \(lines.joined(separator: "\n"))
            """
    }

    private func jsonText(_ result: QueuePerformance, cap: Double, meets: Bool) -> String {
        JSONOutput.object([
            ("model", .string(patienceSeconds == nil ? StaffingModel.erlangC.rawValue : StaffingModel.erlangA.rawValue)),
            ("calls", .decimal(calls, places: 3)),
            ("interval_minutes", .int(intervalMinutes)),
            ("average_handle_seconds", .decimal(averageHandleSeconds, places: 3)),
            ("target", .object([("percent", .decimal(target.percent, places: 3)), ("answer_within_seconds", .int(target.answerWithinSeconds))])),
            ("max_occupancy", .decimal(cap, places: 5)),
            ("patience_seconds", patienceSeconds.map { .decimal($0, places: 3) } ?? .null),
            ("offered_load_erlangs", .decimal(result.offeredLoad, places: 5)),
            ("agents", .int(result.agents)),
            ("agents_given", .bool(agents != nil)),
            ("meets_target", .bool(meets)),
            ("service_level", .decimal(result.serviceLevel, places: 5)),
            ("probability_of_waiting", .decimal(result.probabilityOfWaiting, places: 5)),
            ("average_speed_of_answer_seconds", .decimal(result.averageSpeedOfAnswerSeconds, places: 3)),
            ("occupancy", .decimal(result.occupancy, places: 5)),
            ("abandonment_rate", result.abandonedShare.map { .decimal($0, places: 5) } ?? .null),
        ]).text
    }

    /// A share as a percent with three decimals: `88.835 %`.
    private static func percent(_ share: Double) -> String {
        "\((share * 100).fixed(3)) %"
    }

    /// An input echoed without trailing zeros: `100`, `12.5`, `0.85`.
    private static func compact(_ value: Double) -> String {
        var text = value.fixed(6)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
