import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter

private let scaleMigration = Schema.migrations.first { $0.sql.contains("ADD COLUMN scale_min") }?.version ?? 0

/// Ratings stored before ratings kept their scale have none (read with the current one); a rating
/// stored afterwards carries its scale, which the table itself checks.
@Test func ratingsFromBeforeTheScaleMigrationHaveNoScaleAndNewOnesHaveTheirs() throws {
    let connection = try databaseAtSchemaVersion(scaleMigration - 1)
    try connection.execute("""
        INSERT INTO batches (id, file_name, sha256, kind, format, started_at_ms) VALUES (1, 'r.csv', 'aa', 'ratings', 'native', 10);
        INSERT INTO ratings (call_key, question, rating, batch, source_line) VALUES ('C1', 'overall', 5, 1, 2);
        """)
    try Schema.migrate(connection)
    #expect(try connection.scalarInt("SELECT count(*) FROM ratings WHERE scale_min IS NULL AND scale_max IS NULL") == 1)
    #expect(try connection.scalarInt("SELECT count(*) FROM rating_scales_seen") == 0)
    try connection.execute("""
        INSERT INTO ratings (call_key, question, rating, batch, source_line, scale_min, scale_max) VALUES ('C2', 'overall', 9, 1, 3, 0, 10);
        INSERT INTO ratings (call_key, question, rating, batch, source_line, scale_min, scale_max) VALUES ('C3', 'overall', 0, 1, 4, 0, 10);
        """)
    #expect(try connection.scalarInt("SELECT count(*) FROM ratings WHERE scale_min = 0 AND scale_max = 10") == 2)
    // A rating outside its own scale, or half a scale, is refused by the table itself.
    #expect(throws: SQLiteError.self) {
        try connection.execute("INSERT INTO ratings (call_key, question, rating, batch, source_line, scale_min, scale_max) VALUES ('C4', 'overall', 11, 1, 5, 0, 10)")
    }
    #expect(throws: SQLiteError.self) {
        try connection.execute("INSERT INTO ratings (call_key, question, rating, batch, source_line, scale_min) VALUES ('C5', 'overall', 1, 1, 6, 0)")
    }
}

@Test func eachRatingIsStoredWithTheScaleItWasIngestedUnder() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("a.csv", Ratings.file(Ratings.row("C001"))), kind: .ratings,
                             settings: IngestSettings(ratingScale: 1...5))
        _ = try Ingestion(store: store).ingest(file: try scratch.write("b.csv", Ratings.file(Ratings.row("C002", rating: "8"))), kind: .ratings,
                             settings: IngestSettings(ratingScale: 0...10))
        #expect(try store.connection.prepare("SELECT call_key, scale_min, scale_max FROM ratings ORDER BY call_key").rows {
            "\($0.text(0)) \($0.int64(1))–\($0.int64(2))"
        } == ["C001 1–5", "C002 0–10"])
        // Every scale a file was ingested under is listed, once: scoring joins the scales only then.
        #expect(try store.connection.prepare("SELECT scale_min, scale_max FROM rating_scales_seen ORDER BY 1, 2").rows {
            "\($0.int64(0))–\($0.int64(1))"
        } == ["0–10", "1–5"])
        _ = try Ingestion(store: store).ingest(file: try scratch.write("c.csv", Ratings.file(Ratings.row("C003"))), kind: .ratings)
        #expect(try store.count("rating_scales_seen") == 2)
    }
}

/// The model: ratings given on 1–9 that say what 1–5 ratings say (2r − 1) give exactly the
/// outcome of the 1–5 ratings, whatever the center's scale is now; satisfied means the same share
/// of the scale.
@Test(arguments: [1...5, 1...9, 0...10])
func mixedScalesGiveTheOutcomeOfOneScaleExactly(_ current: ClosedRange<Int>) throws {
    let window = ScoringWindow(asOf: CalendarDate.day("2026-10-31"), days: 28, timeZone: TimeZone(identifier: "UTC")!)
    let rules = try ScoringRules.parse(#"{ "prior_strength": 2, "min_ratings": 1, "satisfied_at_or_above": 4 }"#, ratingScale: 1...5)
    var generator = SplitMix64(seed: 7)
    let base = (0..<300).map { i in
        ScoringInput.RatedCall(agent: Int64(generator.next() % 12), hotline: Int64(generator.next() % 3) + 1,
                               startedAt: window.end - Int64(generator.next() % (27 * 86_400)), rating: Int(generator.next() % 5) + 1,
                               scale: i % 2 == 0 ? 1...5 : nil)
    }
    let single = ScoringModel(rules: rules, window: window, ratingScale: 1...5).run(ScoringInput(
        window: window, ratingScale: 1...5, answeredCalls: [:], ratings: base.map {
            ScoringInput.RatedCall(agent: $0.agent, hotline: $0.hotline, startedAt: $0.startedAt, rating: $0.rating)
        }))
    // Odd ones on 1–9; the rest keep 1–5 as their own scale. The rules' threshold is a point of the
    // current scale: 4 of 1–5 is x ≥ 0.75.
    let threshold = current.lowerBound + (current.upperBound - current.lowerBound) * 3 / 4
    let currentRules = try ScoringRules.parse(
        #"{ "prior_strength": 2, "min_ratings": 1, "satisfied_at_or_above": \#(threshold) }"#, ratingScale: current)
    let mixed = ScoringModel(rules: currentRules, window: window, ratingScale: current).run(ScoringInput(
        window: window, ratingScale: current, answeredCalls: [:], ratings: base.enumerated().map { i, r in
            i % 2 == 0 ? ScoringInput.RatedCall(agent: r.agent, hotline: r.hotline, startedAt: r.startedAt, rating: r.rating, scale: 1...5)
                : ScoringInput.RatedCall(agent: r.agent, hotline: r.hotline, startedAt: r.startedAt, rating: 2 * r.rating - 1, scale: 1...9)
        }))
    #expect(mixed.agents.map(\.scoreTenths) == single.agents.map(\.scoreTenths))
    #expect(mixed.agents.map(\.quality) == single.agents.map(\.quality))
    #expect(mixed.agents.map(\.satisfied) == single.agents.map(\.satisfied))
    #expect(mixed.population.ratings.mean == single.population.ratings.mean)
    #expect(mixed.population.scales.map(\.scale) == [1...5, 1...9])
    #expect(single.population.scales == [ScoringModel.ScaleUse(scale: 1...5, ratings: 300)])
}

/// `ratingsOutsideScale` is for ratings stored before each kept its scale: a rating stored with
/// its own scale is read on it, whatever the center's scale is now.
@Test func onlyRatingsWithoutTheirOwnScaleCanBeOutsideTheScale() throws {
    try withScratch { scratch in
        let store = try scratch.store()
        _ = try Ingestion(store: store).ingest(file: try scratch.write("c.csv", CDR.file(CDR.row("C001"), CDR.row("C002"))), kind: .cdr)
        _ = try Ingestion(store: store).ingest(file: try scratch.write("r.csv", Ratings.file(Ratings.row("C001", rating: "5"), Ratings.row("C002", rating: "2"))),
                             kind: .ratings, settings: IngestSettings(ratingScale: 1...5))
        let center = try CenterRules(RulesFile.parse(#"{ "timezone": "UTC", "currency": "CHF", "rating_scale": { "min": 0, "max": 3 } }"#, file: "center.json"))
        let rules = try ScoringRules.parse(#"{ "min_ratings": 1, "satisfied_at_or_above": 2 }"#, ratingScale: 0...3)
        let asOf = CalendarDate.day("2026-10-05")
        let run = try Scoring(store: store).score(asOf: asOf, rules: rules, center: center, store: false)
        #expect(run.population.ratings.count == 2)
        #expect(run.population.scales == [ScoringModel.ScaleUse(scale: 1...5, ratings: 2)])

        // The same ratings as a database from before the scale migration left them.
        try store.connection.execute("UPDATE ratings SET scale_min = NULL, scale_max = NULL")
        #expect(throws: ScoringError.ratingsOutsideScale(count: 1, scale: 0...3)) {
            try Scoring(store: store).score(asOf: asOf, rules: rules, center: center, store: false)
        }
    }
}
