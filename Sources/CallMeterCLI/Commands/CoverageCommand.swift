import CallMeter
import Foundation

/// `callmeter coverage [--week YYYY-Www] [--hotline H] [--csv FILE] [--json] [--what-if-remove AGENT]`
struct CoverageCommand: Command {
    static let name = "coverage"
    static let abstract = "Is a week covered around the clock? Forecast, required and committed agents per slot."
    static let help = """
        USAGE: callmeter [--db PATH] coverage [--week YYYY-Www] [--hotline H] [--csv FILE] [--json]
                                              [--what-if-remove AGENT]

        Per local slot (interval_minutes of Rules/staffing.json, in the center's zone) and hotline:
        forecast calls and handle time (from the forecast_weeks weeks before), the agents the
        service-level target needs (Erlang C or A), the agents committed (after shrinkage), the gap,
        and the service level and average speed of answer the committed agents are expected to give.
        Then the summary: hours with calls forecast and nobody committed (uncovered), hours short of
        the requirement, the expected weekly service level per hotline, and the ten worst slots.
        The slot table leaves out slots without calls and without commitments (--csv and --json
        have every one). With --what-if-remove: how each hotline's week moves without that agent's
        commitments.

        OPTIONS:
        \(options.listing)
        """

    static let options = OptionTable([
        CommandOption("--week", "YYYY-Www", help: "The ISO week to plan (default: next week in the center's zone)."),
        CommandOption("--hotline", "H", help: "Only this hotline's rows (the split of shared agents still sees all)."),
        CommandOption("--csv", "FILE", help: "Write the slot table as CSV to FILE instead of printing."),
        CommandOption("--json", help: "Print JSON instead of text."),
        CommandOption("--what-if-remove", "AGENT", help: "Compare the week with and without AGENT's commitments."),
    ], unknownOption: .unexpectedArgument, helpColumn: 26)

    var week: ISOWeek?
    var hotline: String?
    var csv: String?
    var json = false
    var removedAgent: String?

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parseOptionsOnly(arguments)
        if let text = parsed.value("--week") {
            guard let week = ISOWeek(text) else {
                throw UsageError("--week takes an ISO week like 2026-W49 (a year's last week is W52 or W53), not '\(text)'")
            }
            self.week = week
        }
        hotline = parsed.value("--hotline")
        csv = parsed.value("--csv")
        json = parsed.has("--json")
        removedAgent = parsed.value("--what-if-remove")
        if csv != nil && json { throw UsageError("--csv and --json do not go together: choose one") }
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let center = try context.centerRules()
        let rules = try StaffingRules.load(directory: context.rulesDirectory)
        let store = try context.openStore()
        let capacity = Capacity(store: store, timeZone: center.timeZone)
        let week = week ?? capacity.nextWeek(now: context.now)
        if let removedAgent {
            let before: CoverageReport, after: CoverageReport
            do {
                (before, after) = try capacity.whatIfRemove(agentID: removedAgent, week: week, rules: rules, now: context.now)
            } catch let error as CoverageError {
                throw CommandFailure(error.description)
            }
            return try compare(Self.only(before, hotline), Self.only(after, hotline), agent: removedAgent, context: context)
        }
        return try report(Self.only(try capacity.coverage(week: week, rules: rules, now: context.now), hotline), context: context)
    }

    static func only(_ report: CoverageReport, _ hotline: String?) -> CoverageReport {
        hotline.map { report.only(hotline: $0) } ?? report
    }

    // MARK: One week

    private func report(_ report: CoverageReport, context: CommandContext) throws -> ExitStatus {
        let console = context.console
        if let hotline, report.hotlines.isEmpty {
            throw CommandFailure("hotline '\(hotline)' had no inbound call in \(Self.history(report)): nothing to plan for it")
        }
        if let csv {
            let out = ListingCSV(header: Self.csvHeader, rows: report.slots.map(Self.csvRow))
            let path = CLI.resolve(csv, against: context.workingDirectory).path
            try out.write(to: path)
            console.print("Wrote \(path) (\(Plural.count(out.rows, "slot row")) of \(report.week))")
            return .success
        }
        if json {
            console.print(Self.json(report).text)
            return .success
        }
        for line in Self.heading(report) { console.print(line) }
        console.print("")
        let rows = report.slots.filter { $0.calls > 0 || $0.committed > 0 }
        if rows.isEmpty {
            console.print("No calls forecast and no commitments in \(report.week).")
        } else {
            console.print(TextTable(Self.slotColumns, rows: rows.map(Self.slotCells)).render())
        }
        console.print("")
        for line in Self.summaryLines(report) { console.print(line) }
        return .success
    }

    static func history(_ report: CoverageReport) -> String {
        guard let first = report.historyWeeks.first, let last = report.historyWeeks.last else { return "no history" }
        return first == last ? "\(first)" : "\(first) to \(last)"
    }

    static func heading(_ report: CoverageReport) -> [String] {
        let days = report.week.days
        return [
            "Coverage of \(report.week) (\(days[0]) to \(days[6]), \(report.timeZone.identifier)), \(report.intervalMinutes)-minute slots",
            "Forecast from \(Plural.count(report.historyWeeks.count, "week")) (\(history(report))); max occupancy "
                + "\(CoverageFormat.fixed(report.maxOccupancy, places: 2)); shrinkage \(CoverageFormat.fixed(report.shrinkage, places: 2))"
                + (report.removedAgent.map { "; without \($0)'s commitments" } ?? ""),
        ]
    }

    static let slotColumns: [(String, TextTable.Alignment)] = [
        ("SLOT", .left), ("HOTLINE", .left), ("CALLS", .right), ("AHT S", .right), ("REQUIRED", .right),
        ("COMMITTED", .right), ("GAP", .right), ("SL %", .right), ("ASA S", .right), ("", .left),
    ]

    static func slotCells(_ row: CoverageSlot) -> [String] {
        [row.slot.label, row.hotline, CoverageFormat.fixed(row.calls, places: 1), CoverageFormat.fixed(row.averageHandleSeconds, places: 0),
         String(row.required), CoverageFormat.fixed(row.committed, places: 2), CoverageFormat.fixed(row.gap, places: 2),
         CoverageFormat.percent(row.expected.serviceLevel), CoverageFormat.fixed(row.expected.averageSpeedOfAnswerSeconds, places: 1),
         row.isUncovered ? "UNCOVERED" : row.isShort ? "short" : ""]
    }

    /// The summary: per hotline, the uncovered stretches and the ten worst slots (`demo` prints it too).
    static func summaryLines(_ report: CoverageReport) -> [String] {
        var lines = ["Summary of \(report.week):"]
        let table = TextTable([
            ("HOTLINE", .left), ("CALLS", .right), ("UNCOVERED H", .right), ("SHORT H", .right), ("REQUIRED AGENT-H", .right),
            ("COMMITTED AGENT-H", .right), ("TARGET", .left), ("EXPECTED SL %", .right), ("ASA S", .right), ("MODEL", .left),
        ], rows: report.hotlines.map { hotline in
            [hotline.hotline, CoverageFormat.fixed(hotline.calls, places: 0), CoverageFormat.fixed(hotline.uncoveredHours, places: 1),
             CoverageFormat.fixed(hotline.shortHours, places: 1), CoverageFormat.fixed(hotline.requiredAgentHours, places: 1),
             CoverageFormat.fixed(hotline.committedAgentHours, places: 1), CoverageFormat.target(hotline.target),
             CoverageFormat.percent(hotline.serviceLevel), CoverageFormat.fixed(hotline.averageSpeedOfAnswerSeconds, places: 1),
             CoverageFormat.model(hotline.model)]
        })
        lines += report.hotlines.isEmpty ? ["  No hotline had an inbound call in \(history(report)): nothing to plan."] : table.lines.map { "  " + $0 }
        let stretches = report.uncoveredStretches
        lines.append(stretches.isEmpty ? "Uncovered: none (every slot with calls forecast has an agent committed)."
                     : "Uncovered (calls forecast, no agent committed): \(Plural.count(stretches.count, "stretch", "stretches"))")
        for stretch in stretches {
            lines.append("  \(TerminalText.escaped(stretch.hotline)): \(stretch.from) to \(stretch.to) (\(CoverageFormat.fixed(stretch.hours, places: 1)) h)")
        }
        let worst = report.worstSlots
        if worst.isEmpty {
            lines.append("Worst slots: none short of the requirement.")
        } else {
            lines.append("Worst slots (largest shortfall first):")
            lines += TextTable(slotColumns, rows: worst.map(slotCells)).lines.map { "  " + $0 }
        }
        return lines
    }

    static let csvHeader = [
        "slot_start", "local_slot", "hotline", "forecast_calls", "aht_seconds", "required_agents", "committed_agents",
        "agents_committed_any", "gap", "expected_service_level", "expected_asa_seconds", "uncovered",
    ]

    static func csvRow(_ row: CoverageSlot) -> [ListingCSV.Cell] {
        [.text(Timestamp.formatUTC(row.slot.start)), .text(row.slot.label), .text(row.hotline), .number(CoverageFormat.fixed(row.calls, places: 3)),
         .number(CoverageFormat.fixed(row.averageHandleSeconds, places: 1)), .number(row.required),
         .number(CoverageFormat.fixed(row.committed, places: 3)), .number(row.agentsCommitted), .number(CoverageFormat.fixed(row.gap, places: 3)),
         .number(CoverageFormat.fixed(row.expected.serviceLevel, places: 5)),
         .number(row.expected.averageSpeedOfAnswerSeconds.isFinite ? CoverageFormat.fixed(row.expected.averageSpeedOfAnswerSeconds, places: 1) : ""),
         .number(row.isUncovered ? 1 : 0)]
    }

    static func json(_ report: CoverageReport) -> JSONOutput {
        .object([
            ("week", .string(report.week.description)),
            ("time_zone", .string(report.timeZone.identifier)),
            ("interval_minutes", .int(report.intervalMinutes)),
            ("history_weeks", .array(report.historyWeeks.map { .string($0.description) })),
            ("shrinkage", .decimal(report.shrinkage, places: 2)),
            ("max_occupancy", .decimal(report.maxOccupancy, places: 2)),
            ("removed_agent", .string(report.removedAgent)),
            ("hotlines", .array(report.hotlines.map(hotlineJSON))),
            ("uncovered", .array(report.uncoveredStretches.map { stretch in
                .object([("hotline", .string(stretch.hotline)), ("from", .string(stretch.from)), ("to", .string(stretch.to)),
                         ("start", .string(Timestamp.formatUTC(stretch.start))), ("end", .string(Timestamp.formatUTC(stretch.end))),
                         ("hours", .decimal(stretch.hours, places: 2))])
            })),
            ("worst_slots", .array(report.worstSlots.map(slotJSON))),
            ("slots", .array(report.slots.map(slotJSON))),
        ])
    }

    static func hotlineJSON(_ hotline: HotlineCoverage) -> JSONOutput {
        var model: [(String, JSONOutput)] = [("model", .string("erlang-c"))]
        if case .erlangA(let patience) = hotline.model { model = [("model", .string("erlang-a")), ("patience_seconds", .decimal(patience, places: 1))] }
        return .object([
            ("hotline", .string(hotline.hotline)),
            ("forecast_calls", .decimal(hotline.calls, places: 1)),
            ("target_percent", .decimal(hotline.target.percent, places: 1)),
            ("target_seconds", .int(hotline.target.answerWithinSeconds)),
        ] + model + [
            ("uncovered_hours", .decimal(hotline.uncoveredHours, places: 2)),
            ("short_hours", .decimal(hotline.shortHours, places: 2)),
            ("required_agent_hours", .decimal(hotline.requiredAgentHours, places: 2)),
            ("committed_agent_hours", .decimal(hotline.committedAgentHours, places: 2)),
            ("expected_service_level", .decimal(hotline.serviceLevel, places: 5)),
            ("expected_asa_seconds", .decimal(hotline.averageSpeedOfAnswerSeconds, places: 1)),
        ])
    }

    static func slotJSON(_ row: CoverageSlot) -> JSONOutput {
        .object([
            ("start", .string(Timestamp.formatUTC(row.slot.start))),
            ("local", .string(row.slot.label)),
            ("hotline", .string(row.hotline)),
            ("forecast_calls", .decimal(row.calls, places: 3)),
            ("aht_seconds", .decimal(row.averageHandleSeconds, places: 1)),
            ("required_agents", .int(row.required)),
            ("committed_agents", .decimal(row.committed, places: 3)),
            ("agents_committed_any", .int(row.agentsCommitted)),
            ("gap", .decimal(row.gap, places: 3)),
            ("expected_service_level", .decimal(row.expected.serviceLevel, places: 5)),
            ("expected_asa_seconds", .decimal(row.expected.averageSpeedOfAnswerSeconds, places: 1)),
            ("uncovered", .bool(row.isUncovered)),
        ])
    }

    // MARK: What if an agent's commitments disappear

    private func compare(_ before: CoverageReport, _ after: CoverageReport, agent: String, context: CommandContext) throws -> ExitStatus {
        let pairs = zip(before.hotlines, after.hotlines).map { ($0, $1) }
        if json {
            context.console.print(JSONOutput.object([
                ("week", .string(before.week.description)),
                ("removed_agent", .string(agent)),
                ("hotlines", .array(pairs.map { b, a in
                    .object([("hotline", .string(b.hotline)), ("before", Self.hotlineJSON(b)), ("after", Self.hotlineJSON(a))])
                })),
            ]).text)
            return .success
        }
        let header = ["hotline", "forecast_calls", "service_level_before", "service_level_after", "change_points",
                      "uncovered_hours_before", "uncovered_hours_after", "short_hours_before", "short_hours_after"]
        let rows = pairs.map { b, a in
            [b.hotline, CoverageFormat.fixed(b.calls, places: 0), CoverageFormat.percent(b.serviceLevel), CoverageFormat.percent(a.serviceLevel),
             CoverageFormat.fixed((a.serviceLevel - b.serviceLevel) * 100, places: 1),
             CoverageFormat.fixed(b.uncoveredHours, places: 1), CoverageFormat.fixed(a.uncoveredHours, places: 1),
             CoverageFormat.fixed(b.shortHours, places: 1), CoverageFormat.fixed(a.shortHours, places: 1)]
        }
        if let csv {
            let out = ListingCSV(header: header, rows: rows.map { row in [.text(row[0])] + row.dropFirst().map { .number($0) } })
            let path = CLI.resolve(csv, against: context.workingDirectory).path
            try out.write(to: path)
            context.console.print("Wrote \(path) (\(Plural.count(out.rows, "hotline")) of \(before.week) without \(agent))")
            return .success
        }
        let console = context.console
        for line in Self.heading(before) { console.print(line) }
        console.print("Without \(TerminalText.escaped(agent))'s commitments:")
        console.print(TextTable([
            ("HOTLINE", .left), ("CALLS", .right), ("SL % NOW", .right), ("SL % WITHOUT", .right), ("CHANGE", .right),
            ("UNCOVERED H NOW", .right), ("WITHOUT", .right), ("SHORT H NOW", .right), ("WITHOUT", .right),
        ], rows: rows).render())
        return .success
    }
}
