import CallMeter
import Foundation

/// `callmeter weights …`: routing weights from scores, pins, the ACD feed.
struct WeightsCommand: Command {
    static let name = "weights"
    static let abstract = "Routing weights from the scores; pin them; publish and roll back the ACD feed."
    static let help = """
        USAGE: callmeter weights [--as-of DATE] [--dry-run]
               callmeter weights publish [--as-of DATE] [--format FORMAT] [--out PATH] [--force]
               callmeter weights rollback [--format FORMAT] [--out PATH]
               callmeter weights pin AGENT WEIGHT --reason TEXT [--until DATE]
               callmeter weights unpin AGENT
               callmeter weights history [AGENT]
               callmeter weights fallback --reason TEXT
               callmeter weights resume [--reason TEXT] [--force]

        weights      Computes the weights of the scoring run of DATE (default: the latest run) and
                     prints agent, score, band, previous, target and new weight with the reason
                     (pinned, step-limited, insufficient). The computation is stored the first time,
                     and every later publish of that run uses it. --dry-run stores nothing.
        publish      Writes the feed atomically to PATH (default: the format's path in
                     Rules/routing.json, relative to the database's folder), keeps a copy beside it
                     (PATH.vVERSION) and records it. Inactive agents are left out; a kamailio or
                     kamailio-rweight feed leaves out agents without a sip_uri (with a warning) and
                     fails when a dispatcher set has more than 100 agents; a freeswitch-tiers feed
                     (and its PATH.xml) leaves out agents whose mod_callcenter or queue name has
                     other characters than letters, digits and -._@+:~ (with a warning); the
                     asterisk feeds leave out agents without an asterisk_interface or queues (with
                     a warning) and write each queue's penalties by its strategy in routing.json
                     (README, "Asterisk app_queue").
                     Circuit breaker: compared with the current feed at PATH, when more of a
                     dispatcher set's calls would go to other agents than max_traffic_moved_percent,
                     more of today's agents would be left out than max_agents_removed_percent, or a
                     set would be emptied or left to one agent, nothing is written and the exit
                     status is 75; --force publishes anyway and is recorded as forced.
        rollback     Republishes, as a new version, the feed published to PATH before the current one.
                     After a publish or a rollback, the after_publish command of Rules/routing.json
                     runs (if set), e.g. kamcmd dispatcher.reload; if it fails or times out the feed
                     stays published, a warning says so and the exit status stays 0.
        pin          Pins AGENT's weight (between floor and ceiling of Rules/routing.json) from now,
                     through DATE if given, with a reason; records who (the OS user) and when.
        unpin        Removes AGENT's pin.
        history      AGENT's computed weights, published weights and pins. Without AGENT: every
                     fallback and resume (who, when, why) and the feeds renewed or published as
                     the fallback.
        fallback     Publishes the backup routing at once, past the circuit breaker: every active
                     agent at one weight, or the pins of "fallback" in Rules/routing.json, in every
                     format that has a feed at its path of Rules/routing.json (else its "format").
                     Recorded with who (the OS user), when and why. Until resume, the nightly job
                     keeps the fallback feeds valid and publishes no scores.
        resume       Publishes the latest scores again in those formats, through the circuit
                     breaker (compared with the fallback feeds; exit 75 and nothing written when it
                     refuses; --force publishes anyway and is recorded as forced).

        OPTIONS:
        \(options.listing)

        FORMAT is csv, json, kamailio (dispatcher algorithm 9) or kamailio-rweight (algorithm 11).
        DATE is YYYY-MM-DD, a date in the center's time zone (Rules/center.json).
        FORMAT is one of \(FeedFormat.allCases.map(\.rawValue).joined(separator: ", ")).

        EXIT STATUS: 0 success; 1 failure; 64 usage error; 75 the circuit breaker refused to publish.
        """

    static let options: OptionTable = {
        var table = OptionTable([
            CommandOption("--as-of", "DATE", .date(example: "2026-11-02"), help: "weights, publish: the scoring run of DATE (default: the latest run)."),
            CommandOption("--dry-run", help: "weights: compute and print, store nothing."),
            CommandOption("--format", "FORMAT", .choice(FeedFormat.allCases.map(\.rawValue), refusal: { "unknown format '\($0)': use \(Self.formatNames)" }),
                          help: "publish, rollback: \(formatNames) (default: Rules/routing.json's)."),
            CommandOption("--out", "PATH", help: "publish, rollback: the feed's path (default: the format's, see publish)."),
            CommandOption("--force", help: "publish, resume: even when the circuit breaker refuses (recorded as forced)."),
            CommandOption("--reason", "TEXT", help: "pin, fallback: why (required); resume: why (optional)."),
            CommandOption("--until", "DATE", .date(example: "2026-11-02"), help: "pin: the last day of the pin (default: until unpinned)."),
        ], helpColumn: 20)
        // A weight may be negative (and then refused as out of range, not as an option).
        table.negativeNumbersArePositional = true
        return table
    }()

    /// `csv, json, kamailio, … or freeswitch-tiers`: every format, for help and errors.
    static var formatNames: String {
        let names = FeedFormat.allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + (names.last ?? "")
    }

    enum Action: Equatable {
        case show(asOf: CalendarDate?, dryRun: Bool)
        case publish(asOf: CalendarDate?, format: FeedFormat?, out: String?, force: Bool)
        case rollback(format: FeedFormat?, out: String?)
        case pin(agent: String, weight: Int, reason: String, until: CalendarDate?)
        case unpin(agent: String)
        case history(agent: String?)
        case fallback(reason: String)
        case resume(reason: String?, force: Bool)
    }

    let action: Action

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parse(arguments)
        let positional = parsed.positionals
        // Each subcommand reads the options it allows (`allow` refused the others first).
        let format = parsed.value("--format").flatMap(FeedFormat.init(rawValue:))
        let subcommand = positional.first
        let operands = Array(positional.dropFirst())
        func allow(_ options: Set<String>, for name: String) throws(UsageError) {
            do throws(OptionUsageError) {
                try parsed.allowOnly(options, in: name)
            } catch {
                throw UsageError(error)
            }
        }
        func one(_ what: String, for name: String) throws(UsageError) -> String {
            guard operands.count == 1, let value = operands.first else {
                throw UsageError("weights \(name) takes one \(what)\(operands.count > 1 ? ", not \(operands.count) arguments" : "")")
            }
            return value
        }
        switch subcommand {
        case nil:
            try allow(["--as-of", "--dry-run"], for: "weights")
            action = .show(asOf: parsed.date("--as-of"), dryRun: parsed.has("--dry-run"))
        case "publish":
            try allow(["--as-of", "--format", "--out", "--force"], for: "weights publish")
            guard operands.isEmpty else { throw UsageError("unexpected argument '\(operands[0])'") }
            action = .publish(asOf: parsed.date("--as-of"), format: format, out: parsed.value("--out"), force: parsed.has("--force"))
        case "rollback":
            try allow(["--format", "--out"], for: "weights rollback")
            guard operands.isEmpty else { throw UsageError("unexpected argument '\(operands[0])'") }
            action = .rollback(format: format, out: parsed.value("--out"))
        case "pin":
            try allow(["--reason", "--until"], for: "weights pin")
            guard operands.count == 2 else { throw UsageError("weights pin takes AGENT and WEIGHT") }
            guard let weight = Int(operands[1]) else {
                throw UsageError("WEIGHT must be a whole number, not '\(operands[1])'")
            }
            guard let reason = parsed.value("--reason") else { throw UsageError("weights pin needs --reason TEXT: say why") }
            action = .pin(agent: operands[0], weight: weight, reason: reason, until: parsed.date("--until"))
        case "unpin":
            try allow([], for: "weights unpin")
            action = .unpin(agent: try one("AGENT", for: "unpin"))
        case "history":
            try allow([], for: "weights history")
            action = .history(agent: operands.isEmpty ? nil : try one("AGENT", for: "history"))
        case "fallback":
            try allow(["--reason"], for: "weights fallback")
            guard operands.isEmpty else { throw UsageError("unexpected argument '\(operands[0])'") }
            guard let reason = parsed.value("--reason") else { throw UsageError("weights fallback needs --reason TEXT: say why") }
            action = .fallback(reason: reason)
        case "resume":
            try allow(["--reason", "--force"], for: "weights resume")
            guard operands.isEmpty else { throw UsageError("unexpected argument '\(operands[0])'") }
            action = .resume(reason: parsed.value("--reason"), force: parsed.has("--force"))
        case let other?:
            throw UsageError("unknown weights command '\(other)': use publish, rollback, pin, unpin, history, fallback or resume")
        }
    }

    /// Everything but `--dry-run` and `history` stores something (a computation, a feed, a pin).
    var databaseAccess: DatabaseAccess {
        switch action {
        case .show(_, let dryRun): dryRun ? .read : .write
        case .history: .read
        case .publish, .rollback, .pin, .unpin, .fallback, .resume: .write
        }
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let rules = try context.routingRules()
        let center = try context.centerRules()
        let store = try context.openStore()
        let user = OSUser.current(environment: context.environment)
        let weights = if let source = context.scoringRuns {
            Weights(store: store, rules: rules, timeZone: center.timeZone, user: user, now: { context.now }, source: source)
        } else {
            Weights(store: store, rules: rules, timeZone: center.timeZone, user: user, now: { context.now })
        }
        let console = context.console
        switch action {
        case .show(let asOf, let dryRun):
            Self.print(try weights.report(asOf: asOf, dryRun: dryRun), dryRun: dryRun, console: console)
        case .publish(let asOf, let format, let out, let force):
            let format = format ?? rules.format
            let path = Self.outputPath(out: out, format: format, rules: rules, context: context)
            Self.print(try weights.publish(asOf: asOf, format: format, path: path, force: force), rollback: false, console: console)
        case .rollback(let format, let out):
            let path = Self.outputPath(out: out, format: format ?? rules.format, rules: rules, context: context)
            Self.print(try weights.rollback(path: path), rollback: true, console: console)
        case .pin(let agent, let weight, let reason, let until):
            let pin = try weights.pin(agentID: agent, weight: weight, reason: reason, until: until)
            console.print("Pinned \(safe(pin.agentID)) at weight \(pin.weight) \(pin.until.map { "through \($0)" } ?? "until unpinned")"
                          + " (by \(safe(pin.pinnedBy)), reason: \(safe(pin.reason))). It applies from the next publish.")
            // Accepted, not refused: the pin is kept for when the agent is active again.
            if try weights.isInactiveInDirectory(agentID: agent) {
                context.console.error("Warning: \(safe(agent)) is inactive in the agent directory, so it is not in any feed: "
                                      + "this pin has no effect until the directory makes the agent active again.")
            }
        case .unpin(let agent):
            let pin = try weights.unpin(agentID: agent)
            console.print("Unpinned \(safe(pin.agentID)) (was pinned at \(pin.weight) by \(safe(pin.pinnedBy)) on "
                          + "\(Timestamp.formatUTC(pin.pinnedAt))). It applies from the next publish.")
        case .history(let agent?):
            Self.print(try weights.history(agentID: agent), today: weights.today, console: console)
        case .history(nil):
            Self.printModes(try weights.modeHistory(), feeds: try weights.continuityFeeds(), console: console)
        case .fallback(let reason):
            Self.print(try weights.fallback(reason: reason, databasePath: context.databasePath), console: console)
        case .resume(let reason, let force):
            Self.print(try weights.resume(reason: reason, force: force, databasePath: context.databasePath), console: console)
        }
        return .success
    }

    /// `--out` from the working directory, else the rules' path for the format from the
    /// database's folder.
    static func outputPath(out: String?, format: FeedFormat, rules: RoutingRules, context: CommandContext) -> String {
        if let out { return CLI.resolve(out, against: context.workingDirectory).path }
        return FeedLocation.defaultPath(for: format, rules: rules, databasePath: context.databasePath)
    }
}
