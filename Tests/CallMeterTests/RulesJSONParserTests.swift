import Testing
@testable import CallMeter

private func parse(_ text: String) throws(RulesError) -> JSONValue {
    try RulesJSONParser.parse(text, file: "test.json")
}

private func members(_ value: JSONValue) -> [JSONMember] {
    guard case .object(let members) = value.kind else { return [] }
    return members
}

private func elements(_ value: JSONValue) -> [JSONValue] {
    guard case .array(let elements) = value.kind else { return [] }
    return elements
}

// MARK: Accepted input

@Test func parsesEveryKindOfValue() throws {
    let root = try parse(#"{"s": "x", "n": -12.5e3, "t": true, "f": false, "z": null, "a": [1, []], "o": {}}"#)
    let kinds = members(root).map(\.value.kind)
    #expect(kinds == [
        .string("x"), .number(JSONNumber(literal: "-12.5e3")), .bool(true), .bool(false), .null,
        .array([
            JSONValue(.number(JSONNumber(literal: "1")), at: SourcePosition(line: 1, column: 66)),
            JSONValue(.array([]), at: SourcePosition(line: 1, column: 69)),
        ]),
        .object([]),
    ])
}

@Test(arguments: [
    "// leading\n{\"a\": 1}",
    "{\"a\": 1} // trailing, no line break at the end",
    "{\"a\": 1}\n/* trailing block */",
    "{ /* before key */ \"a\" /* before colon */ : /* before value */ 1 /* before brace */ }",
    "{\n  // a comment\n  \"a\": 1 // after a value\n}",
    "/* several\n   lines\n   ** with stars */ {\"a\": 1}",
    "{\"a\": 1 /* not nested: /* still one comment */}",
])
func acceptsComments(_ text: String) throws {
    let root = try parse(text)
    #expect(members(root).map(\.key) == ["a"])
}

@Test func commentMarkersInsideStringsAreText() throws {
    let root = try parse(#"{"url": "http://example.com/*x*/"}"#)
    #expect(members(root).first?.value.kind == .string("http://example.com/*x*/"))
}

@Test func keepsNumberLiterals() throws {
    let root = try parse("[0.45, 0.29, -0, 1E+2, 123456789012345678901234567890]")
    let literals = elements(root).compactMap { value -> String? in
        guard case .number(let number) = value.kind else { return nil }
        return number.literal
    }
    #expect(literals == ["0.45", "0.29", "-0", "1E+2", "123456789012345678901234567890"])
}

@Test(arguments: [
    (#""plain""#, "plain"),
    (#""\" \\ \/ \b \f \n \r \t""#, "\" \\ / \u{8} \u{C} \n \r \t"),
    (#""\u00e9\u00C9\u0000""#, "éÉ\u{0}"),
    (#""\ud83d\ude00 \uD834\uDD1E""#, "😀 𝄞"),
    (#""raw é 日本 😀""#, "raw é 日本 😀"),
])
func decodesStrings(_ json: String, _ expected: String) throws {
    #expect(try parse(json).kind == .string(expected))
}

// MARK: Positions

@Test func recordsPositionsOfValuesAndKeys() throws {
    let text = """
    {
      "a": 1,
      "list": [true,
               null],
    \t"b": {"c": "x"}
    }
    """
    let root = try parse(text)
    #expect(root.position == SourcePosition(line: 1, column: 1))
    let m = members(root)
    #expect(m.map(\.keyPosition) == [
        SourcePosition(line: 2, column: 3), SourcePosition(line: 3, column: 3), SourcePosition(line: 5, column: 2),
    ])
    #expect(m[0].value.position == SourcePosition(line: 2, column: 8))
    #expect(elements(m[1].value).map(\.position) == [SourcePosition(line: 3, column: 12), SourcePosition(line: 4, column: 12)])
    #expect(members(m[2].value).first?.value.position == SourcePosition(line: 5, column: 13))
}

@Test(arguments: [
    // Columns count characters: "é" is 2 bytes, "日本" 6, "👍🏽" 8 (two scalars, one character),
    // and "e\u{301}" is one character of two scalars.
    (#"{"é": 1}"#, 7),
    (#"{"日本": 1}"#, 8),
    (#"{"👍🏽": 1}"#, 7),
    ("{\"e\u{301}\": 1}", 7),
    ("/* ü */ {\"k\": 1}", 15),
])
func columnsCountCharactersNotBytes(_ text: String, _ column: Int) throws {
    #expect(members(try parse(text)).first?.value.position == SourcePosition(line: 1, column: column))
}

@Test func positionsAfterCRLFLineBreaks() throws {
    let root = try parse("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}")
    #expect(members(root).map(\.value.position) == [SourcePosition(line: 2, column: 8), SourcePosition(line: 3, column: 8)])
}

@Test func positionsOnOneLongLine() throws {
    let items = (0..<2_000).map { "\"ä\($0)\"" }.joined(separator: ",")
    let root = try parse("[" + items + "]")
    let last = try #require(elements(root).last)
    // Each item before the last is 2 quotes + "ä" + digits + ",".
    let before = (0..<1_999).reduce(0) { $0 + 4 + String($1).count }
    #expect(last.position == SourcePosition(line: 1, column: 2 + before))
}

// MARK: Syntax errors

struct SyntaxCase: Sendable, CustomTestStringConvertible {
    let text: String
    let line: Int
    let column: Int
    let reason: String
    var keyPath = ""
    var testDescription: String { text.rulesQuoted() }
}

@Test(arguments: [
    SyntaxCase(text: "", line: 1, column: 1, reason: "holds no JSON value"),
    SyntaxCase(text: "  // only a comment\n", line: 2, column: 1, reason: "holds no JSON value"),
    SyntaxCase(text: #"{"a": 1,}"#, line: 1, column: 8, reason: "trailing comma"),
    SyntaxCase(text: "[1,\n 2,\n]", line: 2, column: 3, reason: "trailing comma"),
    SyntaxCase(text: #"{"a" 1}"#, line: 1, column: 6, reason: "expected ':' after the key \"a\", found '1'"),
    SyntaxCase(text: "{\"a\": 1\n \"b\": 2}", line: 2, column: 2, reason: "expected ',' or '}'"),
    SyntaxCase(text: "[1 2]", line: 1, column: 4, reason: "expected ',' or ']'"),
    SyntaxCase(text: "[1,,2]", line: 1, column: 4, reason: "unexpected ','", keyPath: "[1]"),
    SyntaxCase(text: "{a: 1}", line: 1, column: 2, reason: "keys must be in double quotes"),
    SyntaxCase(text: "{'a': 1}", line: 1, column: 2, reason: "keys must be in double quotes"),
    SyntaxCase(text: #"{"a": 'x'}"#, line: 1, column: 7, reason: "double quotes, not single", keyPath: "a"),
    SyntaxCase(text: #"{"a": Europe/Zurich}"#, line: 1, column: 7, reason: "unexpected word \"Europe\"; text values must be in double quotes", keyPath: "a"),
    SyntaxCase(text: "[True]", line: 1, column: 2, reason: "JSON spells it true", keyPath: "[0]"),
    SyntaxCase(text: "[nul]", line: 1, column: 2, reason: "unexpected word \"nul\"", keyPath: "[0]"),
    SyntaxCase(text: "\"abc", line: 1, column: 1, reason: "unterminated string"),
    SyntaxCase(text: "{\"a\":\n  \"x\ny\"}", line: 2, column: 5, reason: "line break inside a string", keyPath: "a"),
    SyntaxCase(text: "[\"é\u{1}\"]", line: 1, column: 4, reason: "control character U+0001", keyPath: "[0]"),
    SyntaxCase(text: #"["a\qb"]"#, line: 1, column: 4, reason: "invalid escape '\\' followed by 'q'", keyPath: "[0]"),
    SyntaxCase(text: #""\u12G4""#, line: 1, column: 2, reason: "four hex digits"),
    SyntaxCase(text: #""\u12""#, line: 1, column: 2, reason: "four hex digits"),
    SyntaxCase(text: #""\ud83d""#, line: 1, column: 2, reason: "unpaired surrogate \\uD83D"),
    SyntaxCase(text: #""\ud83d\u0041""#, line: 1, column: 2, reason: "unpaired surrogate \\uD83D"),
    SyntaxCase(text: #""\ude00""#, line: 1, column: 2, reason: "unpaired surrogate \\uDE00"),
    SyntaxCase(text: "01", line: 1, column: 1, reason: "cannot start with 0"),
    SyntaxCase(text: "-x", line: 1, column: 2, reason: "expected a digit after '-', found 'x'"),
    SyntaxCase(text: "1.", line: 1, column: 3, reason: "expected a digit after '.', found end of input"),
    SyntaxCase(text: "1.e5", line: 1, column: 3, reason: "expected a digit after '.'"),
    SyntaxCase(text: "1e+", line: 1, column: 4, reason: "expected a digit in the exponent"),
    SyntaxCase(text: ".5", line: 1, column: 1, reason: "unexpected '.'"),
    SyntaxCase(text: "+1", line: 1, column: 1, reason: "unexpected '+'"),
    SyntaxCase(text: "\u{A0}1", line: 1, column: 1, reason: "unexpected U+00A0"),
    SyntaxCase(text: "{\"a\": 1} x", line: 1, column: 10, reason: "unexpected 'x' after the end"),
    SyntaxCase(text: "{}\n{}", line: 2, column: 1, reason: "after the end of the JSON value"),
    SyntaxCase(text: "{\"a\": 1}\n/* open", line: 2, column: 1, reason: "unterminated comment"),
    SyntaxCase(text: "[1, / 2]", line: 1, column: 5, reason: "comments start with // or /*"),
    SyntaxCase(text: "{\"a\": 1", line: 1, column: 8, reason: "the object opened at line 1, column 1 is not closed"),
    SyntaxCase(text: "{\"a\": [1,\n", line: 2, column: 1, reason: "the array opened at line 1, column 7 is not closed", keyPath: "a"),
    SyntaxCase(text: "{\"a\":", line: 1, column: 6, reason: "unexpected end of input; expected a value", keyPath: "a"),
    SyntaxCase(text: "{\"a\": 1, \"a\": 2}", line: 1, column: 10, reason: "duplicate key \"a\"; it is already set at line 1, column 2", keyPath: "a"),
    SyntaxCase(text: "{\"tiers\": [{\"from\": 1,, }]}", line: 1, column: 23, reason: "expected a key in double quotes", keyPath: "tiers[0]"),
])
func syntaxErrorsHaveLineAndColumn(_ test: SyntaxCase) {
    let error = #expect(throws: RulesError.self) { try parse(test.text) }
    #expect(error?.file == "test.json")
    #expect(error?.line == test.line)
    #expect(error?.column == test.column)
    #expect(error?.keyPath == test.keyPath)
    #expect(error?.reason.contains(test.reason) == true, "\(error?.reason ?? "no error")")
}

@Test func duplicateKeysAreComparedAsUnicodeText() {
    // Precomposed and decomposed "é" are the same key to Swift, so they must not both be allowed.
    let error = #expect(throws: RulesError.self) { try parse("{\"\u{E9}\": 1, \"e\u{301}\": 2}") }
    #expect(error?.reason.contains("duplicate key") == true)
}

@Test func nestingUpToTheLimitIsAccepted() throws {
    let depth = RulesJSONParser.maximumDepth
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(throws: Never.self) { try parse(text) }
}

@Test(arguments: [RulesJSONParser.maximumDepth + 1, 100_000])
func deeperNestingIsRejected(depth: Int) {
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    let error = #expect(throws: RulesError.self) { try parse(text) }
    #expect(error?.reason.contains("nested more than 64 levels") == true)
    #expect(error?.column == RulesJSONParser.maximumDepth + 1)
}

@Test func deeplyNestedObjectsAreRejected() {
    let text = String(repeating: "{\"k\":", count: 1_000) + "1" + String(repeating: "}", count: 1_000)
    let error = #expect(throws: RulesError.self) { try parse(text) }
    #expect(error?.keyPath == Array(repeating: "k", count: 64).joined(separator: "."))
}

@Test func everyTruncationOfAValidFileIsAnError() throws {
    let text = """
    // a rule file
    {"name": "Zürich \\u00e9\\ud83d\\ude00", "rate": -0.45e-2, "ok": [true, false, null],
     /* nested */ "n": {"x": 10}}
    """
    #expect(throws: Never.self) { try parse(text) }
    let characters = Array(text)
    for length in 0..<characters.count {
        let prefix = String(characters[..<length])
        // Cutting inside the final "}" or after a complete inner value must still fail.
        #expect(throws: RulesError.self, "prefix of length \(length)") { try parse(prefix) }
    }
}

@Test func arbitraryBytesNeverCrash() {
    // A cheap fuzz pass: every single-byte change of a valid file either parses or throws.
    let text = #"{"a": [1, "x\u00e9", {"b": null}], "c": -0.5e1 /* c */}"#
    let bytes = Array(text.utf8)
    let replacements: [UInt8] = [0x00, 0x0A, 0x22, 0x2C, 0x2F, 0x2A, 0x5B, 0x5C, 0x5D, 0x7B, 0x7D, 0x80, 0xFF]
    for offset in bytes.indices {
        for replacement in replacements {
            var mutated = bytes
            mutated[offset] = replacement
            _ = try? RulesFile.parse(mutated, file: "fuzz.json")
        }
    }
}

// MARK: Numbers

@Test(arguments: [
    ("0", 0), ("-0", 0), ("42", 42), ("-17", -17),
    ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min),
])
func readsIntegers(_ literal: String, _ expected: Int) {
    #expect(JSONNumber(literal: literal).integer() == .success(expected))
}

@Test(arguments: [
    ("9223372036854775808", JSONNumber.IntegerProblem.outOfRange),
    ("-9223372036854775809", .outOfRange),
    ("123456789012345678901234567890", .outOfRange),
    ("1.0", .notAnInteger),
    ("1.5", .notAnInteger),
    ("1e2", .notAnInteger),
    ("1E-2", .notAnInteger),
])
func refusesNonIntegers(_ literal: String, _ problem: JSONNumber.IntegerProblem) {
    #expect(JSONNumber(literal: literal).integer() == .failure(problem))
}

// MARK: Encoding and error text

@Test(arguments: [
    ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x20, 0x22, 0xFF, 0x22, 0x7D], 1, 8),               // {"a": "\xFF"}
    ([0x7B, 0x0A, 0x22, 0xC3, 0xA9, 0xC3, 0x22, 0x3A, 0x31, 0x7D], 2, 3),               // é then a cut-off é
    ([0x5B, 0xED, 0xA0, 0x80, 0x5D], 1, 2),                                              // encoded surrogate
    ([0x5B, 0xC0, 0xAF, 0x5D], 1, 2),                                                    // overlong "/"
] as [([UInt8], Int, Int)])
func invalidUTF8IsAnErrorWithItsPosition(_ bytes: [UInt8], _ line: Int, _ column: Int) {
    let error = #expect(throws: RulesError.self) { try RulesFile.parse(bytes, file: "bad.json") }
    #expect(error?.line == line)
    #expect(error?.column == column)
    #expect(error?.reason.contains("invalid UTF-8") == true)
}

@Test func byteOrderMarkIsSkipped() throws {
    let file = try RulesFile.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8), file: "bom.json")
    #expect(members(file.root).first?.keyPosition == SourcePosition(line: 1, column: 2))
}

@Test func errorDescriptionShowsTheLineAndACaret() {
    let error = #expect(throws: RulesError.self) { try parse("{\n  \"rate\": 0.45,\n  \"name\" \"x\"\n}") }
    #expect(error?.description == """
    test.json:3:10: expected ':' after the key "name", found '"'
      "name" "x"
             ^
    """)
}

@Test func caretFollowsTabsAndWideCharacters() {
    let error = #expect(throws: RulesError.self) { try parse("{\n\t\"日本\": x}") }
    #expect(error?.description == "test.json:2:8: 日本: unexpected word \"x\"; text values must be in double quotes\n\t\"日本\": x}\n\t      ^")
}
