import Foundation
@testable import CallMeter

/// The package root, found from this file so tests work from any working directory.
let payrollPackageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A scratch folder removed when the value goes away.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("callmeter-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// One CDR row for tests: times as UTC instants written with `Z`.
struct TestCall {
    var id: String
    var hotline: String = "+41800100100"
    var agent: String? = "a1"
    var startedAt: String
    var talk: Int64 = 60
    var hold: Int64 = 0
    var wrap: Int64 = 0
    var disposition: String = "answered"

    /// Unix seconds of `startedAt`.
    var startInstant: Int64 {
        var text = startedAt
        return text.withUTF8 { (try? Timestamp.parseInstant($0)) ?? 0 }
    }

    var csvRow: String {
        let start = startInstant
        let connected = disposition == "answered" || disposition == "transferred"
        let answered = connected ? Timestamp.formatUTC(start + 2) : ""
        let end = Timestamp.formatUTC(start + 2 + (connected ? talk : 20) + 1)
        let talkText = connected ? String(talk) : "0"
        return [id, hotline, agent ?? "", Timestamp.formatUTC(start), answered, end, disposition, talkText, String(hold), String(wrap)]
            .map(csvField).joined(separator: ",")
    }
}

func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

let cdrHeader = "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds"

/// A store in a scratch folder with the given agents and calls ingested.
final class PayrollFixture {
    let scratch: ScratchDirectory
    let store: Store
    private var files = 0

    init(agents: [(String, String)] = [("a1", "Agent One")], calls: [TestCall] = []) throws {
        scratch = try ScratchDirectory()
        store = try Store(path: scratch.path("callmeter.sqlite"), create: true)
        let agentCSV = "agent_id,name\n" + agents.map { csvField($0.0) + "," + csvField($0.1) }.joined(separator: "\n") + "\n"
        _ = try Ingestion(store: store).ingest(file: try scratch.write("agents.csv", agentCSV), kind: .agents)
        if !calls.isEmpty { try add(calls) }
    }

    /// Ingests more calls (a new CDR file).
    func add(_ calls: [TestCall]) throws {
        files += 1
        let text = cdrHeader + "\n" + calls.map(\.csvRow).joined(separator: "\n") + "\n"
        let report = try Ingestion(store: store).ingest(file: try scratch.write("cdr\(files).csv", text), kind: .cdr)
        if report.rowsRejected > 0 { throw TestSetupError(reason: "test calls rejected: \(report.firstRejects)") }
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// Rules for tests: Zurich time, CHF, three tiers; medical's rate changes on 2026-10-16.
func testConfiguration(
    _ rules: PayrollRules = PayrollRules(), timeZone: String = "Europe/Zurich", currency: String = "CHF",
    tiers: String = testTiersJSON
) throws -> PayrollConfiguration {
    let center = try CenterRules(RulesFile.parse("{\"timezone\": \"\(timeZone)\", \"currency\": \"\(currency)\"}", file: "center.json"))
    return PayrollConfiguration(center: center, tiers: try TierRules.parse(tiers), rules: rules)
}

let testTiersJSON = """
    {
      "tiers": [
        { "id": "order", "name": "Orders", "rates": [ { "from": "2026-01-01", "per_minute": "0.45" } ] },
        { "id": "support", "name": "Support", "rates": [ { "from": "2026-01-01", "per_minute": "0.625" } ] },
        { "id": "medical", "name": "Medical", "rates": [
            { "from": "2026-01-01", "per_minute": "0.90" },
            { "from": "2026-10-16", "per_minute": "0.95" } ] }
      ],
      "hotlines": [
        { "hotline": "+41800100100", "tier": "order" },
        { "hotline": "+41800200200", "tier": "support" },
        { "hotline": "+41800300300", "tier": "medical" }
      ]
    }
    """

/// A small, seedable generator (SplitMix64): the same seed gives the same calls everywhere.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Splits CSV text into rows of fields (RFC 4180 quoting), with `delimiter`; for reading exports back.
func parseCSV(_ text: String, delimiter: Character) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var iterator = Array(text).makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
        pending = nil
        if quoted {
            if c == "\"" {
                if let next = iterator.next() {
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else { quoted = false }
            } else {
                field.append(c)
            }
            continue
        }
        switch c {
        case "\"": quoted = true
        case delimiter: row.append(field); field = ""
        case "\r\n", "\n": row.append(field); rows.append(row); row = []; field = ""
        default: field.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}
