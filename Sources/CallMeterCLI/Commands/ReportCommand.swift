import CallMeter
import Foundation

/// `callmeter report --html FILE [--as-of DATE]`: the QA manager's page.
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Write the QA manager's report: one self-contained HTML page."
    static let help = """
        USAGE: callmeter [--db PATH] [--rules DIR] report --html FILE [--as-of YYYY-MM-DD]

        Writes one HTML page (inline CSS and SVG, no script, nothing loaded from anywhere) that a
        browser or a mail client opens: headline figures, a histogram of scores by band, the
        agents by score with the Wilson interval of their CSAT %, their routing weight and a
        trend of the last 14 runs, what needs attention (a dropped band, near the floor, stuck at
        'insufficient', hotlines whose rating moved most) and the current pay period so far per
        tier (no per-agent pay). Reads stored scoring runs: it scores nothing. The file is
        replaced atomically and made readable by its owner only.

        OPTIONS:
        \(options.listing)

        ENVIRONMENT:
          SOURCE_DATE_EPOCH   Unix seconds to print as the time the page was made, instead of the
                              clock: the same data then gives the same bytes.
        """

    static let options = OptionTable([
        CommandOption("--html", "FILE", help: "Where to write the page."),
        CommandOption("--as-of", "DATE", .date(example: "2026-10-31"), help: """
            The report's date: its scores are the latest stored run on or before it,
            its pay period the one holding it, counted to the end of that day
            (default: the date of the latest stored run).
            """),
    ], unknownOption: .unexpectedArgument, helpColumn: 18)

    var path: String?
    var asOf: CalendarDate?

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parseOptionsOnly(arguments)
        path = parsed.value("--html")
        asOf = parsed.date("--as-of")
        guard path != nil else { throw UsageError("report needs --html FILE") }
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        guard let path else { throw UsageError("report needs --html FILE") }
        let store = try context.openStore()
        let target = CLI.resolve(path, against: context.workingDirectory).path
        let report = try Self.write(
            store: store, asOf: asOf, rulesDirectory: context.rulesDirectory, to: target, now: try Self.clock(context.environment))
        context.console.print("Wrote \(path): \(Self.summary(report))")
        return .success
    }

    /// Gathers the report and writes it to `path` atomically (mode 0600).
    static func write(store: Store, asOf: CalendarDate?, rulesDirectory: URL, to path: String, now: Date) throws -> QAReport {
        let center = try CenterRules.load(directory: rulesDirectory)
        let scoring = try ScoringRules.load(directory: rulesDirectory, ratingScale: center.ratingScale)
        // A section whose rules do not load says so on the page; the rest of the report is made.
        let payroll = Result { () throws(RulesError) in try PayrollConfiguration.load(directory: rulesDirectory) }
        let staffing = Result { () throws(RulesError) in try StaffingRules.load(directory: rulesDirectory) }
        let report = try Reporting(store: store).qaReport(
            asOf: asOf, center: center, scoring: scoring, payroll: payroll, weights: Weights.published(in: store), generatedAt: now,
            staffing: staffing)
        do {
            try AtomicFile.write(Array(QAReportHTML.render(report).utf8), to: path)
        } catch {
            throw CommandFailure(error.description)
        }
        return report
    }

    /// One line for the terminal.
    static func summary(_ report: QAReport) -> String {
        var parts = ["QA report as of \(report.asOf)"]
        if let run = report.run {
            parts.append(run.asOf == report.asOf ? "\(Plural.count(report.headline.agentsScored, "agent")) scored" : "scores of the run of \(run.asOf)")
        } else {
            parts.append("no scoring run stored yet")
        }
        parts.append(report.feed.map { "feed v\($0.version)" } ?? "no feed published yet")
        return parts.joined(separator: ", ")
    }

    /// The page's time stamp: `SOURCE_DATE_EPOCH` when set, else now.
    static func clock(_ environment: [String: String]) throws -> Date {
        guard let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty else { return Date() }
        guard let seconds = Int64(text), seconds >= 0, seconds < 253_402_300_800 else {
            throw CommandFailure("SOURCE_DATE_EPOCH must be Unix seconds (a whole number from 0), not '\(text)'")
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
