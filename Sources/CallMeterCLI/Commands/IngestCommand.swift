import CallMeter
import Foundation

/// `callmeter ingest cdr|ratings|agents FILE...`
struct IngestCommand: Command {
    static let name = "ingest"
    static let abstract = "Load call records, ratings or the agent directory from CSV files."
    static let help = """
        USAGE: callmeter [--db PATH] [--rules DIR] ingest cdr|ratings|agents FILE...

        Loads CSV files (RFC 4180, header row, columns in any order, UTF-8) into the database. Each
        file is one transaction: its good rows are stored, every bad row is rejected with
        FILE:LINE:COLUMN: FIELD: REASON (the first 20 are printed; all are kept in the database).
        The same bytes ingested again are a no-op. The database is created if it does not exist.

          cdr      call_id, hotline, started_at, ended_at, disposition; optional agent_id,
                   answered_at, talk_seconds, hold_seconds, wrap_seconds, caller, direction,
                   queue, ended_by
          ratings  call_id, rating; optional question (default overall), rated_at
          agents   agent_id, name; optional sip_uri, active, started_on, dispatch_set

        EXIT STATUS: 0 all rows accepted; 65 some rows rejected (the rest stored); 1 a file could
        not be ingested at all (nothing of it stored); 64 usage error.
        """

    let kind: IngestReport.Kind
    let files: [String]

    init(arguments: [String]) throws(UsageError) {
        guard let kindName = arguments.first else { throw UsageError("ingest needs a kind: cdr, ratings or agents") }
        guard let kind = IngestReport.Kind(rawValue: kindName) else {
            throw UsageError("unknown kind '\(kindName)': use cdr, ratings or agents")
        }
        var files = Array(arguments.dropFirst())
        if let dash = files.firstIndex(of: "--") { files.remove(at: dash) }
        if let option = files.first(where: { $0.hasPrefix("-") && $0 != "-" }) { throw UsageError("unknown option '\(option)'") }
        guard !files.isEmpty else { throw UsageError("ingest \(kindName) needs at least one FILE") }
        self.kind = kind
        self.files = files
    }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let center = try context.centerRules()
        let store = try context.openStore(create: true)
        return try Self.ingest(files: files, kind: kind, store: store, settings: IngestSettings(ratingScale: center.ratingScale),
                               console: context.console, workingDirectory: context.workingDirectory)
    }

    /// Ingests files one by one and prints what happened; the worst outcome decides the status.
    /// Relative paths are found in `workingDirectory`; messages name each file as it was given.
    static func ingest(files: [String], kind: IngestReport.Kind, store: Store, settings: IngestSettings, console: Console,
                       workingDirectory: URL) throws -> ExitStatus {
        var status = ExitStatus.success
        for file in files {
            do {
                let path = CLI.resolve(file, against: workingDirectory).path
                let report = try store.ingest(file: path, named: file, kind: kind, settings: settings) { progress in
                    let percent = progress.totalBytes > 0 ? Double(progress.bytesRead) * 100 / Double(progress.totalBytes) : 0
                    let rate = progress.seconds > 0 ? Int(Double(progress.rows) / progress.seconds) : 0
                    console.progress("\(file): \(progress.rows) rows, \(rate) rows/s, \(String(format: "%.0f", percent))%")
                }
                console.endProgress()
                print(report, console: console)
                if report.rowsRejected > 0 && status == .success { status = .dataRejected }
            } catch let error as IngestFileError {
                console.endProgress()
                if case .header = error {
                    console.error("Error: \(file):\(error.description)")
                } else {
                    console.error("Error: \(file): \(error.description)")
                }
                status = .failure
            } catch {
                console.endProgress()
                console.error("Error: \(file): \(error)")
                status = .failure
            }
        }
        return status
    }

    static func print(_ report: IngestReport, console: Console) {
        if report.alreadyIngested {
            console.print("\(report.file): already ingested (batch \(report.batchID), same SHA-256): nothing to do")
            return
        }
        for warning in report.warnings { console.error("Warning: \(report.file): \(warning)") }
        var line = "\(report.file): \(report.rowsRead) \(report.kind.rawValue) rows: \(report.rowsAccepted) stored"
        if report.rowsDuplicate > 0 { line += ", \(report.rowsDuplicate) duplicate\(report.rowsDuplicate == 1 ? "" : "s")" }
        line += ", \(report.rowsRejected) rejected (batch \(report.batchID))"
        console.print(line)
        for reject in report.firstRejects { console.error(reject.description) }
        if report.rowsRejected > report.firstRejects.count {
            console.error("… and \(report.rowsRejected - report.firstRejects.count) more rejected rows (all stored in the rejects table)")
        }
        if report.ratingsAttached > 0 { console.print("\(report.ratingsAttached) pending ratings found their call") }
        if report.kind != .agents && report.ratingsPending > 0 {
            console.print("\(report.ratingsPending) ratings are pending (their call is not ingested yet)")
        }
    }
}
