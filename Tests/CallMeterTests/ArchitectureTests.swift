import Foundation
import Testing

/// The seams of issue 16, checked on the source text (like `SourceRulesTests`), so that they do not
/// grow back: each part owns its tables and is one entry type, `Store` is the persistence kernel,
/// rows are read by column name, the connected-call condition and the JSON string escaping exist
/// once. Each failure lists every offending `path:line`.
@Suite struct ArchitectureTests {
    /// The six issue-16 branches make the gated checks true together; until they are merged on one
    /// branch, a gated check records its offenders as a known issue (printed, not failed). The lead
    /// sets this to `true` after the merge; then every check below fails on an offender.
    static let seamsRefactorMerged = true

    static let store = "Sources/CallMeter/Store/"
    static let schema = "Sources/CallMeter/Store/Schema.swift"
    /// Check, backup and restore (`Maintenance`) look at every table by design.
    static let maintenance = ["Sources/CallMeter/Check/", "Sources/CallMeter/Maintenance/"]

    /// A line of code (comments cut) that matches, as `path:line: code`.
    static func offenders(
        in files: [(path: String, lines: [String])], where matches: (Substring) -> Bool
    ) -> [String] {
        files.flatMap { file in
            file.lines.enumerated().compactMap { index, line -> String? in
                let code = SourceRulesTests.code(line)
                guard matches(code) else { return nil }
                return "\(file.path):\(index + 1): \(code.trimmingCharacters(in: .whitespaces))"
            }
        }
    }

    static func files(outside folders: [String]) throws -> [(path: String, lines: [String])] {
        try SourceRulesTests.sourceFiles().filter { file in !folders.contains { file.path.hasPrefix($0) } }
    }

    /// Expects no offenders; a gated check only records them as a known issue (and prints them) until
    /// `seamsRefactorMerged`.
    static func expectNone(
        _ offenders: [String], _ what: String, gated: Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let message = Comment(rawValue: "\(what) (\(offenders.count)):\n" + offenders.joined(separator: "\n"))
        guard gated, !seamsRefactorMerged else {
            #expect(offenders.isEmpty, message, sourceLocation: sourceLocation)
            return
        }
        if !offenders.isEmpty {
            print("ArchitectureTests, gated until seamsRefactorMerged: \(message.rawValue)")
        }
        withKnownIssue("gated until seamsRefactorMerged", isIntermittent: true) {
            #expect(offenders.isEmpty, message, sourceLocation: sourceLocation)
        }
    }

    // MARK: Matchers (each tested below on sample lines)

    /// `extension Store` (also `extension Store: P`, `extension Store where …`).
    static func extendsStore(_ code: Substring) -> Bool {
        code.contains(#/\bextension\s+Store\b/#)
    }

    /// SQLite's table of tables: a run-time check whether a table exists.
    static func readsSQLiteSchema(_ code: Substring) -> Bool {
        code.contains(#/\bsqlite_(master|schema)\b/#)
    }

    /// The connected-call condition written out instead of read from the `connected_calls` view.
    static func spellsConnectedCondition(_ code: Substring) -> Bool {
        code.contains(#/disposition\s+IN\s*\(\s*'(answered'\s*,\s*'transferred|transferred'\s*,\s*'answered)'\s*\)/#)
    }

    /// A row read by column position (`$0.int64(7)`, `row.text(0)`) instead of by name.
    static func readsByPosition(_ code: Substring) -> Bool {
        code.contains(#/\.(int64|text|optionalInt64|optionalInt|optionalText|blob|optionalBlob|isNull)\([0-9]/#)
    }

    /// A parameter's position looked up by hand (`statement.parameterIndex(":batch")`) instead of
    /// through `ParameterPositions`.
    static func resolvesParameterByHand(_ code: Substring) -> Bool {
        code.contains(#/\.parameterIndex\(/#)
    }

    /// A hand-written string escaper: a backslash doubled in a switch over scalars, or a `\u` escape
    /// built from a scalar's value.
    static func escapesStrings(_ code: Substring) -> Bool {
        code.contains(#/case\s+"\\\\"\s*:\s*\w+\s*\+=\s*"\\\\\\\\"/#) || code.contains(#/"\\\\u"\s*\+/#)
    }

    /// `table` named as a whole word (not `weight_feeds_x`, not `old_weight_feeds`).
    static func names(_ table: String) -> (Substring) -> Bool {
        { code in
            var rest = code[...]
            while let range = rest.range(of: table) {
                let before = range.lowerBound == code.startIndex ? nil : code[code.index(before: range.lowerBound)]
                let after = range.upperBound == code.endIndex ? nil : code[range.upperBound]
                let isWordCharacter = { (c: Character?) in c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
                if !isWordCharacter(before) && !isWordCharacter(after) { return true }
                rest = code[range.upperBound...]
            }
            return false
        }
    }

    /// Every table `Schema.swift` creates.
    static func tables() throws -> [String] {
        let text = try String(contentsOfFile: SourceRulesTests.packageRoot.appendingPathComponent(schema).path, encoding: .utf8)
        return Set(text.matches(of: #/CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_0-9]+)/#).map { String($0.output.1) }).sorted()
    }

    /// Tables a part owns, by the name's prefix, and the folder of the part.
    static let owners: [(part: String, folder: String, owns: @Sendable (String) -> Bool)] = [
        ("Scoring", "Sources/CallMeter/Scoring/", { $0.hasPrefix("score_") || $0 == "agent_scores" }),
        ("Routing", "Sources/CallMeter/Routing/", { $0.hasPrefix("weight_") }),
        ("Payroll", "Sources/CallMeter/Payroll/", { $0.hasPrefix("payroll_") }),
    ]

    /// The daemon's records: `daemon_state`, `nightly_runs`.
    static func isDaemonTable(_ table: String) -> Bool {
        table.hasPrefix("daemon_") || table.hasPrefix("nightly_")
    }

    // MARK: The seams

    /// Guards: one entry type per part (`Ingestion`, `Scoring`, `Weights`, `Payroll`, `Reporting`,
    /// `Maintenance`) instead of `extension Store` spread over folders; `Store` is the persistence
    /// kernel. Gated.
    @Test func storeIsExtendedOnlyInStore() throws {
        let offenders = Self.offenders(in: try Self.files(outside: [Self.store]), where: Self.extendsStore)
        Self.expectNone(offenders, "`extension Store` outside \(Self.store); give the part its own entry type", gated: true)
    }

    /// Guards: no run-time table-existence checks; the schema version says which tables exist. Gated.
    @Test func noTableExistenceChecksOutsideStore() throws {
        let offenders = Self.offenders(in: try Self.files(outside: [Self.store]), where: Self.readsSQLiteSchema)
        Self.expectNone(offenders, "`sqlite_master`/`sqlite_schema` outside \(Self.store)", gated: true)
    }

    /// Guards: the connected-call condition exists once, as the `connected_calls` view. Gated.
    @Test func connectedCallConditionOnlyInTheView() throws {
        let files = try SourceRulesTests.sourceFiles().filter { $0.path != Self.schema }
        let offenders = Self.offenders(in: files, where: Self.spellsConnectedCondition)
        Self.expectNone(offenders, "`disposition IN ('answered', 'transferred')` outside \(Self.schema); read `connected_calls`", gated: true)
    }

    /// Guards: rows are read by column name (`row.int64("calls")`), not by position. Gated.
    @Test func rowsAreReadByName() throws {
        let offenders = Self.offenders(in: try Self.files(outside: [Self.store]), where: Self.readsByPosition)
        Self.expectNone(offenders, "positional row reads outside \(Self.store); read columns by name", gated: true)
    }

    /// Guards: statements run once per row name their parameters once, as an enum, and bind by the
    /// positions `ParameterPositions` resolves (four importers each kept a hand-written table before).
    @Test func parameterPositionsAreResolvedInOnePlace() throws {
        let offenders = Self.offenders(in: try Self.files(outside: [Self.store]), where: Self.resolvesParameterByHand)
        Self.expectNone(offenders, "`parameterIndex` outside \(Self.store); list the parameters as an enum for `ParameterPositions`", gated: false)
    }

    /// Guards: one JSON string escaper (the one writer), not one per part. Gated.
    @Test func oneStringEscaper() throws {
        let offenders = Self.offenders(in: try SourceRulesTests.sourceFiles(), where: Self.escapesStrings)
        let files = Set(offenders.map { $0.prefix { $0 != ":" } })
        Self.expectNone(files.count <= 1 ? [] : offenders, "string escapers in \(files.count) files; use the one JSON writer", gated: true)
    }

    /// Guards: a part's derived tables are read and written only by that part (and by the schema,
    /// and by check/backup/restore); other parts get typed values through the owner's protocol.
    /// Gated.
    @Test func derivedTablesAreQueriedOnlyByTheirOwner() throws {
        let tables = try Self.tables()
        #expect(tables.contains("agent_scores") && tables.contains("weight_feeds") && tables.contains("payroll_calls"))
        var offenders: [String] = []
        for owner in Self.owners {
            let files = try Self.files(outside: [owner.folder, Self.schema] + Self.maintenance)
            for table in tables where owner.owns(table) {
                offenders += Self.offenders(in: files, where: Self.names(table)).map { "\($0)  [\(table) is \(owner.part)'s]" }
            }
        }
        Self.expectNone(offenders.sorted(), "another part's tables queried", gated: true)
    }

    /// Guards: the daemon's records (`daemon_state`, `nightly_runs`) are read and written in one
    /// folder (wherever they live: today `Store/`), not from every part that wants to know.
    @Test func daemonTablesLiveInOneFolder() throws {
        let daemonTables = try Self.tables().filter(Self.isDaemonTable)
        #expect(daemonTables.contains("daemon_state") && daemonTables.contains("nightly_runs"))
        let files = try Self.files(outside: [Self.schema] + Self.maintenance)
        let uses = daemonTables.flatMap { Self.offenders(in: files, where: Self.names($0)) }
        let folders = Set(uses.map { use in String(use.prefix { $0 != ":" }).split(separator: "/").dropLast().joined(separator: "/") })
        Self.expectNone(folders.count <= 1 ? [] : uses.sorted(), "daemon tables used from \(folders.count) folders", gated: false)
    }

    // MARK: The matchers themselves

    @Test func theMatchersCatchWhatTheyGuard() {
        #expect(Self.extendsStore("extension Store {"))
        #expect(Self.extendsStore("package extension Store: Sendable {"))
        #expect(!Self.extendsStore("extension StoreStatus {"))
        #expect(!Self.extendsStore("let extension = Storage()"))

        #expect(Self.readsSQLiteSchema(#"SELECT count(*) FROM sqlite_master WHERE type = 'table'"#))
        #expect(Self.readsSQLiteSchema("FROM sqlite_schema"))

        #expect(Self.spellsConnectedCondition("WHERE c.disposition IN ('answered', 'transferred')"))
        #expect(Self.spellsConnectedCondition("AND disposition IN ('transferred','answered')"))
        #expect(!Self.spellsConnectedCondition("AND disposition = 'answered'"))

        #expect(Self.readsByPosition("try $0.int64(7)"))
        #expect(Self.readsByPosition("row.optionalText(0)"))
        #expect(!Self.readsByPosition(#"try row.int64("calls")"#))
        #expect(!Self.readsByPosition("statement.int64(index)"))
        #expect(!Self.readsByPosition("[.int(0), .text(name)]"))

        #expect(Self.resolvesParameterByHand(#"batch = try insert.parameterIndex(":batch")"#))
        #expect(!Self.resolvesParameterByHand("try insert.bind(batch, at: parameters[.batch])"))

        #expect(Self.escapesStrings(#"case "\\": out += "\\\\""#))
        #expect(Self.escapesStrings(#"out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex"#))
        #expect(!Self.escapesStrings(#"default: out += "\\u{" + String(scalar.value, radix: 16) + "}""#))
        #expect(!Self.escapesStrings(#"case "\"": result += "&quot;""#))

        #expect(Self.names("weight_feeds")("SELECT version FROM weight_feeds WHERE"))
        #expect(Self.names("weight_feeds")("FROM weight_feeds"))
        #expect(!Self.names("weight_feeds")("FROM weight_feeds_old"))
        #expect(!Self.names("agent_scores")("FROM old_agent_scores"))
    }
}
