import CallMeter
import CallMeterDaemon
import Foundation

/// `callmeter rejects [--batch N] [--csv FILE]`
struct RejectsCommand: Command {
    static let name = "rejects"
    static let abstract = "List the rejected rows stored, all of them, or write them as CSV."
    static let help = """
        USAGE: callmeter [--db PATH] rejects [--batch N] [--csv FILE]

        Every rejected row kept in the database (ingest prints only the first 20 of a file), by
        batch and in file order: the batch, its file, line, column, field, reason and the raw row
        as stored (the digits of caller numbers masked, see the README's Security section).

        \(options.listing)

        EXIT STATUS: 0 success (also when there is nothing to list); 1 no such batch or a write error;
        64 usage error.
        """

    static let options = OptionTable([
        CommandOption("--batch", "N", .integer(1...Int.max), help: "only the rejects of batch N (`callmeter status` lists the last batches)"),
        CommandOption("--csv", "FILE", help: """
            write them to FILE instead (RFC 4180: batch,file,line,column,field,reason,raw;
            a cell that starts like a formula gets a leading '; mode 0640, written atomically)
            """),
    ], helpColumn: 15)

    let batch: Int64?
    let csv: String?

    init(arguments: [String]) throws(UsageError) {
        let parsed = try Self.parseOptionsOnly(arguments)
        batch = parsed.integer("--batch").map(Int64.init)
        csv = parsed.value("--csv")
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let store = try context.openStore()
        if let batch, try store.batch(id: batch) == nil {
            throw CommandFailure("there is no batch \(batch) in \(store.path); `callmeter status` lists the last batches")
        }
        let scope = batch.map { " of batch \($0)" } ?? ""
        if let csv {
            let path = CLI.resolve(csv, against: context.workingDirectory).path
            var bytes = Array(RejectsCSV.listingHeader.utf8)
            var count = 0
            try store.forEachReject(inBatch: batch) { batch, file, reject in
                bytes += RejectsCSV.listingRow(batch: batch, file: file, reject: reject)
                count += 1
            }
            do {
                // Rejected rows are customer data: the owner and the group only, like payroll exports.
                try AtomicFile.write(bytes, to: path, permissions: 0o640)
            } catch {
                throw CommandFailure(error.description)
            }
            context.console.print("Wrote \(path) (\(Plural.count(count, "rejected row"))\(scope))")
            return .success
        }
        var table = TextTable([
            ("BATCH", .right), ("FILE", .left), ("LINE", .right), ("COLUMN", .right), ("FIELD", .left), ("REASON", .left),
            ("RAW ROW", .left),
        ])
        var batches = Set<Int64>()
        try store.forEachReject(inBatch: batch) { batch, file, reject in
            batches.insert(batch)
            table.add([
                String(batch), file, String(reject.line), String(reject.column), reject.field, reject.reason,
                String(decoding: reject.raw, as: UTF8.self),
            ])
        }
        guard !table.rows.isEmpty else {
            context.console.print("No rejected rows stored\(scope).")
            return .success
        }
        context.console.print(table.render())
        context.console.print("\(Plural.count(table.rows.count, "rejected row")) in \(Plural.count(batches.count, "batch", "batches")).")
        return .success
    }
}
