import CallMeter
import Foundation

extension DaemonStatus {
    /// The morning page's lines of `callmeter status`: the latest page, its as-of date and age, and
    /// STALE when the last successful nightly run has no page yet (the page failed: the daemon's
    /// log says why). Read from the folder of the `report.json` in the rules folder the daemon
    /// recorded: the pages are their own record.
    static func pageLines(store: Store, rulesDirectory: String?, now: Int64) -> [String] {
        guard let rulesDirectory else { return ["Page:     none: callmeterd writes it after each nightly run"] }
        let rules: ReportRules
        do {
            rules = try ReportRules.load(directory: URL(fileURLWithPath: rulesDirectory, isDirectory: true)) ?? ReportRules()
        } catch {
            let first = error.description.split(separator: "\n").first.map(String.init) ?? error.description
            return ["Page:     cannot tell: \(first)"]
        }
        let files = MorningPageFiles(rules: rules, databasePath: store.path)
        let latest = MorningPageFiles.headline(atPath: files.latestPath)
        var lines: [String]
        if let latest {
            let (milliseconds, overflow) = latest.generatedAt.multipliedReportingOverflow(by: 1000)
            let age = Self.age(Self.difference(now, overflow ? Int64.max : milliseconds))
            lines = ["Page:     \(files.latestPath): as of \(latest.asOf), written \(Timestamp.formatUTC(latest.generatedAt)) (\(age) old)"]
        } else {
            lines = ["Page:     none yet in \(files.folder)"]
        }
        do {
            if let run = try DaemonRecords(store: store).lastSuccessfulNightlyRun(), let asOf = CalendarDate(run.asOf), latest.map({ $0.asOf < asOf }) ?? true {
                lines.append("          STALE: the last nightly run (\(run.slot), as of \(asOf)) has no page; "
                             + "callmeterd logs why (event=report-failed) and retries")
            }
        } catch {
            lines.append("          cannot read the nightly runs: \(error)")
        }
        return lines
    }
}
