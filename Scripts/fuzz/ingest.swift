// Fuzz targets `asterisk-csv`, `asterisk-cdr-table`, `asterisk-queue-log`, `freeswitch-csv` and `native`: the input
// is ingested as call records into a new database, in the format the target is named after.
//
// A form feed (0x0C) splits the input into two files ingested one after the other, so that the
// code joining legs and queue events across files is reached too. Traps when:
// - the import throws anything but IngestFileError (which refuses a whole file with a reason);
// - a file's rows do not add up (read = accepted + duplicate + rejected + ignored);
// - a reject does not name a line of the file and a column ≥ 1;
// - `callmeter check` finds a problem in the database afterwards;
// - the same bytes ingested again are not recognised as already ingested.
import Foundation

private let settings: IngestSettings = {
    // A zone with DST, a trunk and renames, so that the outbound and renaming paths are taken.
    var settings = IngestSettings(
        ratingScale: 1...5, timeZone: TimeZone(identifier: "Europe/Zurich") ?? .current,
        asterisk: AsteriskRules(agents: ["1001": "a100", "agent1002": "a200"], trunks: ["carrier-a", "trunk"],
                                hotlines: ["800": "+41800100100", "support": "+41800200200"]))
    if ProcessInfo.processInfo.environment["CALLMETER_FUZZ_COLUMNS"] == "userfield" { settings.seventeenthColumn = .userfield }
    return settings
}()

private let scratch = "/dev/shm/callmeter-fuzz-ingest-\(getpid())"

private func remove(_ path: String) {
    for suffix in ["", "-wal", "-shm", "-journal", ".key"] { unlink(path + suffix) }
}

private func write(_ bytes: ArraySlice<UInt8>, to path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    require(fd >= 0, "cannot create \(path)")
    var offset = bytes.startIndex
    while offset < bytes.endIndex {
        let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        require(written > 0, "cannot write \(path)")
        offset += written
    }
    close(fd)
}

/// At most this many lines: the CSV reader ends a line at LF, CRLF or a bare CR.
private func maxLines(_ bytes: ArraySlice<UInt8>) -> Int {
    bytes.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") || $1 == UInt8(ascii: "\r") ? 1 : 0) }
}

/// A new database's bytes and key, made once: creating the schema for every input would cost most
/// of the time of a run. Each input starts from a copy.
private let template: (database: [UInt8], key: [UInt8]) = {
    let path = scratch + "-template.sqlite"
    remove(path)
    defer { remove(path) }
    do {
        _ = try Store(path: path, create: true)  // closed at once: the WAL is checkpointed into the file
    } catch {
        require(false, "cannot create the template database: \(error)")
    }
    let read = { (path: String) in FileManager.default.contents(atPath: path).map(Array.init) ?? [] }
    return (read(path), read(path + ".key"))
}()

func fuzzIngest(_ bytes: [UInt8], format: IngestFormat) {
    var settings = settings
    settings.format = format
    let files: [ArraySlice<UInt8>] = bytes.split(separator: 0x0C, maxSplits: 1, omittingEmptySubsequences: false)
    let database = scratch + ".sqlite"
    remove(database)
    defer { remove(database) }
    write(template.database[...], to: database)
    write(template.key[...], to: database + ".key")
    do {
        let store = try Store(path: database)
        for (index, file) in files.enumerated() {
            let path = "\(scratch)-\(index).csv"
            write(file, to: path)
            defer { unlink(path) }
            let report: IngestReport
            do {
                report = try Ingestion(store: store).ingest(file: path, kind: .cdr, settings: settings)
            } catch is IngestFileError {
                continue
            }
            if report.alreadyIngested { continue }
            let counted = report.rowsAccepted + report.rowsDuplicate + report.rowsRejected + report.rowsIgnored
            require(counted == report.rowsRead, "rows do not add up: \(report)")
            for reject in report.firstRejects {
                require(reject.line >= 1 && reject.line <= maxLines(file), "reject outside the file: \(reject)")
                require(reject.column >= 1, "reject without a column: \(reject)")
                require(!reject.field.isEmpty && !reject.reason.isEmpty, "reject without field or reason: \(reject)")
            }
            let again = try Ingestion(store: store).ingest(file: path, kind: .cdr, settings: settings)
            // A file of which no row was stored is a failed ingest: it may be tried again (and
            // fails the same way); any other is a no-op the second time.
            if report.noRowStored {
                require(!again.alreadyIngested && again.noRowStored && again.rowsRejected == report.rowsRejected,
                        "a failed ingest tried again did not fail the same way: \(again)")
            } else {
                require(again.alreadyIngested, "the same bytes were ingested twice")
            }
        }
        let problems = try Maintenance(store: store).integrityProblems()
        require(problems.isEmpty, "check found: \(problems)")
    } catch {
        require(false, "unexpected error: \(error)")
    }
}
