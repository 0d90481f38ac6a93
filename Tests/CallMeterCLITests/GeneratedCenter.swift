import CallMeter
import CallMeterCLI
import Foundation

/// A scratch center run night after night through the CLI as a user would: `generate`, `ingest`,
/// then `score --as-of D` and `weights publish --as-of D`, with the shipped rules and a clock at
/// 05:00 UTC of the day after D.
final class GeneratedCenter {
    static let rules = WeightsCLIFixture.packageRoot.appendingPathComponent("Rules").path

    let directory: URL
    var database: String { directory.appendingPathComponent("callmeter.sqlite").path }
    var agentsFile: URL { directory.appendingPathComponent("generated/agents.csv") }
    var feedPath: String { directory.appendingPathComponent("feeds/dispatcher.list").path }
    /// 2026-10-01T05:00:00Z, moved by `night`.
    var now = Date(timeIntervalSince1970: 1_790_830_800)

    /// Generates `agents` agents over `days` days from 2026-10-01 and ingests them; `directory`
    /// edits the generated agent directory before it is ingested.
    init(agents: Int, days: Int, callsPerDay: Int, seed: Int, directory edit: ((String) -> String)? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-nights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try require(run(["generate", "--agents", "\(agents)", "--days", "\(days)", "--calls-per-day", "\(callsPerDay)",
                         "--seed", "\(seed)", "--out", "generated"]))
        if let edit { try writeDirectory(edit(String(decoding: try Data(contentsOf: agentsFile), as: UTF8.self))) }
        for kind in ["agents", "cdr", "ratings"] {
            try require(run(["ingest", kind, "generated/\(kind).csv"]))
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Runs `callmeter --db … --rules … ARGUMENTS` in-process.
    @discardableResult
    func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let captured = CapturedConsole()
        let now = self.now
        let status = CLI.run(["--db", database, "--rules", Self.rules] + arguments, console: captured.console,
                             environment: ["USER": "ignored"], workingDirectory: directory, clock: { now })
        return (status, captured.out, captured.err)
    }

    /// 2026-10-01 plus `offset` days.
    static func day(_ offset: Int) -> String {
        let date = Date(timeIntervalSince1970: 1_790_812_800 + Double(offset) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        func two(_ n: Int?) -> String { (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))"
    }

    /// Night `offset`: scores as of that day and publishes its feed; the publish's result.
    func night(_ offset: Int, publish extra: [String] = []) throws -> (status: Int32, out: String, err: String) {
        now = Date(timeIntervalSince1970: 1_790_830_800 + Double(offset + 1) * 86_400)
        let date = Self.day(offset)
        try require(run(["score", "--as-of", date]))
        return run(["weights", "publish", "--as-of", date] + extra)
    }

    /// Ingests an edited agent directory (other bytes than before, so it is not a repeat).
    func reingestDirectory(_ edit: (String) -> String) throws {
        let text = String(decoding: try Data(contentsOf: agentsFile), as: UTF8.self)
        try writeDirectory(edit(text))
        try require(run(["ingest", "agents", "generated/agents.csv"]))
    }

    /// The published feed's `agent → percent`.
    func percents() throws -> [String: Int] {
        var result: [String: Int] = [:]
        for line in try String(contentsOfFile: feedPath, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let attributes = line.split(separator: " ").last ?? ""
            let pairs = attributes.split(separator: ";").map { $0.split(separator: "=", maxSplits: 1) }
            guard let id = pairs.first(where: { $0.first == "duid" })?.last,
                  let weight = pairs.first(where: { $0.first == "weight" })?.last.flatMap({ Int($0) }) else { continue }
            result[String(id)] = weight
        }
        return result
    }

    /// The agents the directory file marks active.
    func activeAgents() throws -> Set<String> {
        let lines = String(decoding: try Data(contentsOf: agentsFile), as: UTF8.self).split(separator: "\n").dropFirst()
        return Set(lines.compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return fields.count >= 3 && fields[fields.count - 3] == "true" ? fields.first.map(String.init) : nil
        })
    }

    func feedText() -> String? {
        FileManager.default.contents(atPath: feedPath).map { String(decoding: $0, as: UTF8.self) }
    }

    private func writeDirectory(_ text: String) throws {
        try Data(text.utf8).write(to: agentsFile)
    }

    private func require(_ result: (status: Int32, out: String, err: String)) throws {
        guard result.status == 0 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "exit \(result.status): \(result.err)"])
        }
    }
}

/// The generated directory with `edit` applied to the lines of the agents it names (header and
/// other lines as they are). Lines end `…,active,started_on,dispatch_set`: the last three fields
/// never hold a comma or a quote.
func editAgents(_ text: String, _ ids: Set<String>, active: Bool? = nil, set: Int? = nil) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        guard let id = line.split(separator: ",").first, ids.contains(String(id)) else { return String(line) }
        var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let count = fields.count
        if let active { fields[count - 3] = active ? "true" : "false" }
        if let set { fields[count - 1] = String(set) }
        return fields.joined(separator: ",")
    }.joined(separator: "\n")
}
