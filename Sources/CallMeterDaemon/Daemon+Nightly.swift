import CallMeter
import Foundation

extension Daemon {
    /// Runs the nightly job when it is due and records the attempt. Returns when the job next
    /// needs a look (Unix seconds).
    func runNightlyIfDue(startUp: Bool) -> Int64 {
        let seconds = now() / 1000
        let planner = planner
        let decision: NightlyPlanner.Decision
        do {
            let lastSucceeded = try DaemonRecords(store: store).lastSuccessfulNightlyRun().flatMap { CalendarDate($0.slot) }
            let due = planner.schedule.latestSlot(atOrBefore: seconds)
            let lastAttempt = try DaemonRecords(store: store).lastNightlyRun(slot: due.description).map {
                NightlyAttempt(
                    slot: due, attempt: $0.attempt, succeeded: $0.outcome == .ok,
                    finishedAt: ($0.finishedAtMilliseconds ?? $0.startedAtMilliseconds) / 1000)
            }
            decision = planner.decide(now: seconds, lastSucceeded: lastSucceeded, lastAttempt: lastAttempt, ignoringBackoff: startUp)
        } catch {
            hadTemporaryFailure = true
            log.error("db-error", ["doing": "read the nightly runs", "error": "\(error)"])
            return seconds + Int64(options.pollSeconds)
        }
        switch decision {
        case .wait(let until):
            return until
        case .run(let slot, let attempt):
            run(slot: slot, attempt: attempt, planner: planner)
            return seconds + Int64(options.pollSeconds)
        }
    }

    private func run(slot: CalendarDate, attempt: Int, planner: NightlyPlanner) {
        let asOf = slot.adding(days: -1)
        let started = now()
        let runID: Int64
        do {
            runID = try DaemonRecords(store: store).beginNightlyRun(slot: slot.description, asOf: asOf.description, attempt: attempt, atMilliseconds: started)
        } catch {
            hadTemporaryFailure = true
            log.error("db-error", ["doing": "record the nightly run", "error": "\(error)"])
            return
        }
        log.info("nightly-start", ["slot": slot, "as_of": asOf, "attempt": attempt])
        record(activity: "running the nightly job of \(slot) (attempt \(attempt))")
        defer { heartbeat() }
        let clock = now
        let request = NightlyRequest(slot: slot, asOf: asOf, rules: rules, store: store, now: { clock() / 1000 })
        var outcome = NightlyRunRecord.Outcome.ok
        var detail: String
        do {
            let summary = try job.run(request)
            detail = summary.text
            if !summary.publishedNewWeights { detail += renewFeeds(slot: slot, reason: summary.text, planner: planner) }
        } catch {
            outcome = .failed
            detail = CommandLineHints.message(for: error)
            detail += renewFeeds(slot: slot, reason: detail, planner: planner)
        }
        do {
            try DaemonRecords(store: store).finishNightlyRun(id: runID, outcome: outcome, detail: detail, atMilliseconds: now())
        } catch {
            hadTemporaryFailure = true
            log.error("db-error", ["doing": "record the nightly outcome", "error": "\(error)"])
        }
        if outcome == .ok {
            log.info("nightly-done", ["slot": slot, "as_of": asOf, "attempt": attempt, "ms": now() - started, "summary": detail])
        } else {
            hadTemporaryFailure = true
            log.error("nightly-failed", [
                "slot": slot, "as_of": asOf, "attempt": attempt, "ms": now() - started, "error": detail,
                "retry_in": planner.backoffSeconds(afterFailures: attempt), "feed": "previous feed kept",
            ])
        }
    }
}
