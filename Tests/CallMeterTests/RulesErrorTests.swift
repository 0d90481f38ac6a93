import Testing
@testable import CallMeter

private func error(file: String = "r.json", line: Int? = 1, column: Int? = 1, keyPath: String = "", reason: String = "bad", sourceLine: String? = nil) -> RulesError {
    let position = line.flatMap { line in column.map { SourcePosition(line: line, column: $0) } }
    return RulesError(file: file, position: position, keyPath: keyPath, reason: reason, sourceLine: sourceLine)
}

@Test(arguments: [
    (error(line: nil, column: nil), "r.json: bad"),
    (error(line: 3, column: 7), "r.json:3:7: bad"),
    (error(line: 3, column: 7, keyPath: "tiers[2].rates[0].from"), "r.json:3:7: tiers[2].rates[0].from: bad"),
    (error(line: 1, column: 3, keyPath: "a", sourceLine: "[ x ]"), "r.json:1:3: a: bad\n[ x ]\n  ^"),
    (error(line: 1, column: 6, sourceLine: "[1, 2"), "r.json:1:6: bad\n[1, 2\n     ^"),
    (error(line: 2, column: 3, sourceLine: "[1,\r"), "r.json:2:3: bad\n[1,\n  ^"),
    (error(line: 1, column: 3, sourceLine: "\u{1B}[31m"), "r.json:1:3: bad\n\u{FFFD}[31m\n  ^"),
] as [(RulesError, String)])
func descriptionFormat(_ error: RulesError, _ expected: String) {
    #expect(error.description == expected)
}

@Test func longLinesAreCutAroundTheColumn() {
    let line = String(repeating: "a", count: 500) + "X" + String(repeating: "b", count: 500)
    let description = error(line: 1, column: 501, sourceLine: line).description
    let lines = description.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count == 3)
    #expect(lines[1] == "…" + String(repeating: "a", count: 60) + "X" + String(repeating: "b", count: 59) + "…")
    #expect(lines[2] == String(repeating: " ", count: 61) + "^")
}

@Test func errorsAreEquatableAndSendable() {
    let a = error(keyPath: "x")
    let b: any Error & Sendable = error(keyPath: "x")
    #expect(a == (b as? RulesError))
}
