import Foundation
@testable import CallMeter

/// The shipped fixtures (or an agent directory with other names) in a scratch store, scored on
/// the last `nights` days of October 2026, for report tests.
final class ReportFixture {
    let scratch: ScratchDirectory
    let store: Store
    let rulesDirectory: URL
    let center: CenterRules
    let scoring: ScoringRules
    let payroll: PayrollConfiguration

    static let asOf = CalendarDate.day("2026-10-31")
    static let fixtures = payrollPackageRoot.appendingPathComponent("Fixtures")
    /// 2026-11-24T06:00:00Z: the report's clock in tests.
    static let clock = Date(timeIntervalSince1970: 1_795_500_000)

    /// `names` replaces the names of fixture agents (by agent id) in the directory.
    init(names: [String: String] = [:], nights: Int = 15) throws {
        scratch = try ScratchDirectory()
        store = try Store(path: scratch.path("callmeter.sqlite"), create: true)
        rulesDirectory = payrollPackageRoot.appendingPathComponent("Rules")
        center = try CenterRules.load(directory: rulesDirectory)
        scoring = try ScoringRules.load(directory: rulesDirectory, ratingScale: center.ratingScale)
        payroll = try PayrollConfiguration.load(directory: rulesDirectory)
        let settings = IngestSettings(ratingScale: center.ratingScale)

        var agents = Self.fixtures.appendingPathComponent("agents.csv").path
        if !names.isEmpty {
            let rows = parseCSV(try String(contentsOfFile: agents, encoding: .utf8), delimiter: ",")
            let text = rows.enumerated().map { index, row -> String in
                var row = row
                if index > 0, row.count > 1, let name = names[row[0]] { row[1] = name }
                return row.map(csvField).joined(separator: ",")
            }.joined(separator: "\n") + "\n"
            agents = try scratch.write("agents.csv", text)
        }
        _ = try Ingestion(store: store).ingest(file: agents, kind: .agents, settings: settings)
        for file in ["cdr.csv", "ratings.csv"] {
            _ = try Ingestion(store: store).ingest(file: Self.fixtures.appendingPathComponent(file).path, kind: file == "cdr.csv" ? .cdr : .ratings, settings: settings)
        }
        for daysBefore in stride(from: nights - 1, through: 0, by: -1) {
            _ = try Scoring(store: store).score(asOf: Self.asOf.adding(days: -daysBefore), rules: scoring, center: center)
        }
    }

    /// The fixture agents: id and name, from the shipped directory.
    static func agents() throws -> [(id: String, name: String)] {
        let rows = parseCSV(try String(contentsOfFile: fixtures.appendingPathComponent("agents.csv").path, encoding: .utf8), delimiter: ",")
        return rows.dropFirst().filter { $0.count > 1 }.map { ($0[0], $0[1]) }
    }

    func report(asOf: CalendarDate? = ReportFixture.asOf, weights: any PublishedWeightsSource = NoPublishedWeights()) throws -> QAReport {
        try Reporting(store: store).qaReport(asOf: asOf, center: center, scoring: scoring, payroll: .success(payroll), weights: weights, generatedAt: Self.clock)
    }

    func html(asOf: CalendarDate? = ReportFixture.asOf, weights: any PublishedWeightsSource = NoPublishedWeights()) throws -> String {
        QAReportHTML.render(try report(asOf: asOf, weights: weights))
    }
}
