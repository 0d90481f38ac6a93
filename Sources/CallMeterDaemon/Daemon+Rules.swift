import CallMeter
import Foundation

/// The rules in force and `SIGHUP`.
///
/// The daemon works with one `RuleSet`, loaded at start and replaced on `SIGHUP` only when every
/// file of the new set loads (`asterisk.json`, `report.json` and `staffing.json` included; they may be absent):
/// otherwise each error is logged with its `file:line:column` and the set in force stays. An edit
/// without `SIGHUP` changes nothing.
///
/// At start the five required files must load (else the daemon does not start), but a broken
/// `asterisk.json` is tolerated: only the Asterisk folders need it, so their files wait (one log
/// line each) while native CDRs, ratings and agents go through, until a fixed set is loaded. So is
/// a broken `report.json`: only the morning page needs it, so each night scores and publishes the
/// feed, and the page fails (logged, retried) until a fixed set is loaded. And so is a broken
/// `staffing.json`: the morning page is written with its Coverage section saying why coverage is not
/// available.
extension Daemon {
    func reloadRules() {
        let fresh: RuleSet
        do {
            fresh = try RuleSet.load(directory: URL(fileURLWithPath: options.rulesDirectory, isDirectory: true))
        } catch {
            for problem in error.errors { logReloadFailure(problem) }
            return
        }
        let problems = [fresh.asteriskError, fresh.reportError, fresh.staffingError].compactMap { $0 }
        guard problems.isEmpty else {
            for problem in problems { logReloadFailure(problem) }
            return
        }
        rules = fresh
        heldForRules = []
        // A page that failed (a broken report.json, say) is tried again at once with the new set.
        pageRetry = nil
        log.info("rules-reloaded", ["rules": options.rulesDirectory, "timezone": fresh.center.timeZone.identifier])
    }

    private func logReloadFailure(_ problem: RulesError) {
        log.error("rules-reload-failed", [
            "rules": options.rulesDirectory, "at": Self.location(of: problem), "error": "\(problem)",
            "action": "keeping the rules in force",
        ])
    }

    /// Says at start which inbox folders wait for their rules.
    func logHeldKinds() {
        if let problem = rules.reportError {
            log.error("rules-invalid", [
                "at": Self.location(of: problem), "error": "\(problem)",
                "action": "no morning page is written until \(ReportRules.fileName) is fixed and callmeterd gets SIGHUP; the feed is published as usual",
            ])
        }
        if let problem = rules.staffingError {
            log.error("rules-invalid", [
                "at": Self.location(of: problem), "error": "\(problem)",
                "action": "the morning page says coverage is not available until \(StaffingRules.fileName) is fixed and callmeterd gets SIGHUP",
            ])
        }
        guard let problem = rules.asteriskError else { return }
        let folders = InboxKind.allCases.filter(\.needsAsteriskRules).map { $0.folder + "/" }
        log.error("rules-invalid", [
            "at": Self.location(of: problem), "error": "\(problem)",
            "action": "files in \(folders.joined(separator: " and ")) wait until \(AsteriskRules.fileName) is fixed and callmeterd gets SIGHUP",
        ])
    }

    /// Whether `candidate` must wait because the rules its kind needs do not load; logs the first
    /// time a file waits.
    func holdsForRules(_ candidate: InboxCandidate) -> Bool {
        guard candidate.kind.needsAsteriskRules, let problem = rules.asteriskError else { return false }
        // A file left for later: `--once` says so with its exit status.
        hadTemporaryFailure = true
        if heldForRules.insert(candidate.path).inserted {
            log.warning("held", [
                "file": candidate.path, "kind": candidate.kind.folder,
                "reason": "\(Self.location(of: problem)): \(AsteriskRules.fileName) does not load; fix it and send SIGHUP",
            ])
        }
        return true
    }

    /// `FILE:LINE:COLUMN` of a rules error (just `FILE` when it concerns the whole file).
    static func location(of problem: RulesError) -> String {
        guard let line = problem.line, let column = problem.column else { return problem.file }
        return "\(problem.file):\(line):\(column)"
    }
}
