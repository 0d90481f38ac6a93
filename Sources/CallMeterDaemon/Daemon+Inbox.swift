import CallMeter
import Foundation
import Glibc

extension Daemon {
    /// Creates the inbox's folders (exact modes), opens them once, finishes what a killed daemon
    /// left half done, and empties the scratch folder.
    func prepareInbox() throws {
        for mismatch in try layout.prepare() {
            log.warning("folder-mode", [
                "folder": mismatch.path, "mode": Folder.octal(mismatch.mode), "expected": Folder.octal(mismatch.expected),
                "action": "left as it is; chmod \(Folder.octal(mismatch.expected)) \(mismatch.path) for the documented mode",
            ])
        }
        let folders = try InboxFolders(layout: layout)
        inbox.folders = folders
        recoverInbox(folders)
        // What a daemon killed while writing left behind (its in-hand journal excepted).
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folders.scratch.path)) ?? []
        where name != InHandJournal.fileName {
            _ = unlinkat(folders.scratch.fd, name, 0)
        }
    }

    /// Finishes, from the in-hand journal, the files a killed daemon had in hand: a file both in the
    /// inbox and at its destination (killed between link and unlink) loses its inbox entry; notes
    /// written at a destination the file never reached are removed; a file still in the inbox keeps
    /// its entry, so that its next take knows whether a committed batch is its own.
    private func recoverInbox(_ folders: InboxFolders) {
        guard let journal = inbox.journal else { return }
        let entries: [InHandEntry]
        do {
            entries = try journal.read()
        } catch {
            log.warning("in-hand-journal", [
                "journal": folders.scratch.path + "/" + InHandJournal.fileName, "error": "\(error)",
                "action": "ignored: files in the inbox are taken again",
            ])
            return
        }
        var kept: [InHandEntry] = []
        for var entry in entries {
            guard let kind = InboxKind(rawValue: entry.kind) else { continue }
            let source = folders.folder(kind)
            let sourcePath = source.path + "/" + entry.name
            let inInbox = (try? source.status(of: entry.name)).flatMap { $0 }
                .map { $0.identity == entry.identity } ?? false
            if let target = entry.destination, let destination = destinationFolder(target.folder, in: folders) {
                let name = target.name
                let there = (try? destination.status(of: name)).flatMap { $0 }
                if let there, there.identity == entry.identity {
                    if inInbox {
                        guard unlinkat(source.fd, entry.name, 0) == 0 else {
                            // Kept with its destination: its next take finishes the move.
                            kept.append(entry)
                            continue
                        }
                        source.sync()
                        log.info("recovered", [
                            "file": sourcePath, "moved": target.path,
                            "reason": "the daemon was stopped between linking the file and removing it from the inbox",
                        ])
                    }
                    continue
                }
                if there == nil {
                    var removed: [String] = []
                    for suffix in DerivedName.companionSuffixes where unlinkat(destination.fd, name + suffix, 0) == 0 {
                        removed.append(target.path + suffix)
                    }
                    if !removed.isEmpty {
                        destination.sync()
                        log.info("recovered", [
                            "file": sourcePath, "removed": removed.joined(separator: ","),
                            "reason": "notes written before the daemon was stopped, without their file; they are written again",
                        ])
                    }
                }
            }
            if inInbox {
                entry.destination = nil
                kept.append(entry)
            }
        }
        inbox.inHand = kept
        if kept != entries { saveJournal() }
    }

    private func destinationFolder(_ name: String, in folders: InboxFolders) -> OpenedFolder? {
        if name == "failed" { return folders.failed }
        guard name.hasPrefix("archive/") else { return nil }
        let day = String(name.dropFirst("archive/".count))
        return try? OpenedFolder(day, in: folders.archive, path: folders.archive.path + "/" + day)
    }

    /// Writes the in-hand journal. A failure is logged: the journal only makes a later recovery
    /// exact, the files stay safe without it.
    @discardableResult
    private func saveJournal() -> Bool {
        do {
            try inbox.journal?.write(inbox.inHand)
            return true
        } catch {
            log.error("in-hand-journal", ["error": "\(error)"])
            return false
        }
    }

    /// Entries of files no longer in the inbox as they were taken (removed or replaced by hand).
    private func forgetInHandFilesGone() {
        guard let folders = inbox.folders, !inbox.inHand.isEmpty else { return }
        let before = inbox.inHand.count
        inbox.inHand.removeAll { entry in
            guard let kind = InboxKind(rawValue: entry.kind),
                  let status = (try? folders.folder(kind).status(of: entry.name)).flatMap({ $0 })
            else { return true }
            return status.identity != entry.identity
        }
        if inbox.inHand.count != before { saveJournal() }
    }

    private func setInHand(_ entry: InHandEntry) {
        inbox.inHand.removeAll { $0.kind == entry.kind && $0.name == entry.name }
        inbox.inHand.append(entry)
        saveJournal()
    }

    private func dropInHand(_ candidate: InboxCandidate) {
        let before = inbox.inHand.count
        inbox.inHand.removeAll { $0.kind == candidate.kind.folder && $0.name == candidate.name }
        if inbox.inHand.count != before { saveJournal() }
    }

    /// Takes every settled file of the inbox, in pass order (files a killed daemon had in hand
    /// first), until done or asked to stop.
    func passInbox() {
        let findings = scanner.scan(nowMilliseconds: now())
        deferred = deferred.filter { (try? FileStatus.of(entry: $0.key)) != nil }
        forgetInHandFilesGone()
        let resumed = findings.filter { if case .ready(let c) = $0 { return inbox.inHand.contains { $0.isEntry(of: c) } } else { return false } }
        let others = findings.filter { if case .ready(let c) = $0 { return !inbox.inHand.contains { $0.isEntry(of: c) } } else { return true } }
        for finding in resumed + others {
            if control.stopRequested { return }
            switch finding {
            case .folderProblem(let path, let reason):
                log.error("inbox-folder", ["folder": path, "error": reason])
            case .skipped(let path, let reason):
                log.warning("skipped", ["file": path, "reason": reason])
            case .waiting(let path, let milliseconds):
                if options.once { inbox.leftWaiting = true }
                log.info("waiting", [
                    "file": path, "settles_in": (milliseconds + 999) / 1000,
                    "reason": "the file changed less than \(options.settleSeconds) s ago; it is taken once it has settled",
                ])
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
        guard let folders = inbox.folders else { return }
        let source = folders.folder(candidate.kind)
        do {
            try folders.verify(folders.path(for: candidate.kind))
        } catch {
            postpone(candidate, error: error.description, event: "folder-swapped")
            return
        }
        // Read through a descriptor opened without following links and checked to be the file that
        // was found: a name swapped for a link meanwhile is not read.
        let fd = openat(source.fd, candidate.name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            let error = SystemError("open", candidate.path)
            scanner.forget(candidate.path)
            switch error.code {
            case ENOENT: dropInHand(candidate)  // taken away meanwhile
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
        // In hand from now on: the journal says which batches are newer than this take.
        var entry: InHandEntry
        let resumed = inbox.inHand.first { $0.isEntry(of: candidate) }
        // A file taken before may be stored already: its entry stays until it is archived.
        let dropUnlessResumed = { if resumed == nil { self.dropInHand(candidate) } }
        if let resumed {
            entry = resumed
            if reachedDestination(entry) {
                finishMove(candidate, entry: entry)
                return
            }
        } else {
            do {
                entry = InHandEntry(
                    kind: candidate.kind.folder, name: candidate.name, identity: candidate.status.identity,
                    lastBatchBefore: try store.lastBatchID())
            } catch {
                postpone(candidate, error: "\(error)")
                return
            }
        }
        setInHand(entry)

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
            fail(candidate, entry: entry, reason: Self.describe(error, file: candidate.path), started: started)
            return
        } catch let error as UnsupportedFormat {
            fail(candidate, entry: entry, reason: error.description, started: started, remedy: "")
            return
        } catch let error as SQLiteError where error.isInterrupt && control.stopRequested {
            dropUnlessResumed()
            log.warning("rolled-back", [
                "file": candidate.path, "reason": "stopping: the ingest was interrupted and rolled back; the file stays in the inbox",
                "ms": now() - started,
            ])
            return
        } catch {
            dropUnlessResumed()
            postpone(candidate, error: "\(error)")
            return
        }
        TestHook.stop(at: .afterCommit)
        if report.noRowStored {
            // A failed ingest: its batch and rejects are kept (for `callmeter rejects`), but the
            // file is not counted as ingested, so it goes to failed/ and may be dropped again.
            fail(candidate, entry: entry, reason: Self.describeNoRowStored(report), started: started,
                 remedy: "Drop it into the inbox folder of its real kind and format (or fix the rules) to ingest it again.",
                 rejectsOf: report.batchID)
            return
        }
        archive(candidate, entry: entry, report: report, started: started)
    }

    /// Moves an ingested file to `archive/YYYY-MM-DD/` (local date), its rejects (or, for a
    /// duplicate, a note and the rejects of the earlier batch) beside it.
    ///
    /// Bytes found in a batch newer than the take (`entry.lastBatchBefore`) were stored by this very
    /// file — by this take, or by one a killed daemon did not finish — so the file is archived as
    /// ingested, with its rejects, never as a duplicate of itself.
    private func archive(_ candidate: InboxCandidate, entry: InHandEntry, report: IngestReport, started: Int64) {
        let ingestedHere = !report.alreadyIngested || report.batchID > entry.lastBatchBefore
        let day = clock.localDate(at: now() / 1000)
        var entry = entry
        do {
            guard let folders = inbox.folders else { return }
            try folders.verify(folders.path(for: candidate.kind))
            let directory = try folders.archive.subfolder(day.description, mode: mode_t(InboxLayout.archiveMode))
            let earlier = report.alreadyIngested ? try store.batch(id: report.batchID) : nil
            let rowsRejected = report.alreadyIngested ? (earlier?.rowsRejected ?? 0) : report.rowsRejected
            let (name, shortened) = try FileMover.freeName(for: candidate.name, in: directory)
            entry.destination = InHandEntry.Destination(folder: "archive/\(day)", name: name)
            setInHand(entry)
            if shortened { logShortened(candidate, as: "archive/\(day)/\(name)") }
            if !ingestedHere {
                try FileMover.write(name + ".duplicate.txt", in: directory, scratch: folders.scratch) { writer in
                    var note = "\(candidate.path): the same bytes (SHA-256) were ingested before, as batch \(report.batchID)"
                    if let earlier {
                        note += " (\(earlier.fileName), \(Timestamp.formatUTC(milliseconds: earlier.startedAtMilliseconds)))"
                    }
                    try writer.write(note + ". Nothing was stored again.\n")
                }
            }
            if rowsRejected > 0 {
                try writeRejects(batch: report.batchID, to: name + ".rejects.csv", in: directory, scratch: folders.scratch)
            }
            TestHook.stop(at: .afterNotes)
            try FileMover.move(candidate.name, from: folders.folder(candidate.kind), expected: candidate.status, to: directory, as: name)
            dropInHand(candidate)
            scanner.forget(candidate.path)
            deferred[candidate.path] = nil
            let archived = "archive/\(day)/\(name)"
            if !ingestedHere {
                log.info("duplicate", [
                    "file": candidate.path, "kind": candidate.kind.folder, "batch": report.batchID, "archived": archived,
                    "ms": now() - started,
                ])
            } else if report.alreadyIngested {
                // Stored by a take a killed (or refused) daemon did not finish: said as ingested.
                log.log(rowsRejected > 0 ? .warning : .info, "ingested", [
                    "file": candidate.path, "kind": candidate.kind.folder, "format": candidate.kind.format, "batch": report.batchID,
                    "rows": earlier?.rowsRead ?? 0, "accepted": earlier?.rowsAccepted ?? 0, "duplicates": earlier?.rowsDuplicate ?? 0,
                    "rejected": rowsRejected, "archived": archived, "resumed": "stored before the daemon was stopped; archived now",
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
            // The rows are stored and the file stays in hand: the next try finds the same bytes in a
            // batch newer than the take and archives the file as ingested.
            if !reachedDestination(entry) {
                removeNotes(of: entry)
                entry.destination = nil
            }
            setInHand(entry)
            let event = error is InboxError ? "folder-swapped" : "retry-later"
            postpone(candidate, error: "ingested (batch \(report.batchID)) but not archived: \(error)", event: event)
        }
    }

    /// Whether the file of `entry` is at its destination already (linked there, the inbox entry not
    /// yet removed).
    private func reachedDestination(_ entry: InHandEntry) -> Bool {
        guard let folders = inbox.folders, let target = entry.destination, let destination = destinationFolder(target.folder, in: folders),
              let there = (try? destination.status(of: target.name)).flatMap({ $0 })
        else { return false }
        return there.identity == entry.identity
    }

    /// Removes from the inbox a file already linked at its destination (the unlink failed before).
    private func finishMove(_ candidate: InboxCandidate, entry: InHandEntry) {
        let source = inbox.folders?.folder(candidate.kind)
        guard let source, unlinkat(source.fd, candidate.name, 0) == 0 else {
            postpone(candidate, error: "\(SystemError("unlink", candidate.path)) (the file is already at \(entry.destination?.path ?? "/"))")
            return
        }
        source.sync()
        dropInHand(candidate)
        scanner.forget(candidate.path)
        deferred[candidate.path] = nil
        log.info("recovered", [
            "file": candidate.path, "moved": entry.destination?.path ?? "/",
            "reason": "the file was at its destination already; its inbox entry is removed",
        ])
    }

    /// Removes the notes written for `entry` at a destination the file did not reach.
    private func removeNotes(of entry: InHandEntry) {
        guard let folders = inbox.folders, let target = entry.destination, let destination = destinationFolder(target.folder, in: folders),
              (try? destination.status(of: target.name)).flatMap({ $0 }) == nil
        else { return }
        for suffix in DerivedName.companionSuffixes { _ = unlinkat(destination.fd, target.name + suffix, 0) }
    }

    private func logShortened(_ candidate: InboxCandidate, as destination: String) {
        log.warning("name-shortened", [
            "file": candidate.path, "as": destination,
            "reason": "the name with its notes (.rejects.csv, .error.txt, .duplicate.txt) would exceed \(DerivedName.nameMax) bytes",
        ])
    }

    private func writeRejects(batch: Int64, to name: String, in directory: OpenedFolder, scratch: OpenedFolder) throws {
        try FileMover.write(name, in: directory, scratch: scratch) { writer in
            try writer.write(RejectsCSV.header)
            try store.forEachReject(batch: batch) { reject in
                try writer.write(bytes: RejectsCSV.row(
                    line: reject.line, column: reject.column, field: reject.field, reason: reject.reason, raw: reject.raw))
            }
        }
    }

    /// What `error.txt` says of a file whose every row was rejected.
    static func describeNoRowStored(_ report: IngestReport) -> String {
        "no row could be stored: all \(report.rowsRejected) rejected (batch \(report.batchID); see the .rejects.csv beside this note);"
            + " the file is probably not of this folder's kind and format"
    }

    /// Moves a file that cannot be ingested at all to `failed/`, with `NAME.error.txt` beside it
    /// (and `NAME.rejects.csv` when its rows were read and all rejected: `rejectsOf` is their batch).
    private func fail(
        _ candidate: InboxCandidate, entry: InHandEntry? = nil, reason: String, started: Int64,
        remedy: String = "Fix the file and drop it into the inbox again.", rejectsOf batch: Int64? = nil
    ) {
        var entry = entry ?? InHandEntry(
            kind: candidate.kind.folder, name: candidate.name, identity: candidate.status.identity, lastBatchBefore: .max)
        do {
            guard let folders = inbox.folders else { return }
            try folders.verify(folders.path(for: candidate.kind))
            let (name, shortened) = try FileMover.freeName(for: candidate.name, in: folders.failed)
            entry.destination = InHandEntry.Destination(folder: "failed", name: name)
            setInHand(entry)
            if shortened { logShortened(candidate, as: "failed/\(name)") }
            try FileMover.write(name + ".error.txt", in: folders.failed, scratch: folders.scratch) { writer in
                try writer.write("""
                    file: \(candidate.path)
                    kind: \(candidate.kind.folder) (\(candidate.kind.ingestKind.rawValue), format \(candidate.kind.format))
                    failed at: \(Timestamp.formatUTC(milliseconds: now()))
                    error: \(reason)
                    Nothing of this file was stored.\(remedy.isEmpty ? "" : " " + remedy)

                    """)
            }
            if let batch {
                try writeRejects(batch: batch, to: name + ".rejects.csv", in: folders.failed, scratch: folders.scratch)
            }
            TestHook.stop(at: .afterErrorNote)
            try FileMover.move(candidate.name, from: folders.folder(candidate.kind), expected: candidate.status, to: folders.failed, as: name)
            dropInHand(candidate)
            scanner.forget(candidate.path)
            deferred[candidate.path] = nil
            log.error("failed", [
                "file": candidate.path, "kind": candidate.kind.folder, "error": reason, "moved": "failed/\(name)", "ms": now() - started,
            ])
        } catch {
            if reachedDestination(entry) {
                setInHand(entry)
            } else {
                removeNotes(of: entry)
                dropInHand(candidate)
            }
            let event = error is InboxError ? "folder-swapped" : "retry-later"
            postpone(candidate, error: "could not be ingested (\(reason)) and could not be moved to failed/: \(error)", event: event)
        }
    }

    /// Leaves a file in the inbox after a failure that may pass; tries it again after a backoff
    /// (one poll interval, doubling up to ten minutes), or as soon as it changes.
    private func postpone(_ candidate: InboxCandidate, error: String, event: String = "retry-later") {
        hadTemporaryFailure = true
        let failures = (deferred[candidate.path]?.failures ?? 0) + 1
        let delay = min(Int64(options.pollSeconds) << Int64(min(failures - 1, 20)), 600)
        deferred[candidate.path] = (candidate.status, failures, now() + delay * 1000)
        log.error(event, ["file": candidate.path, "error": error, "attempt": failures, "retry_in": delay])
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
