import CallMeter
import Foundation

/// `callmeter batches [--last N] [--json]`
struct BatchesCommand: Command {
    static let name = "batches"
    static let abstract = "List the ingest batches: file, SHA-256, options, rows, and whether voided."
    static let help = """
        USAGE: callmeter [--db PATH] batches [--last N] [--json]

        Every ingest batch, oldest first: its number, when it was ingested (UTC), kind, format and
        the options it was read with (timezone=… for Asterisk files, columns=… for a 17-column
        Master.csv; '-' for none), the file name, the SHA-256 of its bytes, the rows stored,
        duplicate and rejected (merged and ignored too when there were any), and, for a batch
        voided with `callmeter batch void`, when, by whom and why.

        \(options.listing)

        EXIT STATUS: 0 success (also when there is no batch); 1 no database; 64 usage error.
        """

    static let options = OptionTable([
        CommandOption("--last", "N", .integer(1...1_000_000_000), help: "only the N most recent batches"),
        CommandOption("--json", help: "print them as JSON instead (times in UTC, also as Unix milliseconds)"),
    ], helpColumn: 13)

    let last: Int?
    let json: Bool

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parseOptionsOnly(arguments)
        last = parsed.integer("--last")
        json = parsed.has("--json")
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let store = try context.openStore()
        let batches = try store.batchRecords(last: last)
        if json {
            context.console.print(Self.json(batches).text)
            return .success
        }
        let columns: [(String, TextTable.Alignment)] = [
            ("BATCH", .right), ("INGESTED (UTC)", .left), ("KIND", .left), ("FORMAT", .left), ("OPTIONS", .left), ("FILE", .left),
            ("SHA-256", .left), ("STORED", .right), ("DUPLICATE", .right), ("REJECTED", .right), ("OTHER", .left), ("VOIDED", .left),
        ]
        let listed = context.console.printListing(batches, empty: "No batches: nothing was ingested yet.", columns: columns) { batch in
            var other: [String] = []
            if batch.rowsMerged > 0 { other.append("\(batch.rowsMerged) merged") }
            if batch.rowsIgnored > 0 { other.append("\(batch.rowsIgnored) ignored") }
            return [
                String(batch.id), Timestamp.formatUTC(milliseconds: batch.startedAtMilliseconds), batch.kind, batch.format,
                batch.options.isEmpty ? "-" : batch.options, batch.fileName, batch.sha256, String(batch.rowsStored),
                String(batch.rowsDuplicate), String(batch.rowsRejected), other.isEmpty ? "-" : other.joined(separator: ", "),
                batch.void.map { Timestamp.formatUTC(milliseconds: $0.atMilliseconds) } ?? "-",
            ]
        }
        guard listed else { return .success }
        let voided = batches.filter { $0.void != nil }
        for batch in voided {
            guard let void = batch.void else { continue }
            context.console.print(TerminalText.escaped(
                "Batch \(batch.id) voided \(Timestamp.formatUTC(milliseconds: void.atMilliseconds)) by \(void.by): \(void.reason)"))
        }
        context.console.print("\(Plural.count(batches.count, "batch", "batches")), \(voided.count) voided.")
        return .success
    }

    static func json(_ batches: [BatchRecord]) -> JSONOutput {
        .object([("batches", .array(batches.map { batch in
            .object([
                ("batch", .int(Int(batch.id))),
                ("ingested_at", .string(Timestamp.formatUTC(milliseconds: batch.startedAtMilliseconds))),
                ("ingested_at_ms", .int(Int(batch.startedAtMilliseconds))),
                ("finished_at_ms", batch.finishedAtMilliseconds.map { .int(Int($0)) } ?? .null),
                ("kind", .string(batch.kind)),
                ("format", .string(batch.format)),
                ("options", .string(batch.options)),
                ("file", .string(batch.fileName)),
                ("sha256", .string(batch.sha256)),
                ("rows", .object([
                    ("read", .int(batch.rowsRead)), ("stored", .int(batch.rowsStored)), ("duplicate", .int(batch.rowsDuplicate)),
                    ("rejected", .int(batch.rowsRejected)), ("merged", .int(batch.rowsMerged)), ("ignored", .int(batch.rowsIgnored)),
                ])),
                ("void", batch.void.map { void in
                    .object([
                        ("voided_at", .string(Timestamp.formatUTC(milliseconds: void.atMilliseconds))),
                        ("voided_at_ms", .int(Int(void.atMilliseconds))),
                        ("voided_by", .string(void.by)),
                        ("reason", .string(void.reason)),
                    ])
                } ?? .null),
            ])
        }))])
    }
}
