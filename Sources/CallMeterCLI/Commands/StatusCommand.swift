import CallMeter
import CallMeterDaemon
import Foundation

/// `callmeter status`
struct StatusCommand: Command {
    static let name = "status"
    static let abstract = "Show what the database holds and the last ingest batches."
    static let help = """
        USAGE: callmeter [--db PATH] status [--inbox DIR]
               callmeter [--db PATH] status --held
               callmeter [--db PATH] status --pending [--csv FILE]

        Counts of agents, hotlines, calls (by disposition), ratings (and how many wait for their
        call), ingest batches and rejected rows, queue_log calls held incomplete and agent
        sessions, and the last five batches. Never prints a caller number: the database does not
        hold them in clear.

        Then the daemon (callmeterd): its heartbeat, the last nightly run and its outcome, the age of
        the routing feed, the latest morning page (its as-of date and age; STALE when the last
        successful nightly run has no page yet), and the files waiting in the inbox.

        \(options.listing)
        """

    static let options = OptionTable([
        CommandOption("--inbox", "DIR", help: "the inbox to count (default: the one the daemon recorded in the database)"),
        CommandOption("--held", help: """
            list the queue_log calls held incomplete instead: their events so far,
            where the first was read and what is missing. Until the rest is ingested
            they are neither scored nor paid.
            """),
        CommandOption("--pending", help: """
            list the ratings that wait for their call instead: call id, question,
            rating, when it was received and how long it has waited, oldest first.
            """),
        CommandOption("--csv", "FILE", help: """
            with --pending: write them to FILE as CSV (call_id, question, rating,
            rated_at, received_at, waited_seconds, file, line; mode 0640).
            """),
    ], helpColumn: 16)

    let inbox: String?
    let listHeld: Bool
    let listPending: Bool
    let csv: String?

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parseOptionsOnly(arguments)
        let inbox = parsed.value("--inbox")
        let listHeld = parsed.has("--held")
        let listPending = parsed.has("--pending")
        let csv = parsed.value("--csv")
        if listHeld && inbox != nil { throw UsageError("--held lists held calls only; it takes no --inbox") }
        if listPending && (listHeld || inbox != nil) { throw UsageError("--pending lists pending ratings only; it takes no --held or --inbox") }
        if csv != nil && !listPending { throw UsageError("--csv goes with --pending: status --pending --csv FILE") }
        self.inbox = inbox
        self.listHeld = listHeld
        self.listPending = listPending
        self.csv = csv
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let store = try context.openStore()
        if listHeld {
            Self.print(held: try store.heldQueueCalls(), nowSeconds: context.now, console: context.console)
            return .success
        }
        if listPending {
            try Self.printPending(try store.pendingRatings(), now: context.now,
                                  csv: csv.map { CLI.resolve($0, against: context.workingDirectory).path }, console: context.console)
            return .success
        }
        Self.print(try store.status(), console: context.console)
        // Skills do not depend on the zone.
        Self.printSkills(try Capacity(store: store, timeZone: TimeZone(identifier: "UTC") ?? .current).skills(), console: context.console)
        let inbox = inbox.map { CLI.resolve($0, against: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path }
        Self.printDaemon(
            DaemonStatus(store: store, inbox: inbox, nowMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded())),
            console: context.console)
        return .success
    }

    /// The agents the directory limits to some hotlines (`hotlines` column); nothing when none is.
    static func printSkills(_ skills: [String: [String]], console: Console) {
        guard !skills.isEmpty else { return }
        console.print("Skills:   \(Plural.count(skills.count, "agent")) limited to some hotlines (the others take every hotline):")
        for agent in skills.keys.sorted() {
            console.print("  \(TerminalText.escaped(agent)): \(HotlineList.stored(skills[agent] ?? []))")
        }
    }

    static func print(_ status: StoreStatus, console: Console) {
        console.print("Agents:   \(status.agents) (\(status.agentsInDirectory) in the directory)")
        console.print("Hotlines: \(status.hotlines)")
        let byDisposition = status.callsByDisposition.map { "\($0.count) \($0.disposition)" }.joined(separator: ", ")
        console.print("Calls:    \(status.calls)\(byDisposition.isEmpty ? "" : " (\(byDisposition))")")
        console.print("Ratings:  \(status.ratings) (\(status.pendingRatings) pending: their call is not ingested yet"
                      + (status.pendingRatings > 0 ? "; status --pending lists them" : "") + ")")
        console.print("Batches:  \(status.batches)" + (status.voidedBatches > 0 ? " (\(status.voidedBatches) voided; `callmeter batches` lists them)" : "")
                      + ", rejected rows: \(status.rejects)")
        console.print("Queue:    \(status.incompleteQueueCalls) incomplete calls held (the rest of their events is in a file not ingested yet"
                      + (status.incompleteQueueCalls > 0 ? "; status --held lists them" : "") + "), \(status.agentSessions) agent sessions")
        if !status.lastBatches.isEmpty {
            console.print("Last batches:")
            for batch in status.lastBatches {
                let time = Timestamp.formatUTC(milliseconds: batch.startedAtMilliseconds)
                let format = batch.format == "native" ? "" : " (\(batch.format))"
                console.print("  #\(batch.id) \(time) \(batch.kind)\(format) \(TerminalText.escaped(batch.fileName)): \(batch.rowsAccepted) stored, "
                              + "\(Plural.count(batch.rowsDuplicate, "duplicate")), \(batch.rowsRejected) rejected"
                              + (batch.voided ? " (voided)" : ""))
            }
        }
    }

    /// One line per held call, oldest first.
    static func print(held: [HeldQueueCall], nowSeconds now: Int64, console: Console) {
        let columns: [(String, TextTable.Alignment)] = [
            ("CALLID", .left), ("QUEUE", .left), ("AGENT", .left), ("FIRST EVENT (UTC)", .left), ("EVENTS", .left),
            ("READ FROM", .left), ("MISSING", .left),
        ]
        let listed = console.printListing(held, empty: "No queue_log calls are held: every call's events are complete.", columns: columns) { call in
            [
                call.callID, call.queue, call.agent ?? "-", Timestamp.formatUTC(call.firstEventAt),
                call.events.joined(separator: ","), "\(call.file):\(call.line)",
                call.missing + (call.isProbablyLost(nowSeconds: now) ? "; no event for more than 24 h: probably lost" : ""),
            ]
        }
        guard listed else { return }
        console.print("\(held.count) call\(held.count == 1 ? "" : "s") held: neither scored nor paid until the file with the rest "
                      + "of \(held.count == 1 ? "its" : "their") events is ingested.")
        let lost = held.filter { $0.isProbablyLost(nowSeconds: now) }.count
        if lost > 0 {
            console.print("\(lost) of them \(lost == 1 ? "has" : "have") had no event for more than 24 h: no call lasts that long, so "
                          + "the rest was never written (a PBX restart mid-call?) or its file is lost. They stay held; nothing is dropped.")
        }
    }
}
