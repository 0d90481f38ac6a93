import Foundation
import Testing
@testable import CallMeter

// MARK: - Helpers

/// Runs `body` with a fresh directory under the temporary directory and removes it afterwards.
private func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("callmeter-generate-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

private let fileNames = ["agents.csv", "truth.csv", "commitments.csv", "truth-gaps.csv", "queue_log", "truth-no-shows.csv", "ratings.csv",
                         "cdr.csv"]
/// The files of agents and calls, whose bytes are pinned.
private let callFileNames = ["agents.csv", "truth.csv", "ratings.csv", "cdr.csv"]

private let cdrColumns = [
    "call_id", "hotline", "agent_id", "started_at", "answered_at", "ended_at", "disposition", "talk_seconds",
    "hold_seconds", "wrap_seconds", "caller", "direction", "queue", "ended_by",
]

/// A small RFC 4180 reader for checking the output: quoted fields, doubled quotes, LF line ends.
private func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = String.UnicodeScalarView()
    var inQuotes = false
    let scalars = Array(text.unicodeScalars)
    var index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        index += 1
        if inQuotes {
            if scalar == "\"" {
                if index < scalars.count, scalars[index] == "\"" {
                    field.append("\"")
                    index += 1
                } else {
                    inQuotes = false
                }
            } else {
                field.append(scalar)
            }
            continue
        }
        switch scalar {
        case "\"":
            inQuotes = true
        case ",":
            row.append(String(field))
            field = String.UnicodeScalarView()
        case "\n":
            row.append(String(field))
            field = String.UnicodeScalarView()
            rows.append(row)
            row = []
        default:
            field.append(scalar)
        }
    }
    if !field.isEmpty || !row.isEmpty {
        row.append(String(field))
        rows.append(row)
    }
    return rows
}

private struct Table {
    let header: [String]
    let rows: [[String: String]]

    init(_ url: URL) throws {
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let lines = parseCSV(text)
        header = lines.first ?? []
        let header = header
        rows = lines.dropFirst().map { fields in
            Dictionary(uniqueKeysWithValues: zip(header, fields).map { ($0, $1) })
        }
        for fields in lines {
            #expect(fields.count == header.count, "row with \(fields.count) fields in \(url.lastPathComponent)")
        }
    }
}

/// Epoch seconds of `YYYY-MM-DDTHH:MM:SSZ`, or nil when the text has any other shape or is not a real time
/// (month 13, February 30, hour 24, …).
private func parseTimestamp(_ text: String) -> Int? {
    let bytes = Array(text.utf8)
    guard bytes.count == 20 else { return nil }
    let separators: [Int: UInt8] = [4: 45, 7: 45, 10: 84, 13: 58, 16: 58, 19: 90]  // - - T : : Z
    for (position, byte) in bytes.enumerated() {
        if let separator = separators[position] {
            guard byte == separator else { return nil }
        } else {
            guard (48...57).contains(byte) else { return nil }
        }
    }
    func number(_ range: Range<Int>) -> Int {
        bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) }
    }
    let hour = number(11..<13)
    let minute = number(14..<16)
    let second = number(17..<19)
    guard let days = CivilCalendar.parseDays(String(text.prefix(10))), hour < 24, minute < 60, second < 60 else {
        return nil
    }
    return days * 86_400 + hour * 3_600 + minute * 60 + second
}

/// FNV-1a, 64 bits: a fixed digest of a file's bytes.
private func fnv1a(_ data: Data) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    return hash
}

private let midSize = GeneratorOptions(agents: 30, days: 7, callsPerDay: 600, seed: 42)

// MARK: - Determinism

@Test func sameSeedGivesByteIdenticalFiles() throws {
    try withTemporaryDirectory { directory in
        let first = directory.appendingPathComponent("first")
        let second = directory.appendingPathComponent("second")
        let options = GeneratorOptions(agents: 25, days: 3, callsPerDay: 400, seed: 42)
        let firstSummary = try generateSyntheticCenter(options, into: first)
        let secondSummary = try generateSyntheticCenter(options, into: second)
        #expect(firstSummary.calls == secondSummary.calls)
        for name in fileNames {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            let b = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between two runs with the same seed")
        }
    }
}

@Test(arguments: [UInt64(0), 1, 43, .max])
func differentSeedGivesDifferentFiles(seed: UInt64) throws {
    try withTemporaryDirectory { directory in
        let base = GeneratorOptions(agents: 25, days: 3, callsPerDay: 400, seed: 42)
        var other = base
        other.seed = seed
        _ = try generateSyntheticCenter(base, into: directory.appendingPathComponent("base"))
        _ = try generateSyntheticCenter(other, into: directory.appendingPathComponent("other"))
        for name in fileNames {
            let a = try Data(contentsOf: directory.appendingPathComponent("base").appendingPathComponent(name))
            let b = try Data(contentsOf: directory.appendingPathComponent("other").appendingPathComponent(name))
            #expect(a != b, "\(name) is the same for seeds 42 and \(seed)")
        }
    }
}

/// Pins the exact bytes of a small run (the same in debug and release builds): a change here means every
/// generated data set changes. Update the digests only for a deliberate change to the generator.
@Test func outputIsPinned() throws {
    try withTemporaryDirectory { directory in
        let options = GeneratorOptions(agents: 12, days: 2, callsPerDay: 150, seed: 2026)
        _ = try generateSyntheticCenter(options, into: directory)
        var digests: [String] = []
        for name in callFileNames {
            let digest = fnv1a(try Data(contentsOf: directory.appendingPathComponent(name)))
            digests.append("\(name)=\(String(digest, radix: 16))")
        }
        #expect(digests == pinnedDigests)
    }
}

private let pinnedDigests = [
    "agents.csv=fad0c1afa6f820b3", "truth.csv=f5ce0701d5547c27", "ratings.csv=31e50755bb8bcc0a",
    "cdr.csv=22c2e9ae7627d96a",
]

// MARK: - Files, counts and headers

@Test func rowCountsMatchSummary() throws {
    try withTemporaryDirectory { directory in
        let summary = try generateSyntheticCenter(midSize, into: directory)
        #expect(summary.agents == 30)
        #expect(summary.calls == 7 * 600)
        #expect(summary.files.map(\.lastPathComponent) == fileNames)

        let agents = try Table(directory.appendingPathComponent("agents.csv"))
        let truth = try Table(directory.appendingPathComponent("truth.csv"))
        let cdr = try Table(directory.appendingPathComponent("cdr.csv"))
        let ratings = try Table(directory.appendingPathComponent("ratings.csv"))
        #expect(agents.rows.count == summary.agents)
        #expect(truth.rows.count == summary.agents)
        #expect(agents.rows.count { $0["active"] == "true" } == summary.activeAgents)
        #expect(cdr.rows.count == summary.calls)
        #expect(ratings.rows.count == summary.ratings)
        #expect(Set(ratings.rows.compactMap { $0["call_id"] }).count == summary.ratedCalls)

        // No field holds a line break, so physical lines are rows plus the header.
        let lines = String(decoding: try Data(contentsOf: directory.appendingPathComponent("cdr.csv")), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == summary.calls + 2)  // header, rows, and the empty piece after the last LF
        #expect(lines.last == "")
    }
}

@Test(arguments: [
    ("agents.csv", "agent_id,name,sip_uri,active,started_on,dispatch_set"),
    ("cdr.csv", cdrColumns.joined(separator: ",")),
    ("ratings.csv", "call_id,rating,question,rated_at"),
    ("truth.csv", "agent_id,hidden_quality"),
])
func headerLineIsExact(file: String, header: String) throws {
    try withTemporaryDirectory { directory in
        _ = try generateSyntheticCenter(GeneratorOptions(agents: 3, days: 1, callsPerDay: 20, seed: 7), into: directory)
        let text = String(decoding: try Data(contentsOf: directory.appendingPathComponent(file)), as: UTF8.self)
        #expect(text.split(separator: "\n", maxSplits: 1).first.map(String.init) == header)
        #expect(!text.contains("\r"))
    }
}

@Test func noTemporaryFilesAreLeftBehind() throws {
    try withTemporaryDirectory { directory in
        let output = directory.appendingPathComponent("nested/out")
        _ = try generateSyntheticCenter(GeneratorOptions(agents: 5, days: 2, callsPerDay: 50, seed: 1), into: output)
        // A second run into the same directory replaces the files.
        let summary = try generateSyntheticCenter(GeneratorOptions(agents: 5, days: 1, callsPerDay: 10, seed: 2), into: output)
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(names == fileNames.sorted())
        #expect(try Table(output.appendingPathComponent("cdr.csv")).rows.count == summary.calls)
    }
}

@Test func zeroCallsPerDayWritesHeadersOnly() throws {
    try withTemporaryDirectory { directory in
        let summary = try generateSyntheticCenter(GeneratorOptions(agents: 4, days: 3, callsPerDay: 0, seed: 9), into: directory)
        #expect(summary.calls == 0)
        #expect(summary.ratings == 0)
        let cdr = String(decoding: try Data(contentsOf: directory.appendingPathComponent("cdr.csv")), as: UTF8.self)
        #expect(cdr == cdrColumns.joined(separator: ",") + "\n")
    }
}

// MARK: - Options

@Test(arguments: [
    (GeneratorOptions(agents: 0, days: 1, callsPerDay: 1, seed: 1), "agents"),
    (GeneratorOptions(agents: 100_001, days: 1, callsPerDay: 1, seed: 1), "agents"),
    (GeneratorOptions(agents: .min, days: 1, callsPerDay: 1, seed: 1), "agents"),
    (GeneratorOptions(agents: 1, days: 0, callsPerDay: 1, seed: 1), "days"),
    (GeneratorOptions(agents: 1, days: 3_661, callsPerDay: 1, seed: 1), "days"),
    (GeneratorOptions(agents: 1, days: 1, callsPerDay: -1, seed: 1), "callsPerDay"),
    (GeneratorOptions(agents: 1, days: 1, callsPerDay: 10_000_001, seed: 1), "callsPerDay"),
    (GeneratorOptions(agents: 1, days: 1, callsPerDay: .max, seed: 1), "callsPerDay"),
    (GeneratorOptions(agents: 1, days: 1, callsPerDay: 1, seed: 1, firstDay: "2026-02-30"), "firstDay"),
    (GeneratorOptions(agents: 1, days: 1, callsPerDay: 1, seed: 1, firstDay: "2026-10-1"), "firstDay"),
    (GeneratorOptions(agents: 1, days: 1, callsPerDay: 1, seed: 1, firstDay: "01.10.2026"), "firstDay"),
    (GeneratorOptions(agents: 1, days: 1, callsPerDay: 1, seed: 1, firstDay: "0099-01-01"), "firstDay"),
    (GeneratorOptions(agents: 1, days: 1, callsPerDay: 1, seed: 1, firstDay: ""), "firstDay"),
    (GeneratorOptions(agents: 9, days: 1, callsPerDay: 1, seed: 1, plantIntegrity: true), "agents"),
])
func invalidOptionsAreRejected(options: GeneratorOptions, option: String) throws {
    try withTemporaryDirectory { directory in
        let output = directory.appendingPathComponent("out")
        let error = #expect(throws: GeneratorError.self) {
            try generateSyntheticCenter(options, into: output)
        }
        #expect(error?.invalidOption == option)
        #expect(error?.description.contains(option) == true)
        #expect(!FileManager.default.fileExists(atPath: output.path), "nothing is written for invalid options")
    }
}

@Test func validOptionsAtTheLimitsPassValidation() throws {
    try GeneratorOptions(agents: 100_000, days: 3_660, callsPerDay: 10_000_000, seed: 0, firstDay: "9000-12-31").validate()
    try GeneratorOptions(agents: 1, days: 1, callsPerDay: 0, seed: .max, firstDay: "1900-01-01").validate()
    try GeneratorOptions(agents: 10, days: 1, callsPerDay: 0, seed: 1, plantIntegrity: true).validate()
}

@Test func unwritableDirectoryIsAnErrorNotACrash() throws {
    try withTemporaryDirectory { directory in
        let file = directory.appendingPathComponent("occupied")
        try Data("x".utf8).write(to: file)
        let error = #expect(throws: GeneratorError.self) {
            try generateSyntheticCenter(GeneratorOptions(agents: 2, days: 1, callsPerDay: 5, seed: 1), into: file)
        }
        #expect(error?.invalidOption == nil)
    }
}

// MARK: - Content

@Test func aboutThirtyPercentOfConnectedCallsAreRated() throws {
    try withTemporaryDirectory { directory in
        let summary = try generateSyntheticCenter(midSize, into: directory)
        let cdr = try Table(directory.appendingPathComponent("cdr.csv"))
        let connected = cdr.rows.count { $0["disposition"] == "answered" || $0["disposition"] == "transferred" }
        let share = Double(summary.ratedCalls) / Double(connected)
        #expect((0.25...0.35).contains(share), "rated share \(share)")

        let ratings = try Table(directory.appendingPathComponent("ratings.csv"))
        let resolved = ratings.rows.count { $0["question"] == "resolved" }
        let resolvedShare = Double(resolved) / Double(summary.ratedCalls)
        #expect((0.05...0.15).contains(resolvedShare), "resolved share \(resolvedShare)")
        #expect(ratings.rows.allSatisfy { ["overall", "resolved"].contains($0["question"] ?? "") })
        #expect(ratings.rows.allSatisfy { (1...5).contains(Int($0["rating"] ?? "") ?? 0) })
    }
}

@Test func cdrRowsAreConsistent() throws {
    try withTemporaryDirectory { directory in
        _ = try generateSyntheticCenter(midSize, into: directory)
        let cdr = try Table(directory.appendingPathComponent("cdr.csv"))
        let agents = try Table(directory.appendingPathComponent("agents.csv"))
        let activeAgents = Set(agents.rows.filter { $0["active"] == "true" }.compactMap { $0["agent_id"] })
        #expect(cdr.header == cdrColumns)
        #expect(Set(cdr.rows.compactMap { $0["call_id"] }).count == cdr.rows.count, "call ids are unique")

        var dispositions: [String: Int] = [:]
        var queuesByHotline: [String: Set<String>] = [:]
        var previousStart = Int.min
        for row in cdr.rows {
            let disposition = row["disposition"] ?? ""
            dispositions[disposition, default: 0] += 1
            queuesByHotline[row["hotline"] ?? "", default: []].insert(row["queue"] ?? "")
            let started = try #require(parseTimestamp(row["started_at"] ?? ""))
            let ended = try #require(parseTimestamp(row["ended_at"] ?? ""))
            let talk = try #require(Int(row["talk_seconds"] ?? ""))
            let hold = try #require(Int(row["hold_seconds"] ?? ""))
            let wrap = try #require(Int(row["wrap_seconds"] ?? ""))
            #expect(started >= previousStart, "calls are in start order")
            previousStart = started
            #expect(ended >= started)
            #expect(["inbound", "outbound"].contains(row["direction"] ?? ""))
            #expect(["agent", "caller"].contains(row["ended_by"] ?? ""))
            #expect(row["caller"]?.utf8.count == 16 && row["caller"]?.hasPrefix("+41 ") == true)
            switch disposition {
            case "answered", "transferred":
                let answered = try #require(parseTimestamp(row["answered_at"] ?? ""))
                #expect(talk <= ended - answered)
                #expect(talk + hold == ended - answered)
                #expect((1...120).contains(answered - started))
                #expect((1...1_800).contains(talk))
                #expect((0...180).contains(hold))
                #expect((5...90).contains(wrap))
                #expect(activeAgents.contains(row["agent_id"] ?? ""), "only active agents take calls")
            case "abandoned", "missed":
                #expect(row["answered_at"] == "")
                #expect(talk == 0 && hold == 0 && wrap == 0)
                if disposition == "abandoned" {
                    #expect(row["agent_id"] == "")
                } else {
                    #expect(activeAgents.contains(row["agent_id"] ?? ""), "a missed call rang an active agent")
                }
            default:
                Issue.record("unexpected disposition \(disposition)")
            }
        }
        let total = Double(cdr.rows.count)
        #expect(abs(Double(dispositions["answered", default: 0]) / total - 0.84) < 0.03)
        #expect(abs(Double(dispositions["abandoned", default: 0]) / total - 0.08) < 0.02)
        #expect(dispositions["transferred", default: 0] > 0 && dispositions["missed", default: 0] > 0)
        #expect(queuesByHotline.count >= 4)
        #expect(queuesByHotline.values.allSatisfy { $0.count == 1 }, "one queue per hotline")
    }
}

@Test func timestampsAreISO8601UTC() throws {
    try withTemporaryDirectory { directory in
        _ = try generateSyntheticCenter(GeneratorOptions(agents: 10, days: 2, callsPerDay: 300, seed: 5), into: directory)
        let cdr = try Table(directory.appendingPathComponent("cdr.csv"))
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        for row in cdr.rows {
            for column in ["started_at", "answered_at", "ended_at"] {
                let text = row[column] ?? ""
                if column == "answered_at" && text.isEmpty { continue }
                let seconds = parseTimestamp(text)
                #expect(seconds != nil, "\(column) \(text)")
                // Foundation reads the same instant.
                #expect(formatter.date(from: text).map { Int($0.timeIntervalSince1970) } == seconds)
            }
        }
        let ratings = try Table(directory.appendingPathComponent("ratings.csv"))
        let endedAt = Dictionary(uniqueKeysWithValues: cdr.rows.map { ($0["call_id"] ?? "", $0["ended_at"] ?? "") })
        for row in ratings.rows {
            let rated = try #require(parseTimestamp(row["rated_at"] ?? ""))
            let ended = try #require(parseTimestamp(endedAt[row["call_id"] ?? ""] ?? ""))
            #expect((3...90).contains(rated - ended), "rated a few seconds to a minute after the call")
        }
    }
}

@Test(arguments: ["Europe/Zurich", "America/New_York", "Asia/Tokyo"])
func callsFollowLocalBusinessHours(timeZoneID: String) throws {
    let timeZone = try #require(TimeZone(identifier: timeZoneID))
    try withTemporaryDirectory { directory in
        let options = GeneratorOptions(agents: 10, days: 14, callsPerDay: 300, seed: 3, timeZone: timeZone)
        _ = try generateSyntheticCenter(options, into: directory)
        let cdr = try Table(directory.appendingPathComponent("cdr.csv"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var daytime = 0
        var weekend = 0
        for row in cdr.rows {
            let started = try #require(parseTimestamp(row["started_at"] ?? ""))
            let date = Date(timeIntervalSince1970: Double(started))
            if (8..<20).contains(calendar.component(.hour, from: date)) { daytime += 1 }
            if calendar.isDateInWeekend(date) { weekend += 1 }
        }
        let total = Double(cdr.rows.count)
        #expect(Double(daytime) / total > 0.85, "\(daytime) of \(cdr.rows.count) calls in local business hours")
        #expect(daytime < cdr.rows.count, "a few calls at night")
        // 4 of 14 days are weekend days; at weekday load they would carry 4/14 ≈ 29 % of calls.
        #expect(Double(weekend) / total < 0.15, "weekends are lighter")
    }
}

/// 2026-03-29 skips 02:00–03:00 in Zurich, 2026-10-25 repeats 02:00–03:00; New York changes on
/// 2026-03-08 and 2026-11-01.
@Test(arguments: [
    ("Europe/Zurich", "2026-03-27"), ("Europe/Zurich", "2026-10-23"),
    ("America/New_York", "2026-03-06"), ("America/New_York", "2026-10-30"),
])
func callsStayInOrderAcrossDaylightSavingChanges(timeZoneID: String, firstDay: String) throws {
    let timeZone = try #require(TimeZone(identifier: timeZoneID))
    try withTemporaryDirectory { directory in
        // Enough calls that the night hours around the change get some.
        let options = GeneratorOptions(agents: 5, days: 4, callsPerDay: 3_000, seed: 4, firstDay: firstDay, timeZone: timeZone)
        let summary = try generateSyntheticCenter(options, into: directory)
        let cdr = try Table(directory.appendingPathComponent("cdr.csv"))
        #expect(cdr.rows.count == summary.calls && summary.calls == 12_000)
        let starts = cdr.rows.compactMap { parseTimestamp($0["started_at"] ?? "") }
        #expect(starts.count == cdr.rows.count)
        let outOfOrder = zip(starts, starts.dropFirst()).count { $0 > $1 }
        #expect(outOfOrder == 0, "calls out of start order")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let firstLocalDay = try #require(CivilCalendar.parseDays(firstDay))
        for start in starts {
            let date = Date(timeIntervalSince1970: Double(start))
            let local = calendar.dateComponents([.year, .month, .day], from: date)
            let localDay = CivilCalendar.days(from: CivilDate(year: local.year ?? 0, month: local.month ?? 0, day: local.day ?? 0))
            #expect((firstLocalDay..<firstLocalDay + 4).contains(localDay), "calls start on the local days asked for")
        }
    }
}

@Test func agentsExerciseQuotingAndNonASCIINames() throws {
    try withTemporaryDirectory { directory in
        let summary = try generateSyntheticCenter(GeneratorOptions(agents: 200, days: 2, callsPerDay: 2_000, seed: 11), into: directory)
        let agents = try Table(directory.appendingPathComponent("agents.csv"))
        let names = agents.rows.compactMap { $0["name"] }
        #expect(names.contains { $0.contains(",") })
        #expect(names.contains { $0.contains("\"") })
        #expect(names.contains { !$0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(agents.rows.first?["sip_uri"] == "sip:agent1001@10.0.0.11")
        #expect(agents.rows.map { $0["agent_id"] ?? "" } == (1_001...1_200).map { "agent\($0)" })
        #expect(agents.rows.allSatisfy { (1...2).contains(Int($0["dispatch_set"] ?? "") ?? 0) })
        #expect(Set(agents.rows.compactMap { $0["sip_uri"] }).count == 200)
        let inactive = agents.rows.filter { $0["active"] == "false" }.compactMap { $0["agent_id"] }
        #expect((1...20).contains(inactive.count), "a few agents are inactive")
        #expect(summary.activeAgents == 200 - inactive.count)

        let cdr = try Table(directory.appendingPathComponent("cdr.csv"))
        var callsPerAgent: [String: Int] = [:]
        for row in cdr.rows where row["agent_id"] != "" {
            callsPerAgent[row["agent_id"] ?? "", default: 0] += 1
        }
        #expect(inactive.allSatisfy { callsPerAgent[$0] == nil }, "inactive agents take no calls")
        let counts = callsPerAgent.values.sorted()
        #expect((counts.last ?? 0) > 2 * (counts.first ?? 0), "some agents work much more than others")
    }
}

@Test func truthHasFourDecimalsAndASpread() throws {
    try withTemporaryDirectory { directory in
        _ = try generateSyntheticCenter(GeneratorOptions(agents: 20, days: 1, callsPerDay: 10, seed: 8), into: directory)
        let truth = try Table(directory.appendingPathComponent("truth.csv"))
        var qualities: [Double] = []
        for row in truth.rows {
            let text = row["hidden_quality"] ?? ""
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            #expect(parts.count == 2 && parts[0].count == 1 && parts[1].count == 4, "quality \(text)")
            qualities.append(try #require(Double(text)))
        }
        #expect(qualities.allSatisfy { (0...1).contains($0) })
        #expect((qualities.min() ?? 1) < 0.15 && (qualities.max() ?? 0) > 0.85, "clearly poor and clearly good agents")
    }
}

@Test func ratingsFollowHiddenQuality() throws {
    try withTemporaryDirectory { directory in
        _ = try generateSyntheticCenter(GeneratorOptions(agents: 30, days: 14, callsPerDay: 600, seed: 42), into: directory)
        let truth = try Table(directory.appendingPathComponent("truth.csv"))
        let cdr = try Table(directory.appendingPathComponent("cdr.csv"))
        let ratings = try Table(directory.appendingPathComponent("ratings.csv"))
        let agentOfCall = Dictionary(uniqueKeysWithValues: cdr.rows.map { ($0["call_id"] ?? "", $0["agent_id"] ?? "") })
        var sums: [String: (total: Int, count: Int)] = [:]
        for row in ratings.rows where row["question"] == "overall" {
            let agent = agentOfCall[row["call_id"] ?? ""] ?? ""
            let rating = try #require(Int(row["rating"] ?? ""))
            sums[agent, default: (0, 0)].total += rating
            sums[agent, default: (0, 0)].count += 1
        }
        let ranked = truth.rows
            .compactMap { row -> (quality: Double, mean: Double)? in
                guard let quality = Double(row["hidden_quality"] ?? ""), let sum = sums[row["agent_id"] ?? ""],
                      sum.count >= 20
                else { return nil }
                return (quality, Double(sum.total) / Double(sum.count))
            }
            .sorted { $0.quality < $1.quality }
        #expect(ranked.count >= 25)
        let third = ranked.count / 3
        let poor = ranked.prefix(third).map(\.mean).reduce(0, +) / Double(third)
        let good = ranked.suffix(third).map(\.mean).reduce(0, +) / Double(third)
        #expect(good - poor > 1.2, "good agents average \(good), poor \(poor)")
    }
}

@Test func someCallersCallRepeatedly() throws {
    try withTemporaryDirectory { directory in
        _ = try generateSyntheticCenter(midSize, into: directory)
        let cdr = try Table(directory.appendingPathComponent("cdr.csv"))
        var calls: [String: Int] = [:]
        for row in cdr.rows { calls[row["caller"] ?? "", default: 0] += 1 }
        let repeated = calls.values.filter { $0 > 1 }.reduce(0, +)
        let share = Double(repeated) / Double(cdr.rows.count)
        #expect((0.15...0.7).contains(share), "\(share) of calls from repeat callers")
    }
}

// MARK: - Calendar arithmetic

@Test(arguments: [
    ("1970-01-01", 0, 4), ("1969-12-31", -1, 3), ("2000-02-29", 11_016, 2), ("2000-03-01", 11_017, 3),
    ("2026-10-01", 20_727, 4), ("1900-01-01", -25_567, 1), ("9000-12-31", 2_568_019, 3),
])
func civilCalendarKnownDays(text: String, days: Int, weekday: Int) {
    #expect(CivilCalendar.parseDays(text) == days)
    #expect(CivilCalendar.weekday(ofDays: days) == weekday)
}

@Test func timestampFormattingMatchesFoundation() throws {
    var random = Xoshiro256StarStar(seed: 99, stream: .calls)
    // From 1900 to 9000, plus the edges of a day and a leap day.
    var samples = [0, -1, 86_399, 86_400, 951_782_400]
    for _ in 0..<2_000 {
        samples.append(Int(random.below(224_000_000_000)) - 2_208_988_800)
    }
    let lines = try withTemporaryDirectory { directory in
        var writer = try CSVFileWriter(directory: directory, name: "timestamps.csv")
        for seconds in samples {
            writer.appendTimestamp(seconds)
            try writer.endRow()
        }
        let url = try writer.publish()
        return String(decoding: try Data(contentsOf: url), as: UTF8.self).split(separator: "\n").map(String.init)
    }
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    #expect(lines == samples.map { formatter.string(from: Date(timeIntervalSince1970: Double($0))) })
    for seconds in samples {
        let (days, second) = CivilCalendar.split(epochSeconds: seconds)
        #expect((0..<86_400).contains(second))
        #expect(CivilCalendar.days(from: CivilCalendar.date(fromDays: days)) == days)
    }
}

@Test func csvFieldsAreQuotedOnlyWhenNeeded() throws {
    let fields = ["plain", "Zoë Müller", "Keller, Anna", "Giulia \"Kiki\" Ferrari", "two\nlines", ""]
    let text = try withTemporaryDirectory { directory in
        var writer = try CSVFileWriter(directory: directory, name: "fields.csv")
        for (index, field) in fields.enumerated() {
            if index > 0 { writer.comma() }
            writer.appendField(field)
        }
        try writer.endRow()
        let url = try writer.publish()
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
    #expect(text == "plain,Zoë Müller,\"Keller, Anna\",\"Giulia \"\"Kiki\"\" Ferrari\",\"two\nlines\",\n")
    #expect(parseCSV(text) == [fields])
}

// MARK: - Commitments and their planted gaps

/// The commitments written cover the generated days and the week after; the gaps in
/// `truth-gaps.csv` are exactly the hotline × date × shift that no ingested commitment covers.
@Test func truthGapsAreWhatTheIngestedCommitmentsLeaveUncovered() throws {
    try withTemporaryDirectory { directory in
        let options = GeneratorOptions(agents: 12, days: 10, callsPerDay: 10, seed: 2026, firstDay: "2026-10-20")
        _ = try generateSyntheticCenter(options, into: directory)
        let gaps = try Table(directory.appendingPathComponent("truth-gaps.csv"))
        #expect(!gaps.rows.isEmpty)
        let store = try Store(path: directory.appendingPathComponent("c.sqlite").path, create: true)
        let zone = options.timeZone
        _ = try Ingestion(store: store).ingest(file: directory.appendingPathComponent("agents.csv").path, kind: .agents)
        let report = try Ingestion(store: store).ingest(
            file: directory.appendingPathComponent("commitments.csv").path, kind: .commitments, settings: IngestSettings(timeZone: zone))
        #expect(report.rowsRejected == 0 && report.rowsAccepted > 0)
        let first = try #require(CalendarDate("2026-10-20"))
        let intervals = try Capacity(store: store, timeZone: zone).committedIntervals(
            from: first.start(in: zone), to: first.adding(days: 17).start(in: zone))
        let hotlines = ["+41800100100", "+41800200200", "+41800300300", "+41800400400"]
        var uncovered: [String] = []
        for day in 0..<17 {
            let date = first.adding(days: day)
            let midnight = date.start(in: zone)
            // The shifts' middle instants (DST-proof: 4, 12 and 20 hours after midnight, wall clock ±1 h).
            for (shift, (from, to)) in [("00:00", "08:00"), ("08:00", "16:00"), ("16:00", "00:00")].enumerated() {
                let instant = midnight + Int64(shift * 8 + 4) * 3600
                for hotline in hotlines where !intervals.contains(where: {
                    $0.start <= instant && instant < $0.end && ($0.hotlines.isEmpty || $0.hotlines.contains(hotline))
                }) {
                    uncovered.append("\(hotline),\(date),\(from),\(to)")
                }
            }
        }
        let truth = gaps.rows.map { "\($0["hotline"] ?? ""),\($0["date"] ?? ""),\($0["from"] ?? ""),\($0["to"] ?? "")" }
        #expect(uncovered.sorted() == truth.sorted())
        // The week after the generated days is planned too.
        let dates = Set(try Table(directory.appendingPathComponent("commitments.csv")).rows.compactMap { $0["date"] })
        #expect(dates.count == 17 && dates.contains("2026-11-05"))
    }
}

/// The generated `queue_log` builds agent sessions; the planted no-shows (`truth-no-shows.csv`) are
/// exactly the commitments of the generated days with no login in them.
@Test func truthNoShowsAreTheCommitmentsWithoutALogin() throws {
    try withTemporaryDirectory { directory in
        let options = GeneratorOptions(agents: 12, days: 20, callsPerDay: 10, seed: 7, firstDay: "2026-10-10")
        _ = try generateSyntheticCenter(options, into: directory)
        let store = try Store(path: directory.appendingPathComponent("s.sqlite").path, create: true)
        let zone = options.timeZone
        let file = { (name: String) in directory.appendingPathComponent(name).path }
        _ = try Ingestion(store: store).ingest(file: file("agents.csv"), kind: .agents)
        _ = try Ingestion(store: store).ingest(file: file("commitments.csv"), kind: .commitments, settings: IngestSettings(timeZone: zone))
        let log = try Ingestion(store: store).ingest(file: file("queue_log"), kind: .cdr,
                                                     settings: IngestSettings(format: .asteriskQueueLog, timeZone: zone))
        #expect(log.rowsRejected == 0 && log.sessionsStored > 0)
        let sessions = try store.connection.rows("""
            SELECT a.agent_id, s.started_at, s.ended_at FROM agent_sessions s JOIN agents a ON a.id = s.agent WHERE s.kind = 'logged_in'
            """) { row in (try row.text("agent_id"), try row.int64("started_at"), try row.int64("ended_at")) }
        let first = try #require(CalendarDate("2026-10-10"))
        let commitments = try Capacity(store: store, timeZone: zone).committedIntervals(
            from: first.start(in: zone), to: first.adding(days: 20).start(in: zone))
        var noShows: [String] = []
        for commitment in commitments where !sessions.contains(where: { $0.0 == commitment.agentID && $0.1 < commitment.end && $0.2 > commitment.start }) {
            let date = CalendarDate(containing: commitment.start, in: zone)
            let from = commitment.start - date.start(in: zone)
            noShows.append("\(commitment.agentID),\(date),\(from == 0 ? "00:00" : from == 8 * 3600 ? "08:00" : "16:00")")
        }
        let truth = try Table(directory.appendingPathComponent("truth-no-shows.csv")).rows.map {
            "\($0["agent_id"] ?? ""),\($0["date"] ?? ""),\($0["from"] ?? "")"
        }
        #expect(!truth.isEmpty)
        #expect(noShows.sorted() == truth.sorted())
    }
}

// MARK: - Busy time against committed time

/// The summary's handled and committed seconds are what the files hold: the talk, hold and wrap of
/// `cdr.csv`, and 8 hours per commitment of the generated days (not the week after them) — 9 for
/// the night shift of the day the clocks go back (25 October 2026 in Zurich), when 02:00–03:00
/// comes twice.
@Test(arguments: [("2026-10-05", 0), ("2026-10-25", 1)])
func handledAndCommittedSecondsAreThoseOfTheFiles(firstDay: String, daysWithAFallBack: Int) throws {
    try withTemporaryDirectory { directory in
        let options = GeneratorOptions(agents: 12, days: 1, callsPerDay: 300, seed: 3, firstDay: firstDay)
        let summary = try generateSyntheticCenter(options, into: directory)
        let cdr = try Table(directory.appendingPathComponent("cdr.csv"))
        let handled = cdr.rows.reduce(0) { total, row in
            total + ["talk_seconds", "hold_seconds", "wrap_seconds"].reduce(0) { $0 + (Int(row[$1] ?? "") ?? 0) }
        }
        #expect(summary.handledSeconds == handled)
        let commitments = try Table(directory.appendingPathComponent("commitments.csv")).rows.filter { $0["date"] == firstDay }
        let nights = commitments.count { $0["from"] == "00:00" }
        #expect(!commitments.isEmpty && nights > 0)
        #expect(summary.committedSeconds == commitments.count * 8 * 3600 + daysWithAFallBack * nights * 3600)
    }
}
