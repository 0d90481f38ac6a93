import Testing
@testable import CallMeter

private func object(_ text: String) throws(RulesError) -> RuleObject {
    try RulesFile.parse(text, file: "rules.json").rootObject()
}

@Test func readsTypedValues() throws {
    let o = try object("""
    {
      "name": "Gold", "calls": 120, "paid": true, "rate": "0.45", "bonus": 12.5,
      "scale": {"min": 1}, "tiers": [{"from": 0}, {"from": 10}], "note": null
    }
    """)
    #expect(try o.string("name") == "Gold")
    #expect(try o.int("calls") == 120)
    #expect(try o.bool("paid") == true)
    #expect(try o.decimalString("rate") == "0.45")
    #expect(try o.decimalString("bonus") == "12.5")
    let scale = try o.object("scale")
    #expect(try scale.int("min") == 1)
    #expect(scale.keyPath == "scale")
    let froms = try o.array("tiers").map { value throws(RulesError) in try value.object().int("from") }
    #expect(froms == [0, 10])
    #expect(try o.optionalString("note") == nil)
    #expect(try o.optionalInt("absent") == nil)
    #expect(try o.optionalObject("absent") == nil)
    #expect(try o.optionalArray("absent") == nil)
    #expect(try o.optionalBool("absent") == nil)
    #expect(try o.optionalDecimalString("absent") == nil)
    #expect(throws: Never.self) { try o.rejectUnknownKeys() }
}

@Test func unknownKeyErrorNamesThePathAndTheAllowedKeys() throws {
    let o = try object("""
    {
      "rating_scale": {"min": 1, "max": 5, "step": 1}
    }
    """)
    let scale = try o.object("rating_scale")
    _ = try scale.int("min")
    _ = try scale.int("max")
    _ = try scale.optionalInt("default")
    let error = #expect(throws: RulesError.self) { try scale.rejectUnknownKeys() }
    #expect(error?.keyPath == "rating_scale.step")
    #expect(error?.reason == "unknown key \"step\"; allowed keys: min, max, default")
    #expect(error?.line == 2)
    #expect(error?.column == 40)
}

@Test func misspeltOptionalKeyIsReported() throws {
    let o = try object(#"{"timezone": "UTC", "rating_sacle": {}}"#)
    _ = try o.string("timezone")
    #expect(try o.optionalObject("rating_scale") == nil)
    let error = #expect(throws: RulesError.self) { try o.rejectUnknownKeys() }
    #expect(error?.keyPath == "rating_sacle")
    #expect(error?.reason.contains("allowed keys: timezone, rating_scale") == true)
}

@Test func unknownKeyInAnEmptyReader() throws {
    let o = try object(#"{"x": 1}"#)
    let error = #expect(throws: RulesError.self) { try o.rejectUnknownKeys() }
    #expect(error?.reason == "unknown key \"x\"; allowed keys: none")
}

@Test func keyPathsThroughArrays() throws {
    let o = try object(#"{"tiers": [{"rates": []}, {"rates": [{"from": "ten"}]}]}"#)
    let tiers = try o.array("tiers")
    let rates = try tiers[1].object().array("rates")
    let error = #expect(throws: RulesError.self) { try rates[0].object().int("from") }
    #expect(error?.keyPath == "tiers[1].rates[0].from")
    #expect(error?.reason == "expected an integer, found a string (\"ten\")")
    #expect(error?.column == 47)
}

@Test func oddKeysAreQuotedInKeyPaths() throws {
    let o = try object(#"{"queues": {"sales.eu": {"a": 1}, "Zürich": {"b": 2}}}"#)
    let queues = try o.object("queues")
    let error = #expect(throws: RulesError.self) { try queues.object("sales.eu").string("a") }
    #expect(error?.keyPath == #"queues["sales.eu"].a"#)
    let other = #expect(throws: RulesError.self) { try queues.object("Zürich").string("b") }
    #expect(other?.keyPath == "queues.Zürich.b")
}

struct WrongType: Sendable {
    let json: String
    let read: @Sendable (RuleObject) throws -> Void
    let reason: String
}

@Test(arguments: [
    WrongType(json: #""5""#, read: { _ = try $0.int("v") }, reason: "expected an integer, found a string (\"5\")"),
    WrongType(json: "1.5", read: { _ = try $0.int("v") }, reason: "expected an integer, found a number (1.5)"),
    WrongType(json: "1e3", read: { _ = try $0.int("v") }, reason: "expected an integer, found a number (1e3)"),
    WrongType(json: "null", read: { _ = try $0.int("v") }, reason: "expected an integer, found null"),
    WrongType(json: "3", read: { _ = try $0.string("v") }, reason: "expected a string, found a number (3)"),
    WrongType(json: "\"yes\"", read: { _ = try $0.bool("v") }, reason: "expected true or false, found a string (\"yes\")"),
    WrongType(json: "[]", read: { _ = try $0.object("v") }, reason: "expected an object, found an array"),
    WrongType(json: "{}", read: { _ = try $0.array("v") }, reason: "expected an array, found an object"),
    WrongType(json: "true", read: { _ = try $0.optionalString("v") }, reason: "expected a string, found a boolean (true)"),
    WrongType(json: "\"\\u001b[31m\"", read: { _ = try $0.int("v") }, reason: "expected an integer, found a string (\"\\u001B[31m\")"),
])
func wrongTypeNamesTheKeyAndBothTypes(_ test: WrongType) throws {
    let o = try object("{\"v\": \(test.json)}")
    let error = #expect(throws: RulesError.self) { try test.read(o) }
    #expect(error?.keyPath == "v")
    #expect(error?.reason == test.reason)
    #expect(error?.line == 1)
    #expect(error?.column == 7)
}

@Test func missingRequiredKeyPointsAtTheObject() throws {
    let o = try object("{\n  \"scale\": {\"min\": 1}\n}")
    let scale = try o.object("scale")
    let error = #expect(throws: RulesError.self) { try scale.int("max") }
    #expect(error?.keyPath == "scale.max")
    #expect(error?.reason == "missing required key \"max\"")
    #expect(error?.line == 2)
    #expect(error?.column == 12)
}

@Test func rootMustBeAnObject() {
    let error = #expect(throws: RulesError.self) { try object("[1]") }
    #expect(error?.reason == "expected an object, found an array")
    #expect(error?.keyPath == "")
}

@Test func integerRangesAndOverflow() throws {
    let o = try object(#"{"small": 7, "huge": 99999999999999999999, "negative": -1}"#)
    #expect(try o.int("small", in: 0...10) == 7)
    let huge = #expect(throws: RulesError.self) { try o.int("huge") }
    #expect(huge?.reason == "the integer 99999999999999999999 is too large")
    #expect(huge?.keyPath == "huge")
    let negative = #expect(throws: RulesError.self) { try o.optionalInt("negative", in: 0...100) }
    #expect(negative?.reason == "must be between 0 and 100, found -1")
}

@Test(arguments: [
    ("\"0.45\"", "0.45"), ("0.45", "0.45"), ("\"12\"", "12"), ("12", "12"),
    ("\"-3.5\"", "-3.5"), ("-0.001", "-0.001"), ("\"0\"", "0"),
])
func decimalStringsAreReturnedAsWritten(_ json: String, _ expected: String) throws {
    #expect(try object("{\"d\": \(json)}").decimalString("d") == expected)
}

@Test(arguments: ["\"1e3\"", "1e3", "\".5\"", "\"1.\"", "\"01.5\"", "\"+1\"", "\" 1\"", "\"abc\"", "\"\"", "\"-\"", "\"1,5\"", "true", "[]"])
func decimalStringsRefuseAnythingElse(_ json: String) throws {
    let error = #expect(throws: RulesError.self) { try object("{\"d\": \(json)}").decimalString("d") }
    #expect(error?.reason.hasPrefix("expected a decimal number such as \"0.45\", found") == true)
    #expect(error?.keyPath == "d")
}

@Test func entriesMarkEveryKeyAsRead() throws {
    let o = try object(#"{"queues": {"sales": 3, "support": 5}}"#)
    let queues = try o.object("queues")
    let pairs = try queues.entries().map { entry throws(RulesError) in (entry.key, try entry.value.int()) }
    #expect(pairs.map(\.0) == ["sales", "support"])
    #expect(pairs.map(\.1) == [3, 5])
    #expect(pairs.isEmpty == false)
    #expect(throws: Never.self) { try queues.rejectUnknownKeys() }
    #expect(queues.keys == ["sales", "support"])
}

@Test func errorsForChecksAcrossKeys() throws {
    let o = try object(#"{"from": 10, "to": 5}"#)
    let at = o.error("must not be before from", at: "to")
    #expect(at.keyPath == "to")
    #expect(at.column == 20)
    let whole = o.error("empty range")
    #expect(whole.keyPath == "")
    #expect(whole.column == 1)
    let absent = o.error("needed with from", at: "until")
    #expect(absent.keyPath == "until")
    #expect(absent.column == 1)
}
