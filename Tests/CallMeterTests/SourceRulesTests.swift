import Foundation
import Testing

/// Rules checked on the source text itself: SQL is built only from constants (values are bound),
/// and nothing in `Sources/` traps on purpose (`try!`, `fatalError(`).
@Suite struct SourceRulesTests {
    /// A line of a source file, with its place.
    struct SourceLine {
        var file: String
        var number: Int
        var text: String
        var place: String { "\(file):\(number)" }
    }

    /// The package root: three levels above this file (`Tests/CallMeterTests/SourceRulesTests.swift`).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `.swift` file under `Sources/`, relative path and lines.
    static func sourceFiles() throws -> [(path: String, lines: [String])] {
        let sources = packageRoot.appendingPathComponent("Sources")
        guard let enumerator = FileManager.default.enumerator(atPath: sources.path) else { return [] }
        var files: [(path: String, lines: [String])] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".swift") else { continue }
            let text = try String(contentsOfFile: sources.appendingPathComponent(relative).path, encoding: .utf8)
            files.append(("Sources/" + relative, text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The code part of a line: without a trailing `//` comment (a `//` inside a string literal on the
    /// line, such as a URL, also cuts the line; that only makes the checks below more lenient for it).
    static func code(_ line: String) -> Substring {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix("//") { return "" }
        if let range = line.range(of: "//") { return line[..<range.lowerBound] }
        return line[...]
    }

    static let safeMarker = "// Safe:"

    /// Lines that build SQL with string interpolation without a `// Safe:` marker on the line, the
    /// line before, or the line before the opening `"""` of the multi-line literal the line is in.
    static func unsafeSQLLines(_ path: String, _ lines: [String]) -> [SourceLine] {
        var found: [SourceLine] = []
        var literalStart: Int?  // index of the line that opened the current multi-line literal
        for (index, line) in lines.enumerated() {
            let code = code(line)
            let covered = { (i: Int) -> Bool in i >= 0 && i < lines.count && lines[i].contains(safeMarker) }
            if code.contains(#/\b(SELECT|INSERT|UPDATE|DELETE|WHERE)\b.*\\\(/#) {
                var safe = covered(index) || covered(index - 1)
                if let start = literalStart { safe = safe || covered(start) || covered(start - 1) }
                if !safe { found.append(SourceLine(file: path, number: index + 1, text: line)) }
            }
            // Track multi-line string literals: an odd number of `"""` on a line toggles the state.
            let delimiters = line.components(separatedBy: "\"\"\"").count - 1
            if delimiters % 2 == 1 { literalStart = literalStart == nil ? index : nil }
        }
        return found
    }

    @Test func sqlIsBuiltOnlyFromMarkedConstants() throws {
        let files = try Self.sourceFiles()
        #expect(files.count > 50, "found only \(files.count) files under \(Self.packageRoot.path)/Sources")
        let offenders = files.flatMap { Self.unsafeSQLLines($0.path, $0.lines) }
        #expect(offenders.isEmpty, """
            SQL built with string interpolation; bind values with `?`, or, if only a constant of the file is \
            interpolated, say so with a `// Safe:` comment on the line or the line before:
            \(offenders.map { "\($0.place): \($0.text.trimmingCharacters(in: .whitespaces))" }.joined(separator: "\n"))
            """)
    }

    /// Every query is a literal today: not even a constant is interpolated, so no line needs the
    /// marker (it stays for a case that cannot be helped, to be argued in review).
    @Test func noQueryNeedsTheSafeMarker() throws {
        let files = try Self.sourceFiles()
        let markers = files.flatMap { file in
            file.lines.enumerated().filter { $0.element.contains(Self.safeMarker) }.map { "\(file.path):\($0.offset + 1)" }
        }
        #expect(markers == [])
    }

    @Test func theSQLCheckCatchesInterpolation() {
        let lines = [
            #"let a = try connection.cached("SELECT name FROM agents WHERE agent_id = '\(id)'")"#,
            "// Safe: a constant",
            #"let b = try connection.cached("SELECT \(columns) FROM agents")"#,
            #"let c = try connection.cached(""""#,
            #"    SELECT x FROM t"#,
            #"    WHERE y = \(value)"#,
            #"    """)"#,
            "// Safe: a constant",
            #"let d = try connection.cached(""""#,
            #"    SELECT x FROM t"#,
            #"    WHERE \(condition)"#,
            #"    """)"#,
            #"// SELECT \(comment) is not code"#,
        ]
        #expect(Self.unsafeSQLLines("F.swift", lines).map(\.number) == [1, 6])
    }

    @Test func nothingTrapsOnPurpose() throws {
        var offenders: [String] = []
        for file in try Self.sourceFiles() {
            for (index, line) in file.lines.enumerated() {
                let code = Self.code(line)
                if code.contains("try!") { offenders.append("\(file.path):\(index + 1): try!") }
                if code.contains("fatalError(") { offenders.append("\(file.path):\(index + 1): fatalError(") }
            }
        }
        #expect(offenders.isEmpty, "trapping code in Sources:\n\(offenders.joined(separator: "\n"))")
    }
}
