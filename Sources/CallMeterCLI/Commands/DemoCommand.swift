import CallMeter
import Foundation

/// `callmeter demo`: the whole nightly job on the shipped fixtures.
struct DemoCommand: Command {
    static let name = "demo"
    static let abstract = "Run the nightly job on the shipped fixtures in a scratch folder."
    static let help = """
        USAGE: callmeter demo [--dir DIR] [--fixtures DIR]

        Creates DIR (default ./callmeter-demo; recreated on each run), a database in it, ingests the
        agent directory, commitments, call records and ratings from the fixtures (default ./Fixtures, else the
        ones in the source tree), prints what was loaded, scores the agents as of 2026-10-31
        (Rules/scoring.json; the 14 days before too, for trends) and prints the table, publishes
        the routing weights of that run in every feed format to DIR/feeds/ and lists each file
        with the command that makes its ACD read it, writes the payroll export
        of the fixtures' month (DIR/payroll-2026-10.csv) and prints its totals, prints the coverage
        summary of the week after 2026-10-31 (Rules/staffing.json), then writes the QA report
        (DIR/report.html) and prints its path. DIR is only ever removed when an earlier
        demo made it.

        OPTIONS:
        \(options.listing)
        """

    static let options = OptionTable([
        CommandOption("--dir", "DIR", help: "Where to put the demo database and outputs."),
        CommandOption("--fixtures", "DIR", help: "Where agents.csv, cdr.csv and ratings.csv (and optionally commitments.csv) are."),
    ], unknownOption: .unexpectedArgument, helpColumn: 20)

    /// The fixtures hold October 2026.
    static let scoringDate = CalendarDate(daysSinceEpoch: 20_757)  // 2026-10-31

    /// Marks a folder as the demo's own, so that recreating it never deletes anything else.
    static let marker = ".callmeter-demo"

    var directory = "callmeter-demo"
    var fixtures: String?

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parseOptionsOnly(arguments)
        if let directory = parsed.value("--dir") { self.directory = directory }
        fixtures = parsed.value("--fixtures")
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let console = context.console
        let workingDirectory = context.workingDirectory
        let demoDirectory = CLI.resolve(directory, against: workingDirectory)
        let fixturesDirectory = try locate(fixtures, fallback: "Fixtures", probe: "cdr.csv", workingDirectory: workingDirectory)
        let rulesDirectory = FileManager.default.fileExists(atPath: context.rulesDirectory.appendingPathComponent("center.json").path)
            ? context.rulesDirectory
            : try locate(nil, fallback: "Rules", probe: "center.json", workingDirectory: workingDirectory)

        try recreate(demoDirectory)
        let databasePath = demoDirectory.appendingPathComponent("callmeter.sqlite").path
        let center = try CenterRules.load(directory: rulesDirectory)
        let store = try Store(path: databasePath, create: true)
        console.print("Demo database: \(databasePath)")
        console.print("Fixtures:      \(fixturesDirectory.path)")
        console.print("Rules:         \(rulesDirectory.path)")
        console.print("")

        // The center's zone places the commitments' wall-clock times (native call records carry offsets).
        let settings = IngestSettings(ratingScale: center.ratingScale, timeZone: center.timeZone)
        var status = ExitStatus.success
        for (kind, file) in [(IngestReport.Kind.agents, "agents.csv"), (.commitments, "commitments.csv"), (.cdr, "cdr.csv"),
                             (.ratings, "ratings.csv")] {
            let path = fixturesDirectory.appendingPathComponent(file).path
            // Commitments are optional: a fixtures folder of calls alone still makes a demo.
            if kind == .commitments && !FileManager.default.fileExists(atPath: path) { continue }
            let result = try IngestCommand.ingest(files: [path], kind: kind, store: store, settings: settings, console: console,
                                                  workingDirectory: workingDirectory)
            if result == .failure { return .failure }
            if result == .dataRejected { status = .dataRejected }
        }
        console.print("")
        StatusCommand.print(try store.status(), console: console)
        StatusCommand.printSkills(try Capacity(store: store, timeZone: center.timeZone).skills(), console: console)

        // The nightly scoring, as of the last day of the fixtures' month.
        console.print("")
        let scoring = try ScoringRules.load(directory: rulesDirectory, ratingScale: center.ratingScale)
        let integrity = try IntegrityRules.load(directory: rulesDirectory)
        do {
            // The nights before, so that the report has trends to draw.
            for daysBefore in stride(from: Self.historyDays, through: 1, by: -1) {
                do {
                    _ = try Scoring(store: store).score(asOf: Self.scoringDate.adding(days: -daysBefore), rules: scoring, integrity: integrity, center: center)
                } catch is ScoringError {
                    // A night with no answered call in its window has no run: the trend has a gap.
                }
            }
            let run = try Scoring(store: store).score(asOf: Self.scoringDate, rules: scoring, integrity: integrity, center: center)
            ScoreCommand.printTable(run, console: console)
        } catch let error as ScoringError {
            // Other fixtures may hold no calls in the shipped month: say so, the demo goes on.
            console.print("Scoring as of \(Self.scoringDate): \(error)")
        }

        // Routing: the weights of the latest scoring run, published in every format.
        console.print("")
        try WeightsCommand.publishDemoFeeds(
            store: store, rulesDirectory: rulesDirectory, timeZone: center.timeZone, directory: demoDirectory, context: context)

        console.print("")
        try payroll(store: store, rulesDirectory: rulesDirectory, demoDirectory: demoDirectory, console: console)

        // Capacity: the week after the scoring date, planned from the fixtures' calls and commitments.
        console.print("")
        let coverage = try Capacity(store: store, timeZone: center.timeZone).coverage(
            week: ISOWeek(containing: Self.scoringDate).adding(weeks: 1), rules: try StaffingRules.load(directory: rulesDirectory))
        for line in CoverageCommand.heading(coverage) + CoverageCommand.summaryLines(coverage) { console.print(line) }

        let reportPath = demoDirectory.appendingPathComponent("report.html").path
        let report = try ReportCommand.write(
            store: store, asOf: Self.scoringDate, rulesDirectory: rulesDirectory, to: reportPath,
            now: try ReportCommand.clock(context.environment))
        console.print("")
        console.print("QA report: \(reportPath) (\(ReportCommand.summary(report)))")
        return status == .failure ? .failure : .success
    }

    /// Nights scored before `scoringDate`.
    static let historyDays = 14

    /// The fixtures' month.
    static let payrollPeriod = "2026-10"

    /// Writes the payroll export of the fixtures' month into the demo folder and prints its total.
    private func payroll(store: Store, rulesDirectory: URL, demoDirectory: URL, console: Console) throws {
        let configuration = try PayrollConfiguration.load(directory: rulesDirectory)
        guard configuration.rules.periodKind == .monthly else {
            console.print("Payroll: skipped, payroll.json sets \"period\": \"\(configuration.rules.periodKind.rawValue)\" and the demo pays \(Self.payrollPeriod)")
            return
        }
        let period = try PayPeriod.parse(Self.payrollPeriod)
        let payroll = try Payroll(store: store).payroll(for: period, configuration: configuration)
        let path = demoDirectory.appendingPathComponent("payroll-\(period.identifier).csv").path
        try PayrollCommand.write(payroll, to: path, dialect: .rfc4180)
        try PayrollCommand.printSummary(payroll, console: console)
        console.print("Payroll export: \(path) (\(Plural.count(payroll.lines.count, "line")), total \(payroll.total) \(payroll.currency))")
    }

    /// Deletes and recreates the demo folder, but only when it is empty or an earlier demo's.
    private func recreate(_ url: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            let contents = (try? manager.contentsOfDirectory(atPath: url.path)) ?? []
            guard isDirectory.boolValue, contents.isEmpty || contents.contains(Self.marker) else {
                throw CommandFailure("\(url.path) exists and was not made by 'callmeter demo': choose another --dir")
            }
            try manager.removeItem(at: url)
        }
        try Folder.make(url.path, mode: Folder.outputMode)
        try Data("made by callmeter demo; the whole folder is recreated on each run\n".utf8)
            .write(to: url.appendingPathComponent(Self.marker))
    }

    /// An explicit path, else `fallback` in the working directory, else in the source tree.
    private func locate(_ explicit: String?, fallback: String, probe: String, workingDirectory: URL) throws -> URL {
        if let explicit { return CLI.resolve(explicit, against: workingDirectory) }
        let local = workingDirectory.appendingPathComponent(fallback)
        if FileManager.default.fileExists(atPath: local.appendingPathComponent(probe).path) { return local }
        let source = SourceTree.root.appendingPathComponent(fallback)
        if FileManager.default.fileExists(atPath: source.appendingPathComponent(probe).path) { return source }
        throw CommandFailure("cannot find \(fallback)/\(probe): run from the repository root or pass the folder")
    }
}

/// The package's source tree, for finding the shipped fixtures and rules when run elsewhere.
enum SourceTree {
    static var root: URL {
        URL(fileURLWithPath: #filePath)  // Sources/CallMeterCLI/Commands/DemoCommand.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
