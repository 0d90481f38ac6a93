/// The header of a CSV file: which column holds which field. Columns may come in any order;
/// unknown columns are ignored (and reported once).
struct ColumnMap {
    let names: [String]
    private var index: [String: Int] = [:]
    private(set) var unknown: [String] = []

    /// `settings` (the format and the Asterisk rules) let a file in the wrong format be told which
    /// format fits it.
    init(reader: CSVReader, required: [String], optional: [String], settings: IngestSettings? = nil) throws(IngestFileError) {
        if let problem = reader.problem {
            let at = reader.position(ofRawOffset: problem.offset)
            throw .header(line: at.line, column: at.column, reason: "header row: \(problem.reason)")
        }
        if let bad = firstInvalidUTF8Offset(reader.rawRecord) {
            let at = reader.position(ofRawOffset: bad)
            throw .header(line: at.line, column: at.column, reason: "header row is not valid UTF-8")
        }
        let known = Set(required + optional)
        if let settings, HeaderlessAdvice.looksLikeData(reader, known: known) {
            throw .header(line: reader.recordLine, column: 1, reason: HeaderlessAdvice.dataRow(reader, rules: settings.asterisk))
        }
        var names: [String] = []
        for i in 0..<reader.fieldCount {
            let name = reader.field(i).trimmed.string.lowercased()
            names.append(name)
            // Columns without a name (trailing commas of a spreadsheet export) are ignored like unknown ones.
            if name.isEmpty { continue }
            if let first = index[name] {
                let at = reader.position(ofRawOffset: reader.fieldRawOffset(i))
                throw .header(line: at.line, column: at.column, reason: "column '\(name)' appears twice (also column \(first + 1))")
            }
            index[name] = i
        }
        self.names = names
        unknown = names.filter { !known.contains($0) && !$0.isEmpty }
        let missing = required.filter { index[$0] == nil }
        if !missing.isEmpty {
            var reason = "missing required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (found: \(names.joined(separator: ", ")))"
            if settings?.format == .native, let advice = HeaderlessAdvice.foreignHeader(names) {
                reason += advice
            } else if Self.looksSemicolonSeparated(names, known: known) {
                reason += "; the header looks semicolon-separated (as a German or French spreadsheet saves CSV): CallMeter reads "
                    + "comma-separated files (RFC 4180), so save it again as CSV with commas"
            }
            throw .header(line: reader.recordLine, column: 1, reason: reason)
        }
    }

    /// Whether the header, read with commas, holds known column names joined by semicolons.
    static func looksSemicolonSeparated(_ names: [String], known: Set<String>) -> Bool {
        let parts = names.joined(separator: ",").split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return false }
        let matches = parts.filter { part in
            let trimmed = part.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
            return known.contains(String(trimmed).lowercased())
        }
        return matches.count >= 2
    }

    subscript(name: String) -> Int? { index[name] }

    /// The column of a field the importer requires; `init` has already refused a header without
    /// it, so the error only guards an importer whose list and lookups disagree.
    func required(_ name: String) throws(IngestFileError) -> Int {
        guard let column = index[name] else { throw .header(line: 1, column: 1, reason: "missing required columns") }
        return column
    }
}
