import CallMeter
import Foundation

/// `callmeter scores [--agent ID] [--last N]`
struct ScoresCommand: Command {
    static let name = "scores"
    static let abstract = "Show stored scoring runs: a trend per agent."
    static let help = """
        USAGE: callmeter [--db PATH] scores [--agent ID] [--last N]

        Without --agent: the last N stored runs (default 7) and each agent's score in them, one
        column per run, oldest first. With --agent: that agent's results run by run (ratings,
        CSAT %, Wilson lower bound, score, band, change).

        OPTIONS:
        \(options.listing)
        """

    static let options = OptionTable([
        CommandOption("--agent", "ID", help: "One agent's trend."),
        CommandOption("--last", "N", .integer(1...1000), help: "How many runs, newest ones (1 to 1000; default 7)."),
    ], unknownOption: .unexpectedArgument, helpColumn: 15)

    var agent: String?
    var last = 7

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parseOptionsOnly(arguments)
        agent = parsed.value("--agent")
        if let last = parsed.integer("--last") { self.last = last }
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let store = try context.openStore()
        let console = context.console
        let runs = try Scoring(store: store).scoreRuns(last: last)
        let scores: [StoredAgentScore]
        do {
            scores = try Scoring(store: store).storedScores(runs: runs, agentID: agent)
        } catch let error as ScoringError {
            throw CommandFailure(error.description)
        }
        guard !runs.isEmpty else {
            console.print("No scoring runs stored yet: run 'callmeter score'.")
            return .success
        }
        console.print("Runs (oldest first):")
        for run in runs {
            console.print("  \(run.asOf): \(Plural.count(run.windowDays, "day")), \(Plural.count(run.agents, "agent")), \(Plural.count(run.ratings, "rating")), scored "
                          + "\(Timestamp.formatUTC(milliseconds: run.scoredAtMilliseconds)), rules sha256 \(run.rulesSHA256.prefix(12))")
        }
        console.print("")
        if let agent {
            var table = TextTable([
                ("As of", .left), ("Calls", .right), ("Ratings", .right), ("CSAT %", .right), ("Wilson %", .right),
                ("Score", .right), ("Band", .left), ("Change", .right),
            ])
            var previous: Int?
            for score in scores {
                var change = "-"
                if let now = score.scoreTenths, let before = previous { change = ScoreCommand.signed(now - before) }
                table.add([
                    score.asOf.description, String(score.calls), String(score.ratings), ScoreCommand.tenths(score.csatTenths),
                    ScoreCommand.tenths(score.wilsonTenths), ScoreCommand.tenths(score.scoreTenths), score.band.rawValue, change,
                ])
                previous = score.scoreTenths
            }
            let name = scores.last?.name.map { " (\(TerminalText.escaped($0)))" } ?? ""
            console.print("\(TerminalText.escaped(agent))\(name):" + (scores.isEmpty ? " not scored in these runs" : ""))
            if !scores.isEmpty { for line in table.lines { console.print(line) } }
            try Self.printFlags(try Scoring(store: store).storedIntegrity(runs: runs, agentID: agent), console: console)
            return .success
        }
        var table = TextTable([("Agent", .left), ("Name", .left)] + runs.map { ($0.asOf.description, .right) })
        var byAgent: [String: [CalendarDate: StoredAgentScore]] = [:]
        var names: [String: String] = [:]
        for score in scores {
            byAgent[score.agentID, default: [:]][score.asOf] = score
            if let name = score.name { names[score.agentID] = name }
        }
        for agentID in byAgent.keys.sorted() {
            let cells = runs.map { run -> String in
                guard let score = byAgent[agentID]?[run.asOf] else { return "" }
                return score.scoreTenths.map { ScoreCommand.tenths($0) + (score.band == .insufficient ? "*" : "") } ?? "-"
            }
            table.add([agentID, names[agentID] ?? ""] + cells)
        }
        for line in table.lines { console.print(line) }
        console.print("* band insufficient (fewer ratings than min_ratings); - no score (no ratings).")
        try Self.printFlags(try Scoring(store: store).storedIntegrity(runs: runs), console: console)
        return .success
    }

    /// The survey-integrity flags the runs stored, one line per run and agent; nothing when there
    /// are none (a flag changes no score, so it is shown beside the scores, not in them).
    static func printFlags(_ stored: [StoredAgentIntegrity], console: Console) throws {
        let flagged = stored.filter { !$0.flags.isEmpty }
        guard !flagged.isEmpty else { return }
        console.print("")
        console.print("Survey integrity flags (evidence to look at, never part of the score; 'callmeter integrity --agent ID'):")
        for entry in flagged {
            console.print("  \(entry.asOf)  \(TerminalText.escaped(entry.agentID))  \(entry.flags.map(\.rawValue).joined(separator: ", "))")
        }
    }
}
