/// A JSON value read from a rule file, with the position where it starts.
///
/// Objects keep their members in file order so that errors about unknown keys come out in the
/// order the user wrote them.
package struct JSONValue: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        case number(JSONNumber)
        case string(String)
        case array([JSONValue])
        case object([JSONMember])
    }

    package let kind: Kind
    package let position: SourcePosition

    package init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }

    /// What the value is, for "expected …, found …" reasons: `a string ("5")`, `an object`.
    package var summary: String {
        switch kind {
        case .null: "null"
        case .bool(let value): "a boolean (\(value))"
        case .number(let number): "a number (\(String(number.literal.prefix(40))))"
        case .string(let text): "a string (\(text.rulesQuoted()))"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One `"key": value` of an object; the key's own position is where duplicate and unknown key
/// errors point.
package struct JSONMember: Sendable, Equatable {
    package let key: String
    package let keyPosition: SourcePosition
    package let value: JSONValue

}
