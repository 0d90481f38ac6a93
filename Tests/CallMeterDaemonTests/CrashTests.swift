@testable import CallMeter
import Foundation
import Testing

/// `kill -9` the real daemon at random (seeded) moments while it ingests a large file, restart it:
/// the database stays sound and holds every row of the files exactly once.
@Suite(.serialized) struct CrashTests {
    static let files = GeneratedFiles(rows: 40_000)

    @Test func killedAtRandomMomentsTheDaemonLosesNothingAndStoresNothingTwice() throws {
        let rulesFolder = try Scratch("crash-rules")
        defer { withExtendedLifetime(rulesFolder) {} }
        let rules = try rulesFolder.copyRules()
        let window = try Self.ingestMilliseconds(rules: rules)
        var killsInHand = 0
        for seed in UInt64(1)...20 {
            var random = SplitMix64(seed: seed)
            let scratch = try Scratch("crash-\(seed)")
            try scratch.write("inbox/cdr/calls.csv", Self.files.cdr)
            try scratch.write("inbox/ratings/ratings.csv", Self.files.ratings)
            let arguments = ["--db", scratch.file("db.sqlite"), "--rules", rules, "--inbox", scratch.file("inbox"), "--poll", "1", "--settle", "0"]

            let kills = 1 + Int(random.next() % 2)
            var moments: [UInt64] = []
            for kill in 0..<kills {
                let daemon = try DaemonProcess(arguments, logPath: scratch.file("run-\(kill).log"))
                #expect(daemon.waitForLog("event=started"), "seed \(seed): \(daemon.log)")
                let moment = random.next() % (window * 6 / 5)
                moments.append(moment)
                usleep(UInt32(moment * 1000))
                daemon.kill9()
                // Killed with a file in hand: it logged the start of an ingest and not its end.
                let log = daemon.log
                let started = log.components(separatedBy: "event=ingest-start").count - 1
                let ended = ["event=ingested", "event=duplicate", "event=failed"].reduce(0) { $0 + log.components(separatedBy: $1).count - 1 }
                if started > ended { killsInHand += 1 }
            }
            let final = try DaemonProcess.run(arguments + ["--once"], logPath: scratch.file("final.log"))
            let context = "seed \(seed), killed at \(moments) ms after start-up (ingest takes about \(window) ms)"
            #expect(final.status == 0, "\(context)\n\(final.log)")
            try Self.verify(scratch, context: context)
        }
        // Not a timing assertion: a check that the test kills what it means to (the moments are
        // spread over the measured ingest time, so nearly all of them fall inside an ingest).
        #expect(killsInHand > 0, "no kill fell inside an ingest")
    }

    /// How long the daemon takes to ingest both files once (the window the kills fall in).
    static func ingestMilliseconds(rules: String) throws -> UInt64 {
        let scratch = try Scratch("crash-calibrate")
        try scratch.write("inbox/cdr/calls.csv", files.cdr)
        try scratch.write("inbox/ratings/ratings.csv", files.ratings)
        let run = try DaemonProcess.run(
            ["--db", scratch.file("db.sqlite"), "--rules", rules, "--inbox", scratch.file("inbox"), "--settle", "0", "--once"],
            logPath: scratch.file("calibrate.log"))
        try #require(run.status == 0, "\(run.log)")
        try verify(scratch, context: "an uninterrupted run")
        let total = run.log.split(separator: "\n").filter { $0.contains("event=ingested") }.reduce(UInt64(0)) { sum, line in
            let ms = line.split(separator: " ").first { $0.hasPrefix("ms=") }.flatMap { UInt64($0.dropFirst(3)) } ?? 0
            return sum + ms
        }
        return max(total, 200)
    }

    static func verify(_ scratch: Scratch, context: String) throws {
        let store = try Store(path: scratch.file("db.sqlite"))
        let c = store.connection
        func count(_ sql: String) throws -> Int { Int(try c.scalarInt(sql) ?? -1) }
        #expect(try c.scalarText("PRAGMA integrity_check") == "ok", "\(context)")
        #expect(try c.scalarText("PRAGMA foreign_key_check") == nil, "\(context)")

        // Calls: exactly the good rows. Ids are C000001…C039999 without the multiples of 997 (the
        // rejected rows); distinct, well-formed, in range, none rejected, and as many as the good rows
        // means that set and nothing else.
        let good = files.goodCalls
        #expect(try count("SELECT count(*) FROM calls") == good, "\(context)")
        #expect(try count("SELECT count(DISTINCT call_id) FROM calls") == good, "\(context)")
        #expect(try count("""
            SELECT count(*) FROM calls WHERE call_id GLOB 'C[0-9][0-9][0-9][0-9][0-9][0-9]'
              AND CAST(substr(call_id, 2) AS INTEGER) BETWEEN 1 AND \(files.rows - 1)
              AND CAST(substr(call_id, 2) AS INTEGER) % \(files.badEvery) <> 0
            """) == good, "\(context)")
        #expect(try count("SELECT count(*) FROM rejects") == files.badCalls, "\(context)")
        // Ratings: every one once, each attached to its call.
        #expect(try count("SELECT count(*) FROM ratings") == files.ratingRows, "\(context)")
        #expect(try count("SELECT count(*) FROM ratings r JOIN calls c ON c.id = r.call AND c.call_id = r.call_key") == files.ratingRows, "\(context)")
        // One batch per file: an interrupted ingest left nothing behind.
        #expect(try count("SELECT count(*) FROM batches") == 2, "\(context)")
        #expect(try count("SELECT count(*) FROM batches WHERE finished_at_ms IS NULL") == 0, "\(context)")

        #expect(scratch.files(under: "inbox/cdr").isEmpty && scratch.files(under: "inbox/ratings").isEmpty, "\(context)")
        #expect(scratch.files(under: "inbox/failed").isEmpty, "\(context)")
        // Each file is archived exactly once, with its notes, and none says it was a duplicate (a
        // kill between the commit and the move is finished at the next start from the in-hand
        // journal, not taken for a second drop of the same bytes).
        let archived = scratch.files(under: "inbox/archive")
        let names = archived.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.sorted()
        #expect(names == ["calls.csv", "calls.csv.rejects.csv", "ratings.csv"], "\(context): \(archived)")
        #expect(!archived.contains { $0.hasSuffix(".tmp") }, "\(context): \(archived)")
        // What a killed daemon was writing is cleared at the next start.
        #expect(scratch.files(under: "inbox/.callmeterd").isEmpty, "\(context)")
    }
}

/// A small seeded generator (SplitMix64): the same seed gives the same kill moments.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
