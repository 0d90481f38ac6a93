/// The positions of a prepared statement's named parameters, resolved once by name, for the
/// statements an importer runs once per row of a file: binding by position then skips SQLite's
/// name lookup for every value of every row.
///
/// `Name` lists the parameters as the cases of an `Int` enum without explicit raw values (so they
/// are 0, 1, 2, …); a case `callerHash` is the parameter `:caller_hash`, `callID` is `:call_id`. A parameter the statement
/// lacks is an `SQLiteError` naming it, thrown where the statement is prepared.
package struct ParameterPositions<Name: RawRepresentable & CaseIterable> where Name.RawValue == Int {
    private let positions: [Int32]

    package init(_ statement: Statement) throws(SQLiteError) {
        var positions = [Int32](repeating: 0, count: Name.allCases.count)
        for name in Name.allCases {
            positions[name.rawValue] = try statement.parameterIndex(":" + Self.snakeCase(String(describing: name)))
        }
        self.positions = positions
    }

    package subscript(_ name: Name) -> Int32 { positions[name.rawValue] }

    /// `callerHash` → `caller_hash`, `callID` → `call_id` (a run of capitals is one word).
    static func snakeCase(_ name: String) -> String {
        var result = ""
        var previousWasUppercase = false
        for character in name {
            if character.isUppercase && !previousWasUppercase { result += "_" }
            result += character.lowercased()
            previousWasUppercase = character.isUppercase
        }
        return result
    }
}
