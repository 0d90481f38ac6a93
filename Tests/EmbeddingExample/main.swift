// Embedding CallMeter: the whole nightly job and a month's payroll through the library's public
// API only. The README quotes this file; `EmbeddingExampleTests` type-checks it against the built
// `CallMeter` module the way another package sees it (no `package` access), so it cannot go stale.
import CallMeter
import Foundation

let rules = URL(fileURLWithPath: "Rules")
let center = try CenterRules.load(directory: rules)

// Open (or create) the database and ingest a day's files; each file is one batch.
let store = try Store(path: "center.sqlite", create: true)
let ingestion = Ingestion(store: store)
let settings = IngestSettings(ratingScale: center.ratingScale, format: .native, timeZone: center.timeZone)
for (kind, file) in [(IngestReport.Kind.agents, "agents.csv"), (.cdr, "cdr.csv"), (.ratings, "ratings.csv")] {
    let report = try ingestion.ingest(file: file, kind: kind, settings: settings)
    print("\(file): \(report.rowsAccepted) stored, \(report.rowsRejected) rejected")
}

// Score the agents as of yesterday in the center's time zone.
let asOf = CalendarDate(containing: Date(), in: center.timeZone).adding(days: -1)
let scoringRules = try ScoringRules.load(directory: rules, ratingScale: center.ratingScale)
let run = try Scoring(store: store).score(asOf: asOf, rules: scoringRules, center: center)
for row in run.rows {
    print(row.agentID, row.score.scoreTenths.map { "\(Double($0) / 10)" } ?? "unscored", row.score.band.rawValue)
}

// Turn that run into routing weights and publish the feed the ACD pulls.
let weights = Weights(store: store, rules: try RoutingRules.load(directory: rules), timeZone: center.timeZone,
                      user: "embedding-example", now: { Int64(Date().timeIntervalSince1970) })
let published = try weights.publish(asOf: asOf, format: .csv, path: "feeds/weights.csv", force: false)
print("feed version \(published.feed.version)")

// The month's per-minute pay, and its export.
let payroll = try Payroll(store: store).payroll(
    for: try PayPeriod.parse("2026-10"), configuration: try PayrollConfiguration.load(directory: rules))
for line in payroll.lines { print(line.agentID, line.amount) }
print("total \(payroll.total) \(payroll.currency)")
try PayrollExportFile.write(payroll, to: "payroll-2026-10.csv", dialect: .rfc4180)
