import CallMeter
import Foundation

/// `callmeter generate`: realistic, deterministic synthetic data in the native formats.
struct GenerateCommand: Command {
    static let name = "generate"
    static let abstract = "Write synthetic agents, calls and ratings (deterministic for a seed)."
    static let help = """
        USAGE: callmeter generate --agents N --days D --calls-per-day C --seed S --out DIR [--first-day YYYY-MM-DD]
                                  [--plant-integrity]

        Writes agents.csv, cdr.csv and ratings.csv in the native formats, and truth.csv with each
        agent's hidden quality (0–1) that drives its ratings. The same options give byte-identical
        files. Calls follow business hours in the center's time zone (Rules/center.json), about 30%
        of answered calls are rated, several hotlines, abandoned and missed calls, transfers.
        commitments.csv plans the agents' shifts for the days and the week after, with planted
        gaps (a hotline left out of a night shift); truth-gaps.csv lists every uncovered
        hotline × date × shift; queue_log holds the agents' sessions of the days (ADDMEMBER,
        PAUSE, UNPAUSE, REMOVEMEMBER), without the planted no-shows of truth-no-shows.csv.

        --plant-integrity plants three agents who game the survey (chosen by the seed among
        the busy active agents): a dodger who ends or transfers calls before the survey, a
        solicitor whose callers rate twice as often and give top marks, and a short-caller
        with many calls below 20 s. truth.csv then gains a behaviour column (dodger,
        solicitor, short-calls, or empty), and honest agents' drops and hang-ups follow the
        hotline rather than their quality, so they differ from their peers by chance alone.
        Without it the files are the same as before, byte for byte.

        OPTIONS:
        \(options.listing)
        """

    static let options = OptionTable([
        CommandOption("--agents", "N", .integer(1...100_000), help: "Number of agents (1–100000)."),
        CommandOption("--days", "D", .integer(1...3660), help: "Number of days (1–3660)."),
        CommandOption("--calls-per-day", "C", .integer(0...10_000_000), help: "Calls per day."),
        CommandOption("--seed", "S", help: "Seed of the random numbers (a whole number ≥ 0)."),
        CommandOption("--out", "DIR", help: "Where to write the files (created if missing)."),
        CommandOption("--first-day", "DATE", help: "The first day (default 2026-10-01)."),
        CommandOption("--plant-integrity", help: "Plant a survey dodger, a solicitor and a short-caller\n(needs --agents 10 or more)."),
    ], unknownOption: .unexpectedArgument, helpColumn: 23)

    var agents: Int?
    var days: Int?
    var callsPerDay: Int?
    var seed: UInt64?
    var out: String?
    var firstDay = "2026-10-01"
    var plantIntegrity = false

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parseOptionsOnly(arguments)
        agents = parsed.integer("--agents")
        days = parsed.integer("--days")
        callsPerDay = parsed.integer("--calls-per-day")
        if let text = parsed.value("--seed") {
            guard let value = UInt64(text) else { throw UsageError("--seed takes a whole number ≥ 0, not '\(text)'") }
            seed = value
        }
        out = parsed.value("--out")
        if let day = parsed.value("--first-day") { firstDay = day }
        plantIntegrity = parsed.has("--plant-integrity")
        for (value, name) in [(agents as Any?, "--agents"), (days, "--days"), (callsPerDay, "--calls-per-day"), (seed, "--seed"), (out, "--out")]
        where value == nil {
            throw UsageError("generate needs \(name)")
        }
        if plantIntegrity, let agents, agents < GeneratorOptions.minimumAgentsForPlanting {
            throw UsageError("--plant-integrity needs --agents \(GeneratorOptions.minimumAgentsForPlanting) or more, "
                             + "so that the three planted agents have honest peers (not \(agents))")
        }
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        guard let agents, let days, let callsPerDay, let seed, let out else { throw UsageError("generate needs all of its options") }
        // The center's zone decides business hours; without rules the generator's default applies.
        let zone = (try? context.centerRules().timeZone) ?? GeneratorOptions.defaultTimeZone
        let options = GeneratorOptions(agents: agents, days: days, callsPerDay: callsPerDay, seed: seed, firstDay: firstDay, timeZone: zone,
                                       plantIntegrity: plantIntegrity)
        let directory = CLI.resolve(out, against: context.workingDirectory)
        let summary: GeneratedSummary
        do {
            summary = try generateSyntheticCenter(options, into: directory)
        } catch {
            if error.invalidOption != nil { throw UsageError(error.description) }
            throw CommandFailure(error.description)
        }
        context.console.print("Wrote \(Plural.count(summary.agents, "agent")) (\(summary.activeAgents) active), \(Plural.count(summary.calls, "call")), "
                              + "\(Plural.count(summary.ratings, "rating")) (\(Plural.count(summary.ratedCalls, "rated call"))) to \(directory.path)")
        if summary.committedSeconds > 0 {
            // Agents are paid per minute but log in for whole shifts: the fairness report flags
            // earnings per logged-in hour below minimum_hourly, which few calls per agent make.
            let busyTenths = summary.handledSeconds * 1000 / summary.committedSeconds
            context.console.print(
                "Shifts: \(Plural.count(summary.committedSeconds / 3600, "agent-hour")) committed on the generated days for "
                    + "\(Plural.count(summary.handledSeconds / 3600, "hour")) of handled calls (talk, hold, wrap): agents are busy "
                    + "\(busyTenths / 10).\(busyTenths % 10) % of their committed time (more --calls-per-day or fewer --agents keep them busier)")
        }
        if !summary.planted.isEmpty {
            context.console.print("Planted (truth.csv): " + summary.planted.map { "\($0.agentID) \($0.behaviour)" }.joined(separator: ", "))
        }
        return .success
    }
}
