import CallMeter
import Foundation
import Glibc

extension Daemon {
    /// Takes every settled file of the inbox, in pass order, until done or asked to stop.
    func passInbox() {
        let findings = scanner.scan(nowMilliseconds: now())
        deferred = deferred.filter { (try? FileStatus.of(entry: $0.key)) != nil }
        for finding in findings {
            if control.stopRequested { return }
            switch finding {
            case .folderProblem(let path, let reason):
                log.error("inbox-folder", ["folder": path, "error": reason])
            case .skipped(let path, let reason):
                log.warning("skipped", ["file": path, "reason": reason])
            case .ready(let candidate):
                if holdsForRules(candidate) { continue }
                if let later = deferred[candidate.path], later.status == candidate.status, later.retryAtMilliseconds > now() {
                    continue
                }
                take(candidate)
            }
        }
    }

    /// Ingests one file and moves it to the archive (or `failed/`).
    func take(_ candidate: InboxCandidate) {
        let started = now()
        // Read through a descriptor opened without following links and checked to be the file that
        // was found: a name swapped for a link meanwhile is not read.
        let fd = open(candidate.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            let error = SystemError("open", candidate.path)
            scanner.forget(candidate.path)
            switch error.code {
            case ENOENT: return  // taken away meanwhile
            case ELOOP: log.warning("skipped", ["file": candidate.path, "reason": "became a symbolic link"])
            case EACCES, EPERM: fail(candidate, reason: "cannot read the file: \(String(cString: strerror(error.code)))", started: started)
            default: postpone(candidate, error: "\(error)")
            }
            return
        }
        defer { close(fd) }
        guard let opened = try? FileStatus.of(descriptor: fd, path: candidate.path), opened.isRegularFile,
              opened.sameFile(as: candidate.status), opened.size == candidate.status.size,
              opened.modified == candidate.status.modified
        else {
            scanner.forget(candidate.path)
            log.info("changed", ["file": candidate.path, "reason": "the file changed after it was found; it settles again"])
            return
        }
        let readPath = Self.procDescriptorPathsWork ? "/proc/self/fd/\(fd)" : candidate.path
        log.info("ingest-start", ["file": candidate.path, "kind": candidate.kind.folder, "bytes": candidate.status.size])
        record(activity: "ingesting \(candidate.path)")
        defer { heartbeat() }

        let report: IngestReport
        do {
            report = try ingester.ingest(
                file: readPath, name: candidate.path, kind: candidate.kind.ingestKind, format: candidate.kind.format,
                settings: try ingestSettings(for: candidate.kind), store: store)
        } catch let error as IngestFileError {
            fail(candidate, reason: Self.describe(error, file: candidate.path), started: started)
            return
        } catch let error as UnsupportedFormat {
            fail(candidate, reason: error.description, started: started, remedy: "")
            return
        } catch let error as SQLiteError where error.isInterrupt && control.stopRequested {
            log.warning("rolled-back", [
                "file": candidate.path, "reason": "stopping: the ingest was interrupted and rolled back; the file stays in the inbox",
                "ms": now() - started,
            ])
            return
        } catch {
            postpone(candidate, error: "\(error)")
            return
        }
        archive(candidate, report: report, started: started)
    }

    /// Moves an ingested file to `archive/YYYY-MM-DD/` (local date), its rejects (or, for a
    /// duplicate, a note and the rejects of the earlier batch) beside it.
    private func archive(_ candidate: InboxCandidate, report: IngestReport, started: Int64) {
        let day = clock.localDate(at: now() / 1000)
        let directory = layout.archive + "/" + day.description
        do {
            try FileMover.makeDirectory(directory)
            let name = try FileMover.freeName(for: candidate.name, in: directory)
            let destination = directory + "/" + name
            if report.alreadyIngested {
                let earlier = try store.batch(id: report.batchID)
                try FileMover.write(to: destination + ".duplicate.txt", scratch: layout.scratch) { writer in
                    var note = "\(candidate.path): the same bytes (SHA-256) were ingested before, as batch \(report.batchID)"
                    if let earlier {
                        note += " (\(earlier.fileName), \(Timestamp.formatUTC(milliseconds: earlier.startedAtMilliseconds)))"
                    }
                    try writer.write(note + ". Nothing was stored again.\n")
                }
                if let earlier, earlier.rowsRejected > 0 {
                    try writeRejects(batch: report.batchID, to: destination + ".rejects.csv")
                }
            } else if report.rowsRejected > 0 {
                try writeRejects(batch: report.batchID, to: destination + ".rejects.csv")
            }
            try FileMover.move(candidate.path, to: destination)
            scanner.forget(candidate.path)
            deferred[candidate.path] = nil
            let archived = "archive/\(day)/\(name)"
            if report.alreadyIngested {
                log.info("duplicate", [
                    "file": candidate.path, "kind": candidate.kind.folder, "batch": report.batchID, "archived": archived,
                    "ms": now() - started,
                ])
            } else {
                let level: EventLog.Level = report.rowsRejected > 0 ? .warning : .info
                log.log(level, "ingested", [
                    "file": candidate.path, "kind": candidate.kind.folder, "format": candidate.kind.format, "batch": report.batchID,
                    "rows": report.rowsRead, "accepted": report.rowsAccepted, "duplicates": report.rowsDuplicate,
                    "rejected": report.rowsRejected, "archived": archived, "ms": now() - started,
                ])
            }
            for warning in report.warnings {
                log.warning("ingest-warning", ["file": candidate.path, "warning": warning])
            }
        } catch {
            // The rows are stored: the next pass finds the same bytes and archives them as a duplicate.
            postpone(candidate, error: "ingested (batch \(report.batchID)) but not archived: \(error)")
        }
    }

    private func writeRejects(batch: Int64, to path: String) throws {
        try FileMover.write(to: path, scratch: layout.scratch) { writer in
            try writer.write(RejectsCSV.header)
            try store.forEachReject(batch: batch) { reject in
                try writer.write(bytes: RejectsCSV.row(
                    line: reject.line, column: reject.column, field: reject.field, reason: reject.reason, raw: reject.raw))
            }
        }
    }

    /// Moves a file that cannot be ingested at all to `failed/`, with `NAME.error.txt` beside it.
    private func fail(
        _ candidate: InboxCandidate, reason: String, started: Int64,
        remedy: String = "Fix the file and drop it into the inbox again."
    ) {
        do {
            let name = try FileMover.freeName(for: candidate.name, in: layout.failed)
            let destination = layout.failed + "/" + name
            try FileMover.write(to: destination + ".error.txt", scratch: layout.scratch) { writer in
                try writer.write("""
                    file: \(candidate.path)
                    kind: \(candidate.kind.folder) (\(candidate.kind.ingestKind.rawValue), format \(candidate.kind.format))
                    failed at: \(Timestamp.formatUTC(milliseconds: now()))
                    error: \(reason)
                    Nothing of this file was stored.\(remedy.isEmpty ? "" : " " + remedy)

                    """)
            }
            try FileMover.move(candidate.path, to: destination)
            scanner.forget(candidate.path)
            deferred[candidate.path] = nil
            log.error("failed", [
                "file": candidate.path, "kind": candidate.kind.folder, "error": reason, "moved": "failed/\(name)", "ms": now() - started,
            ])
        } catch {
            postpone(candidate, error: "could not be ingested (\(reason)) and could not be moved to failed/: \(error)")
        }
    }

    /// Leaves a file in the inbox after a failure that may pass; tries it again after a backoff
    /// (one poll interval, doubling up to ten minutes), or as soon as it changes.
    private func postpone(_ candidate: InboxCandidate, error: String) {
        hadTemporaryFailure = true
        let failures = (deferred[candidate.path]?.failures ?? 0) + 1
        let delay = min(Int64(options.pollSeconds) << Int64(min(failures - 1, 20)), 600)
        deferred[candidate.path] = (candidate.status, failures, now() + delay * 1000)
        log.error("retry-later", ["file": candidate.path, "error": error, "attempt": failures, "retry_in": delay])
    }

    static func describe(_ error: IngestFileError, file: String) -> String {
        switch error {
        case .unreadable(_, let reason): "cannot read the file: \(reason)"
        case .header(let line, let column, let reason): "\(file):\(line):\(column): \(reason)"
        default: error.description
        }
    }

    /// Whether `/proc/self/fd/N` opens the file behind descriptor N (Linux with /proc mounted).
    static let procDescriptorPathsWork: Bool = {
        let fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let again = open("/proc/self/fd/\(fd)", O_RDONLY | O_CLOEXEC)
        guard again >= 0 else { return false }
        close(again)
        return true
    }()
}
