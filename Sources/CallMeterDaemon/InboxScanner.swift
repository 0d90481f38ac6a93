import Foundation

/// A file in a kind folder that is ready to be taken.
struct InboxCandidate: Sendable, Equatable {
    let kind: InboxKind
    let name: String
    let path: String
    let status: FileStatus
}

/// Finds the files to take in each kind folder: direct entries only (no recursion), regular files
/// only (`lstat`: a symbolic link is never followed), not hidden, not `*.part`/`*.tmp`, and settled:
/// their size and modification time have not changed for `settle` seconds.
///
/// Settled means either that the filesystem says so (the later of mtime and ctime is `settle`
/// seconds old: a file renamed into the inbox a minute ago is taken at once, and so is any file
/// found by `--once`), or that this scanner saw the same size, mtime and inode `settle` seconds
/// apart (a producer on a host whose clock runs ahead).
struct InboxScanner {
    let layout: InboxLayout
    let settleSeconds: Int

    private struct Observation {
        let status: FileStatus
        let firstSeenMilliseconds: Int64
    }

    private var observations: [String: Observation] = [:]
    /// Entries already reported as skipped, so that the log says it once.
    private var reported: Set<String> = []
    /// Files already reported as waiting to settle (once per file, however long it keeps growing).
    private var announced: Set<String> = []

    init(layout: InboxLayout, settleSeconds: Int) {
        self.layout = layout
        self.settleSeconds = settleSeconds
    }

    enum Finding {
        case ready(InboxCandidate)
        /// Not a regular file (a directory, a symbolic link, a device): never taken; said once.
        case skipped(path: String, reason: String)
        /// A kind folder that cannot be listed or is no longer a real directory.
        case folderProblem(path: String, reason: String)
        /// A file that has not settled yet: taken in a later pass (said once per file).
        case waiting(path: String, settlesInMilliseconds: Int64)
    }

    /// One look at every kind folder, in pass order. Files not ready yet are remembered.
    mutating func scan(nowMilliseconds now: Int64) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        for kind in InboxKind.passOrder {
            let folder = layout.folder(kind)
            do {
                _ = try InboxLayout.directory(folder, create: false)
            } catch {
                if reported.insert(folder).inserted { findings.append(.folderProblem(path: folder, reason: error.description)) }
                continue
            }
            reported.remove(folder)
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                if reported.insert(folder).inserted { findings.append(.folderProblem(path: folder, reason: "cannot list: \(error)")) }
                continue
            }
            var ready: [InboxCandidate] = []
            for name in names where !InboxLayout.isIgnoredName(name) {
                let path = folder + "/" + name
                guard let status = try? FileStatus.of(entry: path) else { continue }  // gone meanwhile
                seen.insert(path)
                guard status.isRegularFile else {
                    if reported.insert(path).inserted {
                        let what = status.isSymbolicLink ? "a symbolic link" : status.isDirectory ? "a directory" : "not a regular file"
                        findings.append(.skipped(path: path, reason: "\(what): only regular files are taken"))
                    }
                    continue
                }
                let remaining = settlesIn(path: path, status: status, now: now)
                if remaining == 0 {
                    ready.append(InboxCandidate(kind: kind, name: name, path: path, status: status))
                } else if announced.insert(path).inserted {
                    findings.append(.waiting(path: path, settlesInMilliseconds: remaining))
                }
            }
            ready.sort { ($0.status.modified, $0.name) < ($1.status.modified, $1.name) }
            findings += ready.map { .ready($0) }
        }
        observations = observations.filter { seen.contains($0.key) }
        announced = announced.filter { seen.contains($0) }
        reported = reported.filter { seen.contains($0) || isFolder($0) }
        return findings
    }

    /// Forgets a file (taken, moved away).
    mutating func forget(_ path: String) {
        observations[path] = nil
        reported.remove(path)
        announced.remove(path)
    }

    private func isFolder(_ path: String) -> Bool {
        InboxKind.allCases.contains { layout.folder($0) == path }
    }

    /// 0 when the file has settled, else how many milliseconds at most until it does (if it does not
    /// change meanwhile).
    private mutating func settlesIn(path: String, status: FileStatus, now: Int64) -> Int64 {
        let settle = Int64(settleSeconds) * 1000
        let firstSeen: Int64
        if let previous = observations[path],
           previous.status.sameFile(as: status), previous.status.size == status.size, previous.status.modified == status.modified {
            firstSeen = previous.firstSeenMilliseconds
        } else {
            firstSeen = now
            observations[path] = Observation(status: status, firstSeenMilliseconds: now)
        }
        let (quietFor, overflow) = now.subtractingReportingOverflow(status.lastChange / 1_000_000)
        if !overflow && quietFor >= settle { return 0 }
        let byObservation = settle - (now - firstSeen)
        if byObservation <= 0 { return 0 }
        return overflow || quietFor < 0 ? byObservation : min(byObservation, settle - quietFor)
    }
}
