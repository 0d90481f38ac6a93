/// Post-call ratings from the IVR: one row per call and question.
struct RatingImporter: HeaderRowImporter {
    static let requiredColumns = ["call_id", "rating"]
    static let optionalColumns = ["question", "rated_at"]
    static let defaultQuestion = "overall"
    /// Kept in clear in a rejected row.
    static let clearColumns = ["call_id", "rated_at"]

    private let context: IngestContext
    private let callID, rating: Int
    private let question, ratedAt: Int?
    private let insert: Statement
    /// The positions of `insert`'s parameters, resolved once: a ratings file has a row per call.
    private let parameters: ParameterPositions<Parameter>

    init(columns map: ColumnMap, context: IngestContext) throws {
        self.context = context
        callID = try map.required("call_id")
        rating = try map.required("rating")
        question = map["question"]
        ratedAt = map["rated_at"]
        // The call may not be ingested yet: then `call` is NULL and the rating is pending. The
        // scale is the one the rating was given on: a later change of `rating_scale` does not
        // rescale it.
        insert = try context.connection.prepare("""
            INSERT INTO ratings (call_key, call, question, rating, rated_at, batch, source_line, scale_min, scale_max)
            VALUES (:call_key, (SELECT id FROM calls WHERE call_id = :call_key), :question, :rating, :rated_at, :batch,
                    :source_line, :scale_min, :scale_max)
            ON CONFLICT (call_key, question) DO NOTHING
            """)
        parameters = try ParameterPositions(insert)
    }

    /// `insert`'s parameters.
    private enum Parameter: Int, CaseIterable {
        case callKey, question, rating, ratedAt, batch, sourceLine, scaleMin, scaleMax
    }

    mutating func importRow(_ row: CSVReader, line: Int) throws(RowImportError) -> RowOutcome {
        let f = FieldReader(row: row)
        let call = try f.required(callID, "call_id", maxBytes: NativeCall.maxIDBytes).string
        let scale = context.settings.ratingScale
        let value = try f.parse(rating, "rating", parseInteger)
        let questionName = try f.optional(question, "question", maxBytes: NativeCall.maxNameBytes)?.string.lowercased()
            ?? Self.defaultQuestion
        let rated: Int64? = f.optional(nonThrowing: ratedAt) == nil ? nil : try f.parse(ratedAt, "rated_at", Timestamp.parseInstant)
        guard scale.contains(Int(value)) else {
            // A rating sent again after the scale changed is still the one stored (on its scale).
            if try stored(call: call, question: questionName)?.isSame(rating: value, ratedAt: rated) == true { return .duplicate }
            throw f.reject(rating, "rating", "\(value) is outside the rating scale \(scale.lowerBound)–\(scale.upperBound)")
        }
        do {
            try insert.bind(call, at: parameters[.callKey])
            try insert.bind(questionName, at: parameters[.question])
            try insert.bind(value, at: parameters[.rating])
            try insert.bind(rated, at: parameters[.ratedAt])
            try insert.bind(context.batchID, at: parameters[.batch])
            try insert.bind(Int64(line), at: parameters[.sourceLine])
            try insert.bind(Int64(scale.lowerBound), at: parameters[.scaleMin])
            try insert.bind(Int64(scale.upperBound), at: parameters[.scaleMax])
            defer { insert.resetKeepingBindings() }
            while try insert.step() {}
        } catch {
            throw .database(error)
        }
        if context.connection.changes == 1 { return .accepted }
        // The call already has a rating for this question: the same one sent again (a cumulative
        // export repeats every earlier row) is a duplicate; another one is a conflict.
        guard let existing = try stored(call: call, question: questionName) else {
            throw f.reject(callID, "call_id", "conflicts with a rating stored for call \(call), question '\(questionName)'")
        }
        if existing.isSame(rating: value, ratedAt: rated) { return .duplicate }
        let difference = existing.rating == value ? "rated_at differs" : "rating \(existing.rating) there, \(value) here"
        throw f.reject(
            callID, "call_id",
            "conflicts with the rating of question '\(questionName)' stored from \(existing.file) line \(existing.line) (\(difference))")
    }

    /// The rating stored for a call and question, and where it came from.
    private struct StoredRating {
        let rating: Int64
        let ratedAt: Int64?
        let file: String
        let line: Int64

        /// The same value, and the same time when both say when it was given.
        func isSame(rating value: Int64, ratedAt time: Int64?) -> Bool {
            rating == value && (ratedAt == nil || time == nil || ratedAt == time)
        }
    }

    private func stored(call: String, question: String) throws(RowImportError) -> StoredRating? {
        do {
            return try context.connection.firstRow("""
                SELECT r.rating, r.rated_at, b.file_name, r.source_line FROM ratings r JOIN batches b ON b.id = r.batch
                WHERE r.call_key = :call AND r.question = :question
                """, [":call": .text(call), ":question": .text(question)]) { row in
                    StoredRating(rating: try row.int64("rating"), ratedAt: try row.optionalInt64("rated_at"),
                                 file: try row.text("file_name"), line: try row.int64("source_line"))
                }
        } catch {
            throw .database(error)
        }
    }

    mutating func finish(report: inout IngestReport) throws {
        // Scoring joins each rating's scale only once a scale other than the current one was
        // stored: the file's scale is listed once, when it stored a rating.
        if report.rowsAccepted > 0 {
            let scale = context.settings.ratingScale
            try context.connection.cached("""
                INSERT INTO rating_scales_seen (scale_min, scale_max) VALUES (:min, :max) ON CONFLICT DO NOTHING
                """).run([":min": .int(scale.lowerBound), ":max": .int(scale.upperBound)])
        }
        report.ratingsPending = Int(try context.connection.scalarInt("SELECT count(*) FROM ratings WHERE call IS NULL") ?? 0)
    }
}
