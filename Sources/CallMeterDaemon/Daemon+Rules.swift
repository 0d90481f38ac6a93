import CallMeter
import Foundation

/// The rules in force and `SIGHUP`.
///
/// The daemon works with one `RuleSet`, loaded at start and replaced on `SIGHUP` only when every
/// file of the new set loads (`asterisk.json`, `freeswitch.json`, `report.json` and `staffing.json`
/// included; they may be absent):
/// otherwise each error is logged with its `file:line:column` and the set in force stays. An edit
/// without `SIGHUP` changes nothing.
///
/// At start the required files must load (else the daemon does not start), but a broken
/// `asterisk.json` is tolerated: only the Asterisk folders need it, so their files wait (one log
/// line each) while native CDRs, ratings and agents go through, until a fixed set is loaded; so is
/// a broken `freeswitch.json`, for the `freeswitch-csv` folder. So is
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
        let problems = [fresh.asteriskError, fresh.freeswitchError, fresh.reportError, fresh.staffingError].compactMap { $0 }
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
        for pbx in InboxKind.PBXRules.allCases {
            guard let problem = problem(with: pbx) else { continue }
            let folders = InboxKind.allCases.filter { $0.pbxRules == pbx }.map { $0.folder + "/" }
            log.error("rules-invalid", [
                "at": Self.location(of: problem), "error": "\(problem)",
                "action": "files in \(folders.joined(separator: " and ")) wait until \(pbx.fileName) is fixed and callmeterd gets SIGHUP",
            ])
        }
    }

    /// Why the rule file of `pbx` does not load in the set in force, if it does not.
    func problem(with pbx: InboxKind.PBXRules) -> RulesError? {
        switch pbx {
        case .asterisk: rules.asteriskError
        case .freeswitch: rules.freeswitchError
        }
    }

    /// Whether `candidate` must wait because the rules its kind needs do not load; logs the first
    /// time a file waits.
    func holdsForRules(_ candidate: InboxCandidate) -> Bool {
        guard let pbx = candidate.kind.pbxRules, let problem = problem(with: pbx) else { return false }
        // A file left for later: `--once` says so with its exit status.
        hadTemporaryFailure = true
        if heldForRules.insert(candidate.path).inserted {
            log.warning("held", [
                "file": candidate.path, "kind": candidate.kind.folder,
                "reason": "\(Self.location(of: problem)): \(pbx.fileName) does not load; fix it and send SIGHUP",
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
