import CallMeter
import Foundation
import Testing

// `generate` plants coverage gaps (a night shift that leaves one hotline out on every fifth day) and
// writes their truth to truth-gaps.csv; `callmeter coverage` of the week after the generated days
// must find exactly them, wherever calls are forecast.

@Test func coverageFindsExactlyThePlantedGaps() throws {
    // 2026-10-01 (Thursday) to Sunday 2026-11-08: the commitments' extra week is 2026-W46, and the
    // history (2026-W40 to W45) holds the night Europe/Zurich goes back to winter time.
    let center = try GeneratedCenter(agents: 60, days: 39, callsPerDay: 900, seed: 17)
    let ingest = center.run(["ingest", "commitments", "generated/commitments.csv"])
    try #require(ingest.status == 0, "\(ingest.err)")
    // Planned on Monday 2026-11-09 (the history is over).
    center.now = Date(timeIntervalSince1970: 1_794_200_400)
    let result = center.run(["coverage", "--week", "2026-W46", "--json"])
    try #require(result.status == 0, "\(result.err)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
    let slots = try #require(report["slots"] as? [[String: Any]])
    #expect(slots.count == 4 * 7 * 48)

    // The truth, as (hotline, local slot) pairs of 2026-W46.
    let truth = try String(contentsOf: center.directory.appendingPathComponent("generated/truth-gaps.csv"), encoding: .utf8)
    let week = Set((9...15).map { "2026-11-\($0 < 10 ? "0" : "")\($0)" })
    var planted = Set<String>()
    for line in truth.split(whereSeparator: \.isNewline).dropFirst() {
        let fields = line.split(separator: ",").map(String.init)
        guard fields.count == 4, week.contains(fields[1]) else { continue }
        func minutes(_ text: String) -> Int { (Int(text.prefix(2)) ?? 0) * 60 + (Int(text.suffix(2)) ?? 0) }
        let end = fields[3] == "00:00" ? 1440 : minutes(fields[3])
        for minute in stride(from: minutes(fields[2]), to: end, by: 30) {
            planted.insert("\(fields[0]) \(fields[1]) \(minute / 60 < 10 ? "0" : "")\(minute / 60):\(minute % 60 == 0 ? "00" : "30")")
        }
    }
    #expect(!planted.isEmpty)

    let key = { (slot: [String: Any]) in "\(slot["hotline"] as? String ?? "") \(slot["local"] as? String ?? "")" }
    let found = Set(slots.filter { $0["uncovered"] as? Bool == true }.map(key))
    let withCalls = Set(slots.filter { ($0["forecast_calls"] as? Double ?? 0) > 0 }.map(key))
    // Uncovered = planted gap with calls forecast: nothing more, nothing less.
    #expect(found == planted.intersection(withCalls))
    // The planted night gaps do get calls.
    #expect(found.count * 2 >= planted.count, "found \(found.count) of \(planted.count)")
    let stretches = try #require(report["uncovered"] as? [[String: Any]])
    #expect(!stretches.isEmpty)
}
