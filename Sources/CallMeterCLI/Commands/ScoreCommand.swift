import CallMeter
import Foundation

/// `callmeter score [--as-of DATE] [--json]` and `callmeter score --explain AGENT [--as-of DATE]`
struct ScoreCommand: Command {
    static let name = "score"
    static let abstract = "Score every agent from caller ratings and store the run; --explain one agent."
    static let help = """
        USAGE: callmeter [--db PATH] [--rules DIR] score [--as-of YYYY-MM-DD] [--json]
               callmeter [--db PATH] [--rules DIR] score --explain AGENT [--as-of YYYY-MM-DD]

        Scores every agent with an answered call in the window (Rules/scoring.json: window_days
        local days ending with the as-of date, in center.json's time zone), stores the run and
        prints a table sorted by score: agent, name, ratings, CSAT %, Wilson lower bound, score,
        band and change since the previous stored run. Re-running a date replaces its run; the
        same data, rules and date give the same results. With no answered call in the window
        nothing is stored, the exit status is 1 and the message names the last day with an
        answered call.

        OPTIONS:
        \(options.listing)
        """

    static let options = OptionTable([
        CommandOption("--as-of", "DATE", .date(example: "2026-10-31"), help: """
            The last day of the window (default: yesterday in the center's time zone;
            with --explain, the as-of date of the latest stored run).
            """),
        CommandOption("--json", help: "Print the run as JSON instead of a table."),
        CommandOption("--explain", "AGENT", help: "Print every number behind AGENT's score (recomputed, not stored)."),
    ], unknownOption: .unexpectedArgument, helpColumn: 20)

    var asOf: CalendarDate?
    var json = false
    var explain: String?

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parseOptionsOnly(arguments)
        asOf = parsed.date("--as-of")
        json = parsed.has("--json")
        explain = parsed.value("--explain")
        if json && explain != nil { throw UsageError("--json and --explain cannot be combined") }
    }

    /// `--explain` only reads; a scoring run is stored.
    var databaseAccess: DatabaseAccess { explain == nil ? .write : .read }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let ruleSet = try ScoringRuleSet(directory: context.rulesDirectory)
        let (center, rules, integrity) = (ruleSet.center, ruleSet.scoring, ruleSet.integrity)
        let store = try context.openStore()
        do {
            if let explain {
                // Without --as-of, explain the run the user last saw: the latest stored one.
                let date = try ruleSet.explainedDate(asOf, store: store, now: context.clock())
                let explanation = try Scoring(store: store).explainScore(agentID: explain, asOf: date, rules: rules, center: center)
                context.console.print(String(explanation.text.dropLast()))
                let report = try Scoring(store: store).integrity(asOf: date, scoring: rules, integrity: integrity, center: center)
                context.console.print("")
                context.console.print("Survey integrity (integrity.json: \(report.rulesLine)); flags never change the score")
                if let row = report.row(agentID: explain) {
                    for line in report.detailLines(for: row) { context.console.print(line) }
                } else {
                    context.console.print("  no connected call in the window")
                }
                return .success
            }
            let run = try Scoring(store: store).score(asOf: asOf ?? ruleSet.yesterday(now: context.clock()), rules: rules, integrity: integrity, center: center)
            if json {
                context.console.print(Self.json(run))
            } else {
                Self.printTable(run, console: context.console)
            }
            return .success
        } catch let error as ScoringError {
            guard case .noData(let date, _, _) = error, let last = try Scoring(store: store).lastScorableCallDay(in: center.timeZone), last != date else {
                throw CommandFailure(error.description)
            }
            throw CommandFailure("\(error.description). The last answered call is of \(last): try 'callmeter score --as-of \(last)'")
        }
    }

    static func printTable(_ run: ScoreRun, console: Console) {
        let window = run.window
        console.print("Scores as of \(window.asOf) (\(window.timeZone.identifier)): \(Plural.count(window.days, "day")) from \(window.firstDay),"
                      + " \(Plural.count(run.rows.count, "agent")), \(Plural.count(run.population.ratings.count, "overall rating"))")
        var table = TextTable([
            ("Agent", .left), ("Name", .left), ("Ratings", .right), ("CSAT %", .right), ("Wilson %", .right),
            ("Score", .right), ("Band", .left), ("Change", .right),
        ])
        for row in run.rows {
            let s = row.score
            table.add([
                row.agentID, row.name ?? "", String(s.ratings), tenths(s.csatTenths), tenths(s.wilsonTenths),
                tenths(s.scoreTenths), s.band.rawValue, change(row, previousRun: run.previousAsOf != nil),
            ])
        }
        for line in table.lines { console.print(line) }
        for component in run.unavailableComponents {
            console.print("Note: \(component.rawValue) has a weight but no calls with the data it needs in the window: left out.")
        }
        let stored = run.runID == nil ? "Not stored" : run.replacedEarlierRun ? "Stored (replaced the earlier run of \(window.asOf))" : "Stored"
        let previous = run.previousAsOf.map { "change since the run of \($0)" } ?? "no earlier run to compare with"
        console.print("\(stored); rules sha256 \(run.rules.sha256.prefix(12)); \(previous).")
    }

    static func tenths(_ value: Int?) -> String {
        value.map { "\($0 / 10).\($0 % 10)" } ?? "-"
    }

    static func change(_ row: ScoreRun.Row, previousRun: Bool) -> String {
        if let change = row.changeTenths { return signed(change) }
        if previousRun && row.score.scoreTenths != nil { return "new" }
        return "-"
    }

    static func signed(_ tenths: Int) -> String {
        (tenths > 0 ? "+" : tenths < 0 ? "-" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    // MARK: JSON

    static func json(_ run: ScoreRun) -> String {
        let window = run.window
        let agents = run.rows.map { row -> JSONOutput in
            let s = row.score
            return .object([
                ("agent_id", .string(row.agentID)),
                ("name", .string(row.name)),
                ("calls", .int(s.calls)),
                ("ratings", .int(s.ratings)),
                ("satisfied", .int(s.satisfied)),
                ("csat_percent", .tenths(s.csatTenths)),
                ("wilson_lower_percent", .tenths(s.wilsonTenths)),
                ("score", .tenths(s.scoreTenths)),
                ("band", .string(s.band.rawValue)),
                ("change", .tenths(row.changeTenths)),
                ("repeat_contact_rate_percent", .tenths(s.component(.repeatContact).map { roundedTenths($0.shrunkShare) })),
                ("agent_hangup_rate_percent", .tenths(s.component(.agentHangup).map { roundedTenths($0.shrunkShare) })),
                ("ring_no_answer_rate_percent", .tenths(s.component(.ringNoAnswer).map { roundedTenths($0.shrunkShare) })),
                ("adherence_missed_percent", .tenths(s.component(.adherence).map { roundedTenths($0.shrunkShare) })),
            ])
        }
        let value = JSONOutput.object([
            ("as_of", .string(window.asOf.description)),
            ("time_zone", .string(window.timeZone.identifier)),
            ("window", .object([
                ("days", .int(window.days)),
                ("first_day", .string(window.firstDay.description)),
                ("last_day", .string(window.asOf.description)),
                ("start", .string(Timestamp.formatUTC(milliseconds: window.start * 1000))),
                ("end", .string(Timestamp.formatUTC(milliseconds: window.end * 1000))),
            ])),
            ("rules_sha256", .string(run.rules.sha256)),
            ("ratings", .int(run.population.ratings.count)),
            ("stored", .bool(run.runID != nil)),
            ("replaced_earlier_run", .bool(run.replacedEarlierRun)),
            ("previous_as_of", .string(run.previousAsOf?.description)),
            ("unavailable_components", .array(run.unavailableComponents.map { .string($0.rawValue) })),
            ("agents", .array(agents)),
        ])
        return value.text
    }
}
