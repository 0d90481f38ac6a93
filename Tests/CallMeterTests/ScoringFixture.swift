import Foundation
@testable import CallMeter

/// A scratch database filled from CSV text through the real importers, for scoring tests.
final class ScoringFixture {
    let directory: URL
    let store: Store
    let center: CenterRules

    init(timeZone: String = "UTC") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-scoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("test.sqlite").path, create: true)
        center = try CenterRules.parse("{\"timezone\": \"\(timeZone)\", \"currency\": \"CHF\"}")
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    private var files = 0

    /// Ingests `rows` (CSV lines without header) of `kind`.
    @discardableResult
    func ingest(_ kind: IngestReport.Kind, header: String, _ rows: [String]) throws -> IngestReport {
        files += 1
        let url = directory.appendingPathComponent("\(kind.rawValue)-\(files).csv")
        try Data(([header] + rows).joined(separator: "\n").utf8).write(to: url)
        return try Ingestion(store: store).ingest(file: url.path, kind: kind, settings: IngestSettings(ratingScale: center.ratingScale))
    }

    static let cdrHeader = "call_id,hotline,agent_id,started_at,ended_at,disposition,talk_seconds,caller,ended_by"
    static let ratingsHeader = "call_id,rating,question"

    /// One CDR line; `started` is ISO 8601.
    static func call(
        _ id: String, hotline: String = "H1", agent: String? = "a1", started: String, seconds: Int = 300,
        disposition: String = "answered", talk: Int? = nil, caller: String = "", endedBy: String = ""
    ) -> String {
        let start = instant(started)
        let end = Timestamp.formatUTC(start + Int64(seconds))
        let connected = disposition == "answered" || disposition == "transferred"
        let talkSeconds = talk ?? (connected ? seconds : 0)
        return "\(id),\(hotline),\(agent ?? ""),\(started),\(end),\(disposition),\(talkSeconds),\(caller),\(endedBy)"
    }

    static func instant(_ iso: String) -> Int64 {
        var text = iso
        return text.withUTF8 { (try? Timestamp.parseInstant($0)) ?? 0 }
    }

    func rules(_ json: String = "{}") throws -> ScoringRules {
        try ScoringRules.parse(json, ratingScale: center.ratingScale)
    }

    func count(_ sql: String) throws -> Int {
        Int(try store.connection.scalarInt(sql) ?? 0)
    }
}

extension CalendarDate {
    /// For tests: a date literal known to be valid.
    static func day(_ text: String) -> CalendarDate {
        CalendarDate(text) ?? CalendarDate(daysSinceEpoch: 0)
    }
}
