import CallMeter
import Foundation

/// `callmeter payroll PERIOD [--export FILE] [--dialect rfc4180|excel-de]`,
/// `callmeter payroll close PERIOD [--allow-unrated] [--early --reason TEXT]`,
/// `callmeter payroll reopen PERIOD --reason TEXT`, `callmeter payroll history PERIOD`,
/// `callmeter payroll fairness PERIOD`.
struct PayrollCommand: Command {
    static let name = "payroll"
    static let abstract = "Per-minute pay of a period: summary, CSV export, close, reopen, history, fairness report."
    static let help = """
        USAGE: callmeter [--db PATH] [--rules DIR] payroll PERIOD [--calls] [--export FILE] [--dialect rfc4180|excel-de]
               callmeter [--db PATH] [--rules DIR] payroll close PERIOD [--allow-unrated] [--early --reason TEXT]
               callmeter [--db PATH] [--rules DIR] payroll reopen PERIOD --reason TEXT
               callmeter [--db PATH] [--rules DIR] payroll history PERIOD
               callmeter [--db PATH] [--rules DIR] payroll fairness PERIOD
               callmeter [--db PATH] [--rules DIR] payroll unpriced PERIOD [--csv FILE]

        PERIOD is a month (2026-11), a half month (2026-11a: 1st-15th, 2026-11b: 16th-end) or an ISO
        week (2026-W47, Monday to Sunday), of the kind payroll.json sets, in local dates of the
        center's time zone (center.json). A call belongs to the period of the local date it started.

        Prices come from tiers.json (per hotline, per-minute rates effective from a date) and the
        counting rules from payroll.json (paid parts, increments, minimum and unpaid thresholds,
        rounding, band bonus, hourly minimum).

          payroll PERIOD       Per-agent summary and the total. With --export FILE, also writes the
                               lines as CSV (written to a temporary file, flushed, then renamed).
          payroll close        Freezes the period: its export is byte-identical from then on, even
                               if rules or calls change. Calls that arrive later for it are paid
                               in the first open period, as lines with adjustment_of = PERIOD.
                               Refused while calls of the period cannot be priced (their hotline
                               has no tier in tiers.json, or the tier no rate yet), and before
                               the period has ended in the center's time zone unless --early.
          payroll reopen       Reopens the latest closed period (no later period may be closed):
                               its close stays as history, the period is computed live again and
                               its late calls, paid as adjustments elsewhere, are its own again.
          payroll history      Every close of the period: when, who, digest, early reason, and
                               when, by whom and why it was reopened.
          payroll fairness     Per agent: paid minutes, earnings, logged-in minutes, occupancy and
                               earnings per logged-in hour against minimum_hourly.
          payroll unpriced     Every call the period cannot price, with agent, local start, hotline,
                               tier and why (no tier for the hotline, no rate on that date; for a
                               closed period, the calls its close left unpaid). --csv FILE writes
                               them as CSV instead (mode 0640).

        OPTIONS:
        \(options.listing)

        EXIT STATUS: 0 success; 1 failure (bad rule file, refused close, write error); 64 usage error.
        """

    static let options = OptionTable([
        CommandOption("--export", "FILE", help: "Write the CSV export to FILE."),
        CommandOption("--calls", help: """
            With --export: one row per call of the period's lines instead of
            the lines (which line paid it, its seconds before and after the
            increment rule, or why it is not paid). A closed period's rows are
            the ones its close froze.
            """),
        CommandOption("--dialect", "D", .choice(ExportDialect.allCases.map(\.rawValue), refusal: { "unknown dialect '\($0)': use rfc4180 or excel-de" }), help: """
            rfc4180 (default: comma, decimal point, UTF-8, CRLF) or excel-de
            (semicolon, decimal comma, UTF-8 with BOM, CRLF).
            """),
        CommandOption("--allow-unrated", help: "Close even though some calls cannot be priced; they stay unpaid."),
        CommandOption("--early", help: "Close a period that has begun but not ended yet; needs --reason."),
        CommandOption("--reason", "TEXT", help: "Why (recorded with the OS user and the time): with --early or reopen."),
        CommandOption("--csv", "FILE", help: "With unpriced: write the calls to FILE as CSV instead (mode 0640)."),
    ], helpColumn: 23)

    /// The PERIOD operand of `command` (payroll, adherence): a usage error when missing or malformed.
    static func period(_ text: String?, command: String) throws(UsageError) -> PayPeriod {
        guard let text else { throw UsageError("\(command) needs a PERIOD such as 2026-11, 2026-11a or 2026-W47") }
        do throws(PayrollError) {
            return try PayPeriod.parse(text)
        } catch {
            throw UsageError(error.description)
        }
    }

    enum Action {
        case summary(export: String?, dialect: ExportDialect, calls: Bool)
        case close(allowUnrated: Bool, earlyReason: String?)
        case reopen(reason: String)
        case history
        case fairness
        case unpriced(csv: String?)
    }

    let period: PayPeriod
    let action: Action

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parse(arguments)
        var positionals = parsed.positionals[...]
        let subcommands: Set<String> = ["close", "fairness", "reopen", "history", "unpriced"]
        let subcommand = positionals.first.flatMap { subcommands.contains($0) ? $0 : nil }
        if subcommand != nil { positionals = positionals.dropFirst() }
        let periodText = positionals.popFirst()
        if let extra = positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        let export = parsed.value("--export")
        let dialect = parsed.value("--dialect").flatMap(ExportDialect.init(rawValue:))
        let allowUnrated = parsed.has("--allow-unrated")
        let calls = parsed.has("--calls")
        let early = parsed.has("--early")
        let reason = parsed.value("--reason")
        let csv = parsed.value("--csv")
        if let reason, reason.trimmingCharacters(in: .whitespaces).isEmpty { throw UsageError("--reason needs a text saying why") }
        period = try Self.period(periodText, command: "payroll")
        if early && subcommand != "close" { throw UsageError("--early goes with 'payroll close'") }
        if calls && (subcommand != nil || export == nil) { throw UsageError("--calls goes with 'payroll PERIOD --export FILE'") }
        if reason != nil && subcommand != "reopen" && !early {
            throw UsageError("--reason goes with 'payroll close --early' or 'payroll reopen'")
        }
        if csv != nil && subcommand != "unpriced" { throw UsageError("--csv goes with 'payroll unpriced PERIOD'") }
        switch subcommand {
        case "unpriced":
            if export != nil || dialect != nil || allowUnrated { throw UsageError("payroll unpriced takes only a PERIOD and --csv FILE") }
            action = .unpriced(csv: csv)
        case "close":
            if export != nil || dialect != nil { throw UsageError("--export and --dialect go with 'payroll PERIOD', not with close") }
            if early && reason == nil { throw UsageError("--early needs --reason TEXT: why the period is closed before it ends") }
            action = .close(allowUnrated: allowUnrated, earlyReason: early ? reason : nil)
        case "reopen", "history":
            if export != nil || dialect != nil || allowUnrated {
                throw UsageError("payroll \(subcommand ?? "") takes only a PERIOD\(subcommand == "reopen" ? " and --reason TEXT" : "")")
            }
            if subcommand == "reopen" {
                guard let reason else { throw UsageError("payroll reopen needs --reason TEXT: why the close is undone") }
                action = .reopen(reason: reason)
            } else {
                action = .history
            }
        case "fairness":
            if export != nil || dialect != nil || allowUnrated { throw UsageError("payroll fairness takes only a PERIOD") }
            action = .fairness
        default:
            if allowUnrated { throw UsageError("--allow-unrated goes with 'payroll close'") }
            if dialect != nil && export == nil { throw UsageError("--dialect needs --export FILE") }
            action = .summary(export: export, dialect: dialect ?? .rfc4180, calls: calls)
        }
    }

    /// Closing and reopening write; a summary, the history and the reports only read.
    var databaseAccess: DatabaseAccess {
        switch action {
        case .close, .reopen: return .write
        case .summary, .history, .fairness, .unpriced: return .read
        }
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        do {
            // Checked here, before any action: the actions report the computation's errors as
            // failures (exit 1), and a period of the wrong kind is a usage error. Only payroll.json
            // is read: a closed period is exported even while tiers.json is broken.
            let configured = try PayrollRules.load(directory: context.rulesDirectory).periodKind
            if period.kind != configured {
                throw PayrollError(.periodKind(period: period.identifier, configured: configured.rawValue))
            }
            return try perform(context)
        } catch let error as PayrollError {
            // A period of another kind than payroll.json sets is a mistake on the command line.
            if case .periodKind = error.kind { throw UsageError(error.description) }
            throw error
        }
    }

    private func perform(_ context: CommandContext) throws -> ExitStatus {
        let store = try context.openStore()
        switch action {
        case .summary(let export, let dialect, let calls):
            let payroll: PeriodPayroll
            do {
                payroll = try Payroll(store: store).payroll(for: period, configuration: try PayrollConfiguration.load(directory: context.rulesDirectory),
                                            withCallDetails: calls)
            } catch let error as PayrollError {
                throw CommandFailure(error.description)
            }
            try Self.printSummary(payroll, console: context.console)
            if !payroll.isClosed, let last = try Payroll(store: store).history(of: period).last, let reopening = last.reopening {
                context.console.print("Reopened \(Timestamp.formatUTC(milliseconds: reopening.atMilliseconds)) by \(reopening.by): "
                                      + "\(TerminalText.escaped(reopening.reason)) (`callmeter payroll history \(period.identifier)`).")
            }
            try Self.warnAboutHeldCalls(payroll, store: store, console: context.console)
            if let export {
                let path = CLI.resolve(export, against: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path
                if calls {
                    try Self.write(PayCallDetailCSV.render(payroll.callDetails, places: payroll.places, dialect: dialect), to: path)
                    context.console.print("Wrote \(path) (\(dialect.rawValue), \(Plural.count(payroll.callDetails.count, "call")) of "
                                          + "\(Plural.count(payroll.lines.count, "line")), total \(payroll.total) \(payroll.currency))")
                } else {
                    try Self.write(payroll, to: path, dialect: dialect)
                    context.console.print("Wrote \(path) (\(dialect.rawValue), \(Plural.count(payroll.lines.count, "line")), total \(payroll.total) \(payroll.currency))")
                }
            }
            return .success
        case .close(let allowUnrated, let earlyReason):
            return try close(store: store, allowUnrated: allowUnrated, earlyReason: earlyReason, context: context)
        case .reopen(let reason):
            return try reopen(store: store, reason: reason, context: context)
        case .history:
            return try history(store: store, context: context)
        case .fairness:
            return try fairness(store: store, context: context)
        case .unpriced(let csv):
            return try unpriced(store: store, csv: csv, context: context)
        }
    }

    /// Queue calls of the period that are not complete yet are not in the pay: say so, on stderr.
    static func warnAboutHeldCalls(_ payroll: PeriodPayroll, store: Store, console: Console) throws {
        guard !payroll.isClosed else { return }
        let held = try store.heldQueueCalls(startingFrom: payroll.startsAt, before: payroll.endsAt)
        guard !held.isEmpty else { return }
        let agents = Set(held.compactMap(\.agent)).sorted()
        let shown = agents.prefix(5).joined(separator: ", ") + (agents.count > 5 ? ", …" : "")
        let one = held.count == 1
        console.error("Warning: \(held.count) queue_log call\(one ? "" : "s") of this period \(one ? "is" : "are") incomplete and not paid yet"
                      + (agents.isEmpty ? "" : " (agent\(agents.count == 1 ? "" : "s") \(shown))")
                      + ": the rest of \(one ? "its" : "their") events is in a file not ingested yet. `callmeter status --held` lists "
                      + "\(one ? "it" : "them") with what is missing.")
    }

    /// Writes the export of `payroll` (see `PayrollExportFile`); a write error is a failure, exit 1.
    static func write(_ payroll: PeriodPayroll, to path: String, dialect: ExportDialect) throws {
        do {
            try PayrollExportFile.write(payroll, to: path, dialect: dialect)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        do {
            try PayrollExportFile.write(bytes, to: path)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
