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

    init(columns map: ColumnMap, context: IngestContext) throws {
        self.context = context
        guard let callID = map["call_id"], let rating = map["rating"] else {
            throw IngestFileError.header(line: 1, column: 1, reason: "missing required columns")
        }
        self.callID = callID
        self.rating = rating
        question = map["question"]
        ratedAt = map["rated_at"]
        // The call may not be ingested yet: then `call` is NULL and the rating is pending.
        insert = try context.connection.prepare("""
            INSERT INTO ratings (call_key, call, question, rating, rated_at, batch, source_line)
            VALUES (?1, (SELECT id FROM calls WHERE call_id = ?1), ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (call_key, question) DO NOTHING
            """)
    }

    mutating func importRow(_ row: CSVReader, line: Int) throws(RowImportError) -> RowOutcome {
        let f = FieldReader(row: row)
        let call = try f.required(callID, "call_id", maxBytes: NativeCall.maxIDBytes).string
        let scale = context.settings.ratingScale
        let value = try f.parse(rating, "rating", parseInteger)
        guard scale.contains(Int(value)) else {
            throw f.reject(rating, "rating", "\(value) is outside the rating scale \(scale.lowerBound)–\(scale.upperBound)")
        }
        let questionName = try f.optional(question, "question", maxBytes: NativeCall.maxNameBytes)?.string.lowercased()
            ?? Self.defaultQuestion
        let rated: Int64? = f.optional(nonThrowing: ratedAt) == nil ? nil : try f.parse(ratedAt, "rated_at", Timestamp.parseInstant)
        do {
            try insert.run([
                .text(call), .text(questionName), .int(value), rated.map(SQLValue.int) ?? .null, .int(context.batchID), .int(Int64(line)),
            ])
        } catch {
            throw .database(error)
        }
        if context.connection.changes == 1 { return .accepted }
        var origin = "an earlier file"
        if let found = try? context.connection.cached("""
            SELECT b.file_name, r.source_line FROM ratings r JOIN batches b ON b.id = r.batch WHERE r.call_key = ? AND r.question = ?
            """).rows([.text(call), .text(questionName)], { "\($0.text(0)) line \($0.int64(1))" }).first {
            origin = found
        }
        throw f.reject(callID, "call_id", "duplicate: call \(call) already has a rating for question '\(questionName)' (\(origin))")
    }

    mutating func finish(report: inout IngestReport) throws {
        report.ratingsPending = Int(try context.connection.scalarInt("SELECT count(*) FROM ratings WHERE call IS NULL") ?? 0)
    }
}
