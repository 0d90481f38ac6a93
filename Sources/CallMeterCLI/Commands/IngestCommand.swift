import CallMeter
import Foundation

/// `callmeter ingest cdr|ratings|agents|commitments FILE...`
struct IngestCommand: Command {
    static let name = "ingest"
    static let abstract = "Load call records, ratings, the agent directory or commitments from CSV files."
    static let help = """
        USAGE: callmeter [--db PATH] [--rules DIR] ingest cdr|ratings|agents|commitments FILE...
               callmeter ingest commitments [--timezone TZ] FILE...
               callmeter ingest cdr --format FORMAT [--timezone TZ] [--columns uniqueid|userfield] FILE...
               callmeter ingest cdr --format asterisk-csv --layout NAME [--timezone TZ] FILE...

        Loads CSV files (RFC 4180, header row, columns in any order, UTF-8) into the database. Each
        file is one transaction: its good rows are stored, every bad row is rejected with
        FILE:LINE:COLUMN: FIELD: REASON (the first 20 are printed; all are kept in the database:
        `callmeter rejects` lists them).
        The same bytes ingested again are a no-op. The database is created if it does not exist.

          cdr      call_id, hotline, started_at, ended_at, disposition; optional agent_id,
                   answered_at, talk_seconds, hold_seconds, wrap_seconds, caller, direction,
                   queue, ended_by
          ratings  call_id, rating; optional question (default overall), rated_at
          agents   agent_id, name; optional sip_uri, active, started_on, dispatch_set,
                   hotlines (skills: numbers separated by ';'; empty: every hotline)
          commitments  agent_id, date (YYYY-MM-DD), from, to (HH:MM, wall clock in the
                   center's zone or --timezone; to <= from ends the next day); optional
                   hotlines. A later file's rows for an agent and date replace the earlier ones.

        OPTIONS (call records only; --timezone also for commitments):
        \(options.listing)
        Agents, trunks, hotline names and layouts of Asterisk files: Rules/asterisk.json;
        agents and hotlines of FreeSWITCH files: Rules/freeswitch.json.

        EXIT STATUS: 0 all rows accepted; 65 some rows rejected (the rest stored); 1 a file could
        not be ingested at all (nothing of it stored), or every row of it was rejected (a failed
        ingest: its rejects are listed, the file is not counted as ingested and can be ingested
        again, e.g. with another --format); 64 usage error.
        """

    static let options = OptionTable([
        CommandOption("--format", "FORMAT", .choice(IngestFormat.allCases.map { $0.rawValue }, refusal: { "unknown format '\($0)': use \(IngestFormat.allCases.map { $0.rawValue }.joined(separator: ", "))" }), help: """
            native (default); asterisk-csv (Master.csv of cdr_csv, no header);
            asterisk-cdr-table (the CDR database table exported as CSV with a
            header: FreePBX, PBXware, cdr_adaptive_odbc); asterisk-queue-log (the
            raw queue_log, or its realtime or PBXware table as CSV);
            freeswitch-csv (Master.csv of FreeSWITCH mod_cdr_csv, default
            template: 15 quoted columns, no header).
            """),
        CommandOption("--timezone", "TZ", help: """
            IANA zone the file's wall-clock times were written in (default: the
            center's, Rules/center.json). Use UTC for cdr.conf usegmtime=yes.
            """),
        CommandOption("--columns", "WHICH", .choice(["uniqueid", "userfield"], refusal: { "--columns takes uniqueid or userfield, not '\($0)'" }), help: """
            What the 17th column of a 17-column Master.csv row is: uniqueid or
            userfield (cdr_csv loguniqueid / loguserfield). Required when the
            file has such rows: the file itself cannot say.
            """),
        CommandOption("--layout", "NAME", help: """
            The columns of a header-less Asterisk file that is not cdr_csv's:
            cdr-custom-sample (cdr_custom's stock mapping, 19 columns),
            freepbx13-cdr-table (FreePBX 13's cdr table re-saved without its
            header, D/M/YYYY dates), or a layout of Rules/asterisk.json.
            """),
    ], helpColumn: 20)

    let kind: IngestReport.Kind
    let files: [String]
    var format = IngestFormat.native
    var timeZone: TimeZone?
    var seventeenthColumn: AsteriskSeventeenthColumn?
    /// `--layout NAME`, looked up in the rules when the command runs.
    var layoutName: String?

    init(arguments: [String]) throws(UsageError) {
        guard let kindName = arguments.first else { throw UsageError("ingest needs a kind: cdr, ratings, agents or commitments") }
        guard let kind = IngestReport.Kind(rawValue: kindName) else {
            throw UsageError("unknown kind '\(kindName)': use cdr, ratings, agents or commitments")
        }
        let parsed = try Self.parse(Array(arguments.dropFirst()))
        if let name = parsed.value("--format"), let format = IngestFormat(rawValue: name) { self.format = format }
        if let name = parsed.value("--timezone") {
            guard let zone = TimeZone(identifier: name) else {
                throw UsageError("unknown time zone '\(name)': use an IANA name such as Europe/Zurich or UTC")
            }
            timeZone = zone
        }
        seventeenthColumn = parsed.value("--columns").flatMap(AsteriskSeventeenthColumn.init(rawValue:))
        layoutName = parsed.value("--layout")
        let formatGiven = parsed.has("--format"), columnsGiven = parsed.has("--columns"), zoneGiven = parsed.has("--timezone")
        let files = parsed.positionals
        if formatGiven && kind != .cdr && format != .native {
            throw UsageError("--format \(format.rawValue) is for call records: ingest cdr --format \(format.rawValue) FILE...")
        }
        if columnsGiven && format != .asteriskCSV { throw UsageError("--columns is only for --format asterisk-csv") }
        if layoutName != nil && format != .asteriskCSV { throw UsageError("--layout is only for --format asterisk-csv") }
        if layoutName != nil && columnsGiven {
            throw UsageError("--columns is for cdr_csv's 17-column rows; a --layout names every column itself: give one of them")
        }
        if zoneGiven && format == .native && kind != .commitments {
            throw UsageError("--timezone is only for the Asterisk formats and commitments (native times carry their offset)")
        }
        guard !files.isEmpty else { throw UsageError("ingest \(kindName) needs at least one FILE") }
        self.kind = kind
        self.files = files
    }

    var databaseAccess: DatabaseAccess { .write }

    func run(_ context: CommandContext) throws -> ExitStatus {
        let center = try context.centerRules()
        var settings = IngestSettings(ratingScale: center.ratingScale, format: format, timeZone: timeZone ?? center.timeZone,
                                      seventeenthColumn: seventeenthColumn)
        if format.readsAsteriskRules {
            if let rules = try AsteriskRules.load(directory: context.rulesDirectory) {
                settings.asterisk = rules
            } else {
                context.console.error(
                    "Warning: no \(AsteriskRules.fileName) in \(context.rulesDirectory.path): using the default agent pattern, no trunks, no renames")
            }
        }
        if let layoutName {
            guard let layout = settings.asterisk.layout(named: layoutName) else {
                throw UsageError(
                    "unknown layout '\(layoutName)': use \(settings.asterisk.layoutNames.joined(separator: ", ")) "
                        + "(built in, or under \"layouts\" in \(AsteriskRules.fileName))")
            }
            settings.asteriskLayout = layout
        }
        if format == .freeswitchCSV {
            if let rules = try FreeSWITCHRules.load(directory: context.rulesDirectory) {
                settings.freeswitch = rules
            } else {
                context.console.error(
                    "Warning: no \(FreeSWITCHRules.fileName) in \(context.rulesDirectory.path): agents are 4-digit destinations, "
                        + "voicemail is an application, no renames")
            }
        }
        let store = try context.openStore(create: true)
        return try Self.ingest(files: files, kind: kind, store: store, settings: settings, console: context.console,
                               workingDirectory: context.workingDirectory) { DatabaseProblem($0, context: context) }
    }

    /// Ingests files one by one and prints what happened; the worst outcome decides the status.
    /// Relative paths are found in `workingDirectory`; messages name each file as it was given.
    /// A busy database (another writer for the whole `--wait`) makes it exit 75, after the other files.
    static func ingest(files: [String], kind: IngestReport.Kind, store: Store, settings: IngestSettings, console: Console,
                       workingDirectory: URL, explain: ((SQLiteError) -> DatabaseProblem)? = nil) throws -> ExitStatus {
        var status = ExitStatus.success
        for file in files {
            do {
                let path = CLI.resolve(file, against: workingDirectory).path
                let report = try Ingestion(store: store).ingest(file: path, named: file, kind: kind, settings: settings) { progress in
                    let percent = progress.totalBytes > 0 ? Double(progress.bytesRead) * 100 / Double(progress.totalBytes) : 0
                    let rate = progress.seconds > 0 ? Int(Double(progress.rows) / progress.seconds) : 0
                    console.progress("\(file): \(progress.rows) rows, \(rate) rows/s, \(String(format: "%.0f", percent))%")
                }
                console.endProgress()
                print(report, console: console)
                if report.noRowStored {
                    console.error("Error: \(file): \(failedIngestMessage(report))")
                    if status != .temporaryFailure { status = .failure }
                } else if report.rowsRejected > 0 && status == .success {
                    status = .dataRejected
                }
            } catch let error as IngestFileError {
                console.endProgress()
                switch error {
                case .header, .layout:
                    console.error("Error: \(file):\(error.description)")
                default:
                    console.error("Error: \(file): \(error.description)")
                }
                if status != .temporaryFailure { status = .failure }
            } catch let error as SQLiteError {
                // The file's transaction rolled back: say so, and where it was to be stored.
                console.endProgress()
                let problem = explain?(error) ?? DatabaseProblem(error, database: store.path, holders: { [] }, waitSeconds: 0)
                console.error("Error: \(file): not stored in \(store.path), nothing of it was kept: \(problem.message)")
                status = problem.status == .temporaryFailure || status == .temporaryFailure ? .temporaryFailure : .failure
            } catch {
                console.endProgress()
                console.error("Error: \(file): \(error)")
                if status != .temporaryFailure { status = .failure }
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
        var line = "\(report.file): \(report.rowsRead) \(report.kind.rawValue) \(Plural.word(report.rowsRead, "row")): \(report.rowsAccepted) stored"
        if report.rowsDuplicate > 0 { line += ", \(report.rowsDuplicate) duplicate\(report.rowsDuplicate == 1 ? "" : "s")" }
        line += ", \(report.rowsRejected) rejected (batch \(report.batchID))"
        console.print(line)
        for reject in report.firstRejects { console.error(reject.description) }
        if report.rowsRejected > report.firstRejects.count {
            let more = report.rowsRejected - report.firstRejects.count
            console.error("… and \(more) more rejected \(Plural.word(more, "row")) (all stored: `callmeter rejects --batch \(report.batchID)` lists them)")
        }
        if report.format != IngestFormat.native.rawValue { printAsterisk(report, console: console) }
        if report.ratingsAttached > 0 {
            let one = report.ratingsAttached == 1
            console.print("\(Plural.count(report.ratingsAttached, "pending rating")) found \(one ? "its" : "their") call")
        }
        if report.kind != .agents && report.kind != .commitments && report.ratingsPending > 0 {
            let one = report.ratingsPending == 1
            console.print("\(Plural.count(report.ratingsPending, "rating")) \(one ? "is" : "are") pending (\(one ? "its" : "their") call is not ingested yet)")
        }
    }

    /// Why a file of which every row was rejected is a failure, and what to try instead.
    static func failedIngestMessage(_ report: IngestReport) -> String {
        let what = switch report.kind {
        case .cdr: "the kind (cdr), --format, --timezone and --columns"
        case .ratings: "the kind (ratings) and the rating scale (rating_scale in Rules/center.json)"
        case .agents: "the kind (agents)"
        case .commitments: "the kind (commitments), that the agents are ingested first, and --timezone"
        }
        return "no row could be stored (\(Plural.count(report.rowsRejected, "row")) rejected): the file is not counted as ingested."
            + " A file read the wrong way rejects every row: check \(what), then ingest it again"
            + " (its rejects stay listed: callmeter rejects --batch \(report.batchID))"
    }

    /// What an Asterisk file became: calls, merged legs, held calls, sessions, ignored rows.
    static func printAsterisk(_ report: IngestReport, console: Console) {
        var parts = ["\(report.callsStored) new call\(report.callsStored == 1 ? "" : "s")"]
        if report.callsUpdated > 0 { parts.append("\(report.callsUpdated) updated") }
        if report.format == IngestFormat.asteriskQueueLog.rawValue {
            parts.append("\(report.callsHeld) incomplete call\(report.callsHeld == 1 ? "" : "s") held for a later file")
            parts.append("\(report.sessionsStored) agent session\(report.sessionsStored == 1 ? "" : "s")")
        } else {
            parts.append("\(report.legsMerged) leg\(report.legsMerged == 1 ? "" : "s") merged into calls")
        }
        if report.rowsIgnored > 0 { parts.append("\(Plural.count(report.rowsIgnored, "row")) ignored") }
        console.print("\(report.file): " + parts.joined(separator: ", "))
    }
}
