import Foundation
import Testing

/// The shipped fixtures' ratings (1–5) as lines, without their header.
private func fixtureRatings() throws -> [String] {
    let text = try String(contentsOf: packageRoot.appendingPathComponent("Fixtures/ratings.csv"), encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map(String.init)
}

/// The same rating on the 1–9 scale: x = (r − 1) / 4 = (2r − 1 − 1) / 8.
private func onNinePointScale(_ line: String) -> String {
    var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    if let rating = Int(fields[1]) { fields[1] = String(2 * rating - 1) }
    return fields.joined(separator: ",")
}

extension Workspace {
    /// Sets `rating_scale` and the matching `satisfied_at_or_above` (4 of 1–5 is 7 of 1–9: x ≥ 0.75).
    func setScale(_ min: Int, _ max: Int, satisfiedAtOrAbove: Int) throws {
        try write("Rules/center.json", #"{ "timezone": "Europe/Zurich", "currency": "CHF", "rating_scale": { "min": \#(min), "max": \#(max) } }"#)
        let scoring = try String(contentsOfFile: path("Rules/scoring.json"), encoding: .utf8)
            .replacingOccurrences(of: #""satisfied_at_or_above": 4"#, with: #""satisfied_at_or_above": \#(satisfiedAtOrAbove)"#)
        try write("Rules/scoring.json", scoring)
    }

    func ingestFixtureCalls() throws {
        for kind in ["agents", "cdr"] {
            let result = run("ingest", kind, packageRoot.appendingPathComponent("Fixtures/\(kind).csv").path)
            #expect(result.status == 0, "\(result.err)")
        }
    }
}

/// The score table: `score`'s output without its last line, which names the rules' SHA-256 (the
/// rules change here) and whether the run replaced one.
private func table(_ out: String) -> String {
    out.split(separator: "\n").filter { !$0.hasPrefix("Stored") && !$0.hasPrefix("Replaced") }.joined(separator: "\n")
}

/// `score` of the fixtures with every rating on 1–5 (the shipped rules), and `score --explain a100`.
private func singleScaleOutputs() throws -> (score: String, explain: String) {
    try withWorkspace { workspace in
        try workspace.ingestFixtureCalls()
        #expect(workspace.run("ingest", "ratings", packageRoot.appendingPathComponent("Fixtures/ratings.csv").path).status == 0)
        let score = workspace.run("score", "--as-of", "2026-10-31")
        #expect(score.status == 0, "\(score.err)")
        let explain = workspace.run("score", "--explain", "a100", "--as-of", "2026-10-31")
        #expect(explain.status == 0, "\(explain.err)")
        #expect(!explain.out.contains("mixes rating scales"))
        return (score.out, explain.out)
    }
}

/// Changing `rating_scale` no longer rescales the stored ratings: they keep the scale they were
/// ingested under, and `score` prints exactly what it printed before the change.
@Test func changingTheRatingScaleDoesNotRescaleStoredRatings() throws {
    let before = try singleScaleOutputs()
    try withWorkspace { workspace in
        try workspace.ingestFixtureCalls()
        #expect(workspace.run("ingest", "ratings", packageRoot.appendingPathComponent("Fixtures/ratings.csv").path).status == 0)
        try workspace.setScale(1, 9, satisfiedAtOrAbove: 7)
        let after = workspace.run("score", "--as-of", "2026-10-31")
        #expect(after.status == 0, "\(after.err)")
        #expect(table(after.out) == table(before.score))
    }
}

/// Half of the ratings given on 1–5, the other half the same answers on 1–9: each is read on its
/// own scale, the scores are those of the single-scale run byte for byte, and `--explain` says
/// that the window mixes scales.
@Test func aWindowThatMixesScalesScoresEachRatingOnItsOwnScale() throws {
    let before = try singleScaleOutputs()
    try withWorkspace { workspace in
        try workspace.ingestFixtureCalls()
        let lines = try fixtureRatings()
        let header = "call_id,rating,question,rated_at\n"
        let half = lines.count / 2
        let old = try workspace.write("old.csv", header + lines[..<half].map { $0 + "\n" }.joined())
        #expect(workspace.run("ingest", "ratings", old).status == 0)
        try workspace.setScale(1, 9, satisfiedAtOrAbove: 7)
        let new = try workspace.write("new.csv", header + lines[half...].map { onNinePointScale($0) + "\n" }.joined())
        let ingested = workspace.run("ingest", "ratings", new)
        #expect(ingested.status == 0, "\(ingested.err)")

        let score = workspace.run("score", "--as-of", "2026-10-31")
        #expect(score.status == 0, "\(score.err)")
        #expect(table(score.out) == table(before.score))
        let explain = workspace.run("score", "--explain", "a100", "--as-of", "2026-10-31")
        #expect(explain.status == 0, "\(explain.err)")
        #expect(explain.out.contains("the window mixes rating scales: 1–5 ("))
        #expect(explain.out.contains("), 1–9 ("))
        #expect(explain.out.contains("x = (rating − its scale's min) / (its max − min)"))

        // Back on 1–5: the 1–9 ratings are still read on 1–9, never "outside the scale".
        try workspace.setScale(1, 5, satisfiedAtOrAbove: 4)
        try workspace.write("Rules/scoring.json", try String(contentsOfFile: packageRoot.appendingPathComponent("Rules/scoring.json").path, encoding: .utf8))
        let back = workspace.run("score", "--as-of", "2026-10-31")
        #expect(back.status == 0, "\(back.err)")
        #expect(table(back.out) == table(before.score))
    }
}
