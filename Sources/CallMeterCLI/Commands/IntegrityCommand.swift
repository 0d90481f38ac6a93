import CallMeter
import Foundation

/// `callmeter integrity [--as-of DATE] [--agent ID] [--json]`
struct IntegrityCommand: Command {
    static let name = "integrity"
    static let abstract = "Survey integrity: who dodges or coaches the survey, against peers on the same hotlines."
    static let help = """
        USAGE: callmeter [--db PATH] [--rules DIR] integrity [--as-of YYYY-MM-DD] [--agent ID] [--json]

        Per agent, over the scoring window (scoring.json's window_days ending with the as-of date,
        in center.json's time zone): survey response rate, agent-ended rate, transfer rate,
        short-call rate, extreme- and top-rating shares, each against the rate peers on the same
        hotlines give at the agent's hotline mix, within binomial control limits for the agent's
        own number of calls (integrity.json: sigma, minimum_calls, short_call_seconds). Flags:
        survey-avoidance, survey-solicitation, short-calls. Agents are listed by how far outside
        their limits they are (the largest |z|); agents below minimum_calls are shown, not judged.
        Flags are evidence for a person: they never change a score or a weight. Reads only.

        OPTIONS:
        \(options.listing)
        """

    static let options = OptionTable([
        CommandOption("--as-of", "DATE", .date(example: "2026-10-31"), help: """
            The last day of the window (default: the as-of date of the latest stored
            scoring run, else yesterday in the center's time zone).
            """),
        CommandOption("--agent", "ID", help: "Every figure of one agent, with its hotline mix and the flags' evidence."),
        CommandOption("--json", help: "Print JSON instead of a table."),
    ], unknownOption: .unexpectedArgument, helpColumn: 15)

    var asOf: CalendarDate?
    var agent: String?
    var json = false

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parseOptionsOnly(arguments)
        asOf = parsed.date("--as-of")
        agent = parsed.value("--agent")
        json = parsed.has("--json")
    }

    var databaseAccess: DatabaseAccess { .read }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let rules = try ScoringRuleSet(directory: context.rulesDirectory)
        let store = try context.openStore()
        let report: IntegrityReport
        do {
            if let agent, try store.agentKey(agent) == nil { throw ScoringError.unknownAgent(agent) }
            let date = try rules.explainedDate(asOf, store: store, now: context.clock())
            report = try Scoring(store: store).integrity(asOf: date, scoring: rules.scoring, integrity: rules.integrity, center: rules.center)
        } catch let error as ScoringError {
            throw CommandFailure(error.description)
        }
        let rows = agent.map { id in report.rows.filter { $0.agentID == id } } ?? report.rows
        if json {
            context.console.print(Self.json(report, rows: rows).text)
        } else if let agent {
            Self.printAgent(agent, report: report, console: context.console)
        } else {
            Self.printTable(report, console: context.console)
        }
        return .success
    }

    static func header(_ report: IntegrityReport) -> String {
        let window = report.window
        let judged = report.rows.filter(\.integrity.judged).count
        return "Survey integrity as of \(window.asOf) (\(window.timeZone.identifier)): \(Plural.count(window.days, "day")) from \(window.firstDay), "
            + "\(Plural.count(report.rows.count, "agent")) (\(judged) judged); \(report.rulesLine)"
    }

    static func printAgent(_ agentID: String, report: IntegrityReport, console: Console) {
        console.print(header(report))
        guard let row = report.row(agentID: agentID) else {
            console.print("\(TerminalText.escaped(agentID)): no connected call in the window")
            return
        }
        let name = row.name.map { " (\(TerminalText.escaped($0)))" } ?? ""
        console.print("\(TerminalText.escaped(agentID))\(name):")
        for line in report.detailLines(for: row) { console.print(line) }
    }

    /// One cell: `rate` and its limits, marked `<` below or `>` above.
    static func cell(_ figure: AgentIntegrity.Figure?) -> String {
        guard let figure, figure.observedShare != nil else { return "-" }
        let mark = figure.isAbove ? ">" : figure.isBelow ? "<" : " "
        let limits = figure.lower.map { " [\(IntegrityReport.percent($0))–\(IntegrityReport.percent(figure.upper))]" } ?? ""
        return IntegrityReport.percent(figure.observedShare) + mark + limits
    }

    static func printTable(_ report: IntegrityReport, console: Console) {
        console.print(header(report))
        var table = TextTable([
            ("Agent", .left), ("Name", .left), ("Calls", .right), ("Response %", .right), ("Agent-ended %", .right), ("Transfer %", .right),
            ("Short %", .right), ("Extreme %", .right), ("Top %", .right), ("|z|", .right), ("Flags", .left),
        ])
        for row in report.rows {
            let i = row.integrity
            let flags = i.judged ? i.flags.map(\.flag.rawValue).joined(separator: ",") : "not judged"
            table.add([
                row.agentID, row.name ?? "", String(i.calls), cell(i.figure(.response)), cell(i.figure(.agentEnded)), cell(i.figure(.transfer)),
                cell(i.figure(.shortCall)), cell(i.figure(.extremeRating)), cell(i.figure(.topRating)), String(format: "%.2f", i.distance), flags,
            ])
        }
        for line in table.lines { console.print(line) }
        console.print("Rate %, then its control limits [lower–upper] for the agent's own n around the rate its hotline mix predicts;")
        console.print("< below, > above. Flags are evidence to look at: they never change a score or a weight.")
    }

    // MARK: JSON

    static func json(_ report: IntegrityReport, rows: [IntegrityReport.Row]) -> JSONOutput {
        func share(_ value: Double?) -> JSONOutput { value.map { .decimal($0, places: 6) } ?? .null }
        func figure(_ f: AgentIntegrity.Figure) -> JSONOutput {
            .object([
                ("measure", .string(f.measure.rawValue)), ("events", .int(f.events)), ("n", .int(f.n)), ("rate", share(f.observedShare)),
                ("expected", share(f.expected)), ("lower", share(f.lower)), ("upper", share(f.upper)),
                ("z", f.z.map { .decimal($0, places: 4) } ?? .null), ("above", .bool(f.isAbove)), ("below", .bool(f.isBelow)),
            ])
        }
        let agents = rows.map { row -> JSONOutput in
            let i = row.integrity
            return .object([
                ("agent_id", .string(row.agentID)),
                ("name", .string(row.name)),
                ("calls", .int(i.calls)),
                ("hotlines", .array(i.hotlineCalls.map { .object([
                    ("hotline", .string(report.hotlineNames[$0.hotline] ?? "#\($0.hotline)")), ("calls", .int($0.calls)),
                ]) })),
                ("judged", .bool(i.judged)),
                ("distance", .decimal(i.distance, places: 4)),
                ("measures", .array(i.figures.map(figure))),
                ("flags", .array(i.flags.map { raised in .object([
                    ("flag", .string(raised.flag.rawValue)), ("figures", .array(raised.figures.map(figure))),
                ]) })),
            ])
        }
        let window = report.window
        return .object([
            ("as_of", .string(window.asOf.description)),
            ("time_zone", .string(window.timeZone.identifier)),
            ("window", .object([("days", .int(window.days)), ("first_day", .string(window.firstDay.description)),
                                ("last_day", .string(window.asOf.description))])),
            ("rules", .object([("sigma", .decimal(report.rules.sigma, places: 2)), ("minimum_calls", .int(report.rules.minimumCalls)),
                               ("short_call_seconds", .int(report.rules.shortCallSeconds))])),
            ("agents", .array(agents)),
        ])
    }
}
