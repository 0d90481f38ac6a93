import CallMeter
import Foundation

/// `callmeter adherence PERIOD [--csv FILE] [--json]`
struct AdherenceCommand: Command {
    static let name = "adherence"
    static let abstract = "Who kept their commitments: committed vs. available minutes, no-shows."
    static let help = """
        USAGE: callmeter [--db PATH] [--rules DIR] adherence PERIOD [--csv FILE] [--json]

        PERIOD is a month (2026-11), a half month (2026-11a, 2026-11b) or an ISO week (2026-W47), in
        local dates of the center's time zone (center.json), as for payroll. Per agent with commitments
        or logged-in time in the period: committed minutes, minutes logged in and not paused within
        them, adherence (available in-commitment minutes / committed minutes), minutes logged in
        outside every commitment, and the no-shows: commitments without a single logged-in second,
        with local date and times. Sessions come from the ingested Asterisk queue_log; an agent
        without session data is listed as "no session data", never as 0 %.

        OPTIONS:
        \(options.listing)
        """

    static let options = OptionTable([
        CommandOption("--csv", "FILE", help: "Write one row per agent to FILE as CSV (mode 0640) instead."),
        CommandOption("--json", help: "Print JSON instead of tables."),
    ], helpColumn: 13)

    static let noSessionData = "no session data"

    let period: PayPeriod
    var csv: String?
    var json = false

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parse(arguments)
        var positionals = parsed.positionals[...]
        let text = positionals.popFirst()
        if let extra = positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        period = try PayrollCommand.period(text, command: Self.name)
        csv = parsed.value("--csv")
        json = parsed.has("--json")
        if csv != nil && json { throw UsageError("--csv and --json exclude each other") }
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let store = try context.openStore()
        let center = try context.centerRules()
        let report = try Capacity(store: store, timeZone: center.timeZone).adherence(for: period, now: context.now)
        if let csv {
            let out = Self.csv(report)
            let path = CLI.resolve(csv, against: context.workingDirectory).path
            try out.write(to: path)
            context.console.print("Wrote \(path) (\(Plural.count(out.rows, "agent")) of \(period.identifier))")
        } else if json {
            context.console.print(Self.json(report).text)
        } else {
            Self.printText(report, console: context.console)
        }
        return .success
    }

    // MARK: Formats

    /// Seconds as minutes with one decimal, halves up: `5430` → `90.5`.
    static func minutes(_ seconds: Int64) -> String {
        DecimalText.format((seconds * 10 + 30) / 60, places: 1, minimumPlaces: 1, decimalSeparator: ".")
    }

    /// `81.3 %`, `no session data`, or `-` without commitments.
    static func adherenceText(_ agent: AgentAdherence?) -> String {
        guard let agent, agent.committedSeconds > 0 else { return "-" }
        return agent.adherenceTenths.map(percent) ?? noSessionData
    }

    static func percent(_ tenths: Int) -> String {
        DecimalText.format(Int64(tenths), places: 1, minimumPlaces: 1, decimalSeparator: ".") + " %"
    }

    static func printText(_ report: AdherenceReport, console: Console) {
        let lastDay = CalendarDate(containing: report.end - 1, in: report.timeZone)
        console.print("Adherence \(report.period) (\(CalendarDate(containing: report.start, in: report.timeZone)) to \(lastDay), \(report.timeZone.identifier))")
        guard !report.agents.isEmpty else {
            console.print("No commitments and no logged-in time in this period.")
            return
        }
        var table = TextTable([
            ("AGENT", .left), ("NAME", .left), ("COMMITTED MIN", .right), ("AVAILABLE MIN", .right), ("ADHERENCE", .right),
            ("OUTSIDE MIN", .right), ("NO-SHOWS", .right),
        ])
        for agent in report.agents {
            let sessions = agent.sessions
            table.add([
                agent.agentID, report.names[agent.agentID] ?? "", minutes(agent.committedSeconds),
                sessions.map { minutes($0.availableInCommitmentSeconds) } ?? "", adherenceText(agent),
                sessions.map { minutes($0.loggedInOutsideSeconds) } ?? "", sessions.map { String($0.noShows.count) } ?? "",
            ])
        }
        console.print(table.render())
        let (committed, available) = report.totalOfAgentsWithSessionData
        if let tenths = AgentAdherence.tenths(available: available, committed: committed) {
            console.print("All agents with session data: \(minutes(available)) of \(minutes(committed)) committed minutes available = \(percent(tenths)).")
        }
        let noShows = report.noShows
        console.printListing(
            noShows, empty: "No no-shows.", title: "No-shows (commitments without a single logged-in second): \(noShows.count)",
            columns: [("AGENT", .left), ("DATE", .left), ("FROM", .left), ("TO", .left), ("MINUTES", .right)]
        ) { noShow in
            [noShow.agentID, noShow.localDate.description, noShow.localStart, noShow.localEnd, minutes(noShow.seconds)]
        }
        console.print("Adherence = minutes logged in and not paused within commitments / committed minutes; outside =")
        console.print("logged-in minutes outside every commitment.")
        if !report.hasSessionData {
            console.print("\(noSessionData): no agent sessions are imported (ingest an Asterisk queue_log).")
        } else if report.agents.contains(where: { $0.sessions == nil }) {
            console.print("\(noSessionData): no queue_log session of the agent is imported, or none reaches this period.")
        }
    }

    static func csv(_ report: AdherenceReport) -> ListingCSV {
        ListingCSV(
            header: ["agent_id", "name", "committed_minutes", "available_minutes", "adherence_percent", "logged_in_in_commitment_minutes",
                     "outside_minutes", "no_shows", "session_data"],
            rows: report.agents.map { agent in
                let sessions = agent.sessions
                let empty = ListingCSV.Cell.text("")
                return [
                    .text(agent.agentID), .text(report.names[agent.agentID] ?? ""), .number(minutes(agent.committedSeconds)),
                    sessions.map { .number(minutes($0.availableInCommitmentSeconds)) } ?? empty,
                    agent.adherenceTenths.map { .number(String(percent($0).dropLast(2))) } ?? empty,
                    sessions.map { .number(minutes($0.loggedInInCommitmentSeconds)) } ?? empty,
                    sessions.map { .number(minutes($0.loggedInOutsideSeconds)) } ?? empty,
                    sessions.map { .number($0.noShows.count) } ?? empty,
                    .text(sessions == nil ? "no" : "yes"),
                ]
            })
    }

    static func json(_ report: AdherenceReport) -> JSONOutput {
        func instant(_ seconds: Int64) -> JSONOutput { .string(Timestamp.formatUTC(seconds)) }
        func noShowJSON(_ noShow: NoShow) -> JSONOutput {
            .object([
                ("date", .string(noShow.localDate.description)), ("local_start", .string(noShow.localStart)),
                ("local_end", .string(noShow.localEnd)), ("start", instant(noShow.start)), ("end", instant(noShow.end)),
                ("seconds", .int(Int(noShow.seconds))),
            ])
        }
        return .object([
            ("period", .string(report.period)),
            ("time_zone", .string(report.timeZone.identifier)),
            ("start", instant(report.start)),
            ("end", instant(report.end)),
            ("session_data", .bool(report.hasSessionData)),
            ("agents", .array(report.agents.map { agent in
                let sessions = agent.sessions
                return .object([
                    ("agent_id", .string(agent.agentID)),
                    ("name", .string(report.names[agent.agentID] ?? "")),
                    ("session_data", .bool(sessions != nil)),
                    ("committed_seconds", .int(Int(agent.committedSeconds))),
                    ("available_in_commitment_seconds", sessions.map { .int(Int($0.availableInCommitmentSeconds)) } ?? .null),
                    ("logged_in_in_commitment_seconds", sessions.map { .int(Int($0.loggedInInCommitmentSeconds)) } ?? .null),
                    ("logged_in_outside_seconds", sessions.map { .int(Int($0.loggedInOutsideSeconds)) } ?? .null),
                    ("adherence_percent", .tenths(agent.adherenceTenths)),
                    ("no_shows", sessions.map { .array($0.noShows.map(noShowJSON)) } ?? .null),
                ])
            })),
        ])
    }
}
