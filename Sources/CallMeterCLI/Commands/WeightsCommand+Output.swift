import CallMeter

/// What the weights commands print.
extension WeightsCommand {
    static func print(_ report: WeightReport, dryRun: Bool, console: Console) {
        let run = report.run
        let state = run.id == nil ? "dry run: not stored" : report.wasStored ? "stored earlier" : "stored now"
        console.print("Weights for the scoring run of \(run.asOf) (run \(run.scoringRunID)), computed "
                      + "\(Timestamp.formatUTC(run.computedAt)) (\(state)).")
        if dryRun && report.wasStored {
            console.print("This scoring run was weighed before: publishing it uses these stored weights.")
        }
        if report.rulesDiffer {
            console.print("Note: computed with another Rules/routing.json than the current one; the weights of a scoring run are computed once.")
        }
        let header = ["agent", "score", "band", "previous", "target", "weight", "reason"]
        let rows = report.lines.map { line in
            [safe(line.agent.agentID)] + cells(line.agent) + [String(line.weight), line.reasons.joined(separator: ", ")]
        }
        printTable(header: header, rows: rows, rightAligned: [1, 3, 4, 5], console: console)
        let pinned = report.lines.filter { $0.pin != nil }
        for line in pinned {
            if let pin = line.pin {
                console.print("Pin \(safe(pin.agentID)): \(pin.weight) \(pin.until.map { "through \($0)" } ?? "until unpinned"), "
                              + "by \(safe(pin.pinnedBy)): \(safe(pin.reason)) (computed weight \(line.agent.weight))")
            }
        }
        if report.lines.isEmpty { console.print("(no agents)") }
    }

    static func print(_ result: PublishResult, rollback: Bool, console: Console) {
        let feed = result.feed
        let sets = Set(result.entries.compactMap(\.dispatchSet)).count
        var what = Plural.count(result.entries.count, "agent")
        if feed.format.isDispatcherList { what += " in \(sets) dispatcher set\(sets == 1 ? "" : "s")" }
        if feed.format == .freeswitchTiers {
            what += " as \(Plural.count(result.tierCount, "tier")) in \(Plural.count(result.queueCount, "queue"))"
        }
        if !result.queues.isEmpty { what += " in \(Plural.count(result.queues.count, "queue"))" }
        let verb = rollback ? "Rolled back: republished the agents of version \(feed.rollbackOf ?? 0) as version" : "Published version"
        console.print("\(verb) \(feed.version) (\(feed.format.rawValue), scoring run of \(result.asOf)) to \(feed.path): "
                      + "\(what), valid until \(Timestamp.formatUTC(feed.validUntil)).")
        if let sidecar = result.sidecarPath {
            switch feed.format {
            case .freeswitchTiers: console.print("The same tiers as XML: \(sidecar)")
            case .asteriskQueues, .asteriskRealtime: console.print("Version, validity and each queue's target and achieved shares: \(sidecar)")
            default: console.print("Version and validity: \(sidecar)")
            }
        }
        if !result.keptVersions.isEmpty {
            console.print("Copies kept beside it for rollback: " + result.keptVersions.map { "v\($0)" }.joined(separator: ", "))
        }
        if !result.inactive.isEmpty {
            console.error("Warning: \(result.inactive.count) inactive agent\(result.inactive.count == 1 ? "" : "s") left out: "
                          + result.inactive.map(safe).joined(separator: ", "))
        }
        if !result.leftOut.isEmpty {
            console.error("Warning: \(result.leftOut.count) agent\(result.leftOut.count == 1 ? "" : "s") left out of the \(feed.format.rawValue) feed: "
                          + result.leftOut.map { "\(safe($0.agentID)) (\($0.reason))" }.joined(separator: ", "))
        }
        if let (run, notRecorded) = result.afterPublish { print(run, notRecorded: notRecorded, console: console) }
        if let trip = result.overriddenTrip {
            // The trail of the override: the stored feed says forced, by whom and when; this says what it overrode.
            console.error("Warning: version \(feed.version) published with --force by \(safe(feed.publishedBy)) at "
                          + "\(Timestamp.formatUTC(feed.generatedAt)) (recorded as forced) although the circuit breaker would have refused:")
            for line in trip.figures { console.error(safe(line)) }
        }
    }

    /// The `after_publish` run: one line when it succeeded; when it did not, a loud warning on
    /// stderr (the feed stays published and the exit status 0: the feed is not what failed) with
    /// its output.
    static func print(_ run: AfterPublishRun, notRecorded: String?, console: Console) {
        let outcome = "after_publish \(safe(run.command)) after version \(run.feedVersion): \(run.outcome)"
        if run.succeeded {
            console.print(outcome.prefix(1).uppercased() + outcome.dropFirst())
        } else {
            console.error("Warning: \(outcome). Version \(run.feedVersion) IS published, but the ACD may not have loaded it: "
                          + "run the command by hand and check the ACD.")
        }
        if !run.succeeded || !run.output.isEmpty {
            let output = run.output.split(separator: "\n", omittingEmptySubsequences: false)
            var lines = (output.last?.isEmpty == true ? output.dropLast() : output[...]).map { "  | " + safe(String($0)) }
            if run.outputTruncated { lines.append("  | … (output cut after 4096 bytes)") }
            for line in lines {
                if run.succeeded { console.print(line) } else { console.error(line) }
            }
        }
        if let notRecorded { console.error("Warning: the after_publish run could not be recorded: \(safe(notRecorded))") }
    }

    static func print(_ history: AgentWeightHistory, today: CalendarDate, console: Console) {
        console.print("Agent \(safe(history.agentID))")
        console.print("")
        printSection(
            "Computed weights (once per scoring run):", header: ["as_of", "score", "band", "previous", "target", "weight"],
            rows: history.computations.map { c in [c.asOf] + cells(c.agent) + [String(c.agent.weight)] }, rightAligned: [1, 3, 4, 5],
            console: console)
        console.print("")
        printSection(
            "Published:", header: ["version", "generated_at", "format", "weight", "percent", "note"],
            rows: history.publications.map { p in
                ["v\(p.feed.version)", Timestamp.formatUTC(p.feed.generatedAt), p.feed.format.rawValue,
                 String(p.weight), p.percent.map { "\($0)%" } ?? "-",
                 [p.pinned ? "pinned" : nil, p.feed.forced ? "forced" : nil,
                  p.feed.origin == nil ? p.feed.rollbackOf.map { "rollback to v\($0)" } : note(p.feed)]
                    .compactMap { $0 }.joined(separator: ", ")]
            },
            rightAligned: [3, 4], console: console)
        console.print("")
        console.print("Pins:")
        if history.pins.isEmpty { console.print("  none") }
        for pin in history.pins {
            var line = "  \(Timestamp.formatUTC(pin.pinnedAt)) by \(safe(pin.pinnedBy)): weight \(pin.weight) "
                + (pin.until.map { "through \($0)" } ?? "until unpinned") + ", reason: \(safe(pin.reason))"
            if let removed = pin.removedAt {
                line += " (removed \(Timestamp.formatUTC(removed)) by \(safe(pin.removedBy ?? "?")))"
            } else if !pin.applies(on: today) {
                line += " (expired)"
            } else {
                line += " (in force)"
            }
            console.print(line)
        }
    }

    /// An agent's score, band, previous and target weight: the cells a computed weight shows
    /// wherever it is listed.
    static func cells(_ agent: WeightRun.Agent) -> [String] {
        [ScoreCommand.tenths(agent.scoreTenths), safe(agent.band), agent.previous.map(String.init) ?? "-", String(agent.target)]
    }

    /// A titled part of `weights history`: its rows as an indented table, or `none`.
    static func printSection(_ title: String, header: [String], rows: [[String]], rightAligned: Set<Int>, console: Console) {
        console.print(title)
        if rows.isEmpty {
            console.print("  none")
        } else {
            printTable(header: header, rows: rows, rightAligned: rightAligned, indent: "  ", console: console)
        }
    }

    /// A `TextTable` under the weights commands' lowercase headers, `indent` before each line.
    static func printTable(header: [String], rows: [[String]], rightAligned: Set<Int>, indent: String = "", console: Console) {
        let table = TextTable(header.indices.map { (header[$0], rightAligned.contains($0) ? .right : .left) }, rows: rows)
        for line in table.lines { console.print(indent + line) }
    }
}

/// Text from the database made safe for a terminal: control characters shown escaped (`\e`,
/// `\u{7}`), line breaks included (`TerminalText.escaped`).
func safe(_ text: String) -> String { TerminalText.escaped(text) }
