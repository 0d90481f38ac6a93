import CallMeter
import Foundation

/// The morning page: after a nightly run succeeds, the QA report of its as-of date goes to the
/// folder of `report.json` (`MorningPageFiles`), with what arrived since the previous page.
///
/// A step of its own after the nightly job, so it never holds back the feed: the job has published
/// it (or kept the previous one) before the page is begun. The page that is due is the one of the
/// last successful nightly run; it is written when `latest.html` is that page (the last step of a
/// publish), read from the folder, so a restart, a fixed `report.json`, a step that failed halfway
/// or a page removed by hand all end with the page written. A failure is logged
/// and retried with the nightly job's backoff, without running the job again.
extension Daemon {
    /// Writes the page of the last successful nightly run when it is missing and not waiting for
    /// a retry.
    func writeMorningPageIfDue() {
        let due: CalendarDate
        do {
            guard let run = try DaemonRecords(store: store).lastSuccessfulNightlyRun(), let asOf = CalendarDate(run.asOf) else { return }
            due = asOf
        } catch {
            hadTemporaryFailure = true
            log.error("db-error", ["doing": "read the nightly runs", "error": "\(error)"])
            return
        }
        let started = now()
        if let retry = pageRetry, retry.asOf == due, started < retry.retryAtMilliseconds { return }
        if case .success(let report) = rules.report, MorningPageFiles(rules: report, databasePath: store.path).latestIsAtLeast(due) {
            pageRetry = nil
            return
        }
        record(activity: "writing the morning page of \(due)")
        do {
            let written = try writeMorningPage(asOf: due, at: started)
            pageRetry = nil
            log.info("report-written", [
                "as_of": due, "file": written.path, "latest": written.latest, "removed": written.removed,
                "late_batches": written.lateBatches, "ms": now() - started,
            ])
        } catch {
            hadTemporaryFailure = true
            let failures = (pageRetry?.asOf == due ? pageRetry?.failures ?? 0 : 0) + 1
            let wait = planner.backoffSeconds(afterFailures: failures)
            pageRetry = (due, failures, started + wait * 1000)
            if let problem = error as? RulesError {
                log.error("report-failed", [
                    "as_of": due, "attempt": failures, "at": Self.location(of: problem), "error": "\(problem)",
                    "action": "fix \(ReportRules.fileName) and send SIGHUP", "retry_in": wait, "feed": "published",
                ])
            } else {
                log.error("report-failed", [
                    "as_of": due, "attempt": failures, "error": "\(error)", "retry_in": wait, "feed": "published",
                ])
            }
        }
    }

    /// Gathers the report of `asOf` with the rules in force and publishes it.
    private func writeMorningPage(
        asOf: CalendarDate, at milliseconds: Int64
    ) throws -> (path: String, latest: String, removed: String, lateBatches: Int) {
        let reportRules = try rules.report.get()
        let files = MorningPageFiles(rules: reportRules, databasePath: store.path)
        let payroll = PayrollConfiguration(center: rules.center, tiers: rules.tiers, rules: rules.payroll)
        let generatedAt = Date(timeIntervalSince1970: TimeInterval(milliseconds / 1000))
        let report = try Reporting(store: store).qaReport(
            asOf: asOf, center: rules.center, scoring: rules.scoring, payroll: .success(payroll), weights: Weights.published(in: store),
            generatedAt: generatedAt, staffing: rules.staffing)
        let previous = files.keptDates().last { $0 < asOf }
        var arrivals: [LateArrival]?
        if let previous, let current = report.run,
           let previousRun = try files.headline(of: previous)?.runAsOf.flatMap({ try Scoring(store: store).scoreRun(asOf: $0) }) {
            arrivals = try Reporting(store: store).lateArrivals(since: previousRun, through: current)
        }
        let html = QAReportHTML.render(report, morning: MorningPageNotes(previousPage: previous, arrivals: arrivals))
        let removed = try files.publish(html, asOf: asOf, generatedAt: milliseconds / 1000)
        return (files.path(of: asOf), files.latestPath, removed.map(\.description).joined(separator: ","), arrivals?.count ?? 0)
    }
}
