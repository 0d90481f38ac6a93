import CallMeter
import Foundation

/// `callmeter batch void N --reason TEXT`
struct BatchCommand: Command {
    static let name = "batch"
    static let abstract = "Void an ingest batch: take its rows out, with who, when and why."
    static let help = """
        USAGE: callmeter [--db PATH] batch void N --reason TEXT

        Takes batch N's rows out of the data, in one transaction, and records the void (your OS
        user, the time and TEXT) in an audit that `callmeter batches` and `callmeter check` read
        and nothing ever deletes. See the README, "Corrections: voiding a batch":
          - its calls leave scoring, payroll and the routing feed from the next run on; ratings of
            other batches that pointed at them wait for their call again; its own ratings go;
          - an agents batch: each directory row it changed gets back its values from before it
            (unless a later batch changed it since); a row it created leaves the directory;
          - a call that a closed pay period paid stays paid there; the first open period after it
            takes the pay back with a negative adjustment line;
          - the same file may then be ingested again (e.g. with the right --timezone).

        \(options.listing)

        EXIT STATUS: 0 voided; 1 no such batch, or the batch was already voided (nothing done);
        64 usage error; 75 the database is busy.
        """

    static let options = OptionTable([
        CommandOption("--reason", "TEXT", help: "why (required, not empty)"),
    ], helpColumn: 18)

    let batch: Int64
    let reason: String

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parse(arguments)
        var action: String?
        var batch: Int64?
        for argument in parsed.positionals {
            if action == nil {
                guard argument == "void" else { throw UsageError("unknown action '\(argument)'; the action is: void") }
                action = argument
            } else if batch == nil {
                guard let number = Int64(argument), number >= 1 else {
                    throw UsageError("'\(argument)' is not a batch number (a whole number from 1; `callmeter batches` lists them)")
                }
                batch = number
            } else {
                throw UsageError("unexpected argument '\(argument)'")
            }
        }
        guard action != nil else { throw UsageError("batch needs an action: batch void N --reason TEXT") }
        guard let batch else { throw UsageError("batch void needs the batch number: batch void N --reason TEXT") }
        guard let reason = parsed.value("--reason") else { throw UsageError("batch void needs --reason TEXT (why, recorded in the audit)") }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw UsageError("--reason needs a text: why the batch is voided") }
        self.batch = batch
        self.reason = trimmed
    }

    var databaseAccess: DatabaseAccess { .write }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let store = try context.openStore()
        let summary: BatchVoidSummary
        do {
            summary = try store.voidBatch(
                batch, reason: reason, by: OSUser.current(environment: context.environment),
                atMilliseconds: Int64((context.clock().timeIntervalSince1970 * 1000).rounded()))
        } catch let refused as BatchVoidError {
            throw CommandFailure(refused.description)
        }
        let console = context.console
        console.print("Voided batch \(summary.batch) (\(summary.kind)) \(Timestamp.formatUTC(milliseconds: summary.voidedAtMilliseconds)) "
                      + "by \(TerminalText.escaped(summary.voidedBy)): \(TerminalText.escaped(reason))")
        var parts = ["\(Plural.count(summary.callsDeleted, "call")) removed"]
        if summary.callsKeptForPay > 0 {
            parts.append("\(Plural.count(summary.callsKeptForPay, "call")) kept out of scoring and pay because a closed pay period paid "
                         + "\(summary.callsKeptForPay == 1 ? "it" : "them") (the first open period after it takes the pay back)")
        }
        parts.append("\(Plural.count(summary.ratingsDeleted, "rating")) removed")
        if summary.ratingsPendingAgain > 0 {
            parts.append("\(Plural.count(summary.ratingsPendingAgain, "rating")) of other batches pending again")
        }
        if summary.commitmentsDeleted > 0 {
            parts.append("\(Plural.count(summary.commitmentsDeleted, "commitment")) removed (an agent's date it replaced has the earlier file's again)")
        }
        if summary.asteriskRowsDeleted > 0 {
            parts.append("\(Plural.count(summary.asteriskRowsDeleted, "Asterisk leg or event", "Asterisk legs and events")) removed")
        }
        console.print("  " + parts.joined(separator: "; ") + ".")
        if summary.kind == "agents" {
            if summary.agentsNotRecorded {
                console.print("  This agents batch was ingested before its previous values were recorded (schema v12): "
                              + "the directory is left as it is; ingest a corrected directory file.")
            } else {
                var agents = ["\(Plural.count(summary.agentsRestored, "directory row")) put back as before the batch"]
                if summary.agentsLeftDirectory > 0 {
                    agents.append("\(Plural.count(summary.agentsLeftDirectory, "agent")) it added no longer in the directory")
                }
                if !summary.agentsChangedLater.isEmpty {
                    agents.append("left as a later batch set them: "
                                  + summary.agentsChangedLater.map(TerminalText.escaped).joined(separator: ", "))
                }
                console.print("  " + agents.joined(separator: "; ") + ".")
            }
        }
        for other in summary.sameFile {
            console.print(TerminalText.escaped(
                "Batch \(other.batch) holds the same file (\(other.format)\(other.options.isEmpty ? "" : ", " + other.options)) and is not "
                + "voided: ingesting the file again that way reports it as already ingested; void batch \(other.batch) too to read it again."))
        }
        console.print("Scores, weights and pay change from their next run; the same file may be ingested again.")
        return .success
    }
}
