import CallMeter
import Foundation

/// `callmeter generate`: realistic, deterministic synthetic data in the native formats.
struct GenerateCommand: Command {
    static let name = "generate"
    static let abstract = "Write synthetic agents, calls and ratings (deterministic for a seed)."
    static let help = """
        USAGE: callmeter generate --agents N --days D --calls-per-day C --seed S --out DIR [--first-day YYYY-MM-DD]

        Writes agents.csv, cdr.csv and ratings.csv in the native formats, and truth.csv with each
        agent's hidden quality (0–1) that drives its ratings. The same options give byte-identical
        files. Calls follow business hours in the center's time zone (Rules/center.json), about 30%
        of answered calls are rated, several hotlines, abandoned and missed calls, transfers.

        OPTIONS:
          --agents N           Number of agents (1–100000).
          --days D             Number of days (1–3660).
          --calls-per-day C    Calls per day.
          --seed S             Seed of the random numbers (a whole number ≥ 0).
          --out DIR            Where to write the files (created if missing).
          --first-day DATE     The first day (default 2026-10-01).
        """

    var agents: Int?
    var days: Int?
    var callsPerDay: Int?
    var seed: UInt64?
    var out: String?
    var firstDay = "2026-10-01"

    init(arguments: [String]) throws(UsageError) {
        var cursor = ArgumentCursor(arguments)
        while let argument = cursor.next() {
            switch argument {
            case "--agents": agents = try cursor.integer(for: argument, in: 1...100_000)
            case "--days": days = try cursor.integer(for: argument, in: 1...3660)
            case "--calls-per-day": callsPerDay = try cursor.integer(for: argument, in: 0...10_000_000)
            case "--seed":
                let text = try cursor.value(for: argument)
                guard let value = UInt64(text) else { throw UsageError("--seed takes a whole number ≥ 0, not '\(text)'") }
                seed = value
            case "--out": out = try cursor.value(for: argument)
            case "--first-day": firstDay = try cursor.value(for: argument)
            default: throw UsageError("unexpected argument '\(argument)'")
            }
        }
        for (value, name) in [(agents as Any?, "--agents"), (days, "--days"), (callsPerDay, "--calls-per-day"), (seed, "--seed"), (out, "--out")]
        where value == nil {
            throw UsageError("generate needs \(name)")
        }
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        guard let agents, let days, let callsPerDay, let seed, let out else { throw UsageError("generate needs all of its options") }
        // The center's zone decides business hours; without rules the generator's default applies.
        let zone = (try? context.centerRules().timeZone) ?? GeneratorOptions.defaultTimeZone
        let options = GeneratorOptions(agents: agents, days: days, callsPerDay: callsPerDay, seed: seed, firstDay: firstDay, timeZone: zone)
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
        return .success
    }
}
