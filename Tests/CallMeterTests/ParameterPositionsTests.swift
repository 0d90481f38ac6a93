import Testing
@testable import CallMeter

/// The parameters of a statement, listed as the cases of an enum (`callerHash` is `:caller_hash`).
private enum Parameter: Int, CaseIterable {
    case callID, callerHash, at
}

@Test(arguments: [("callerHash", "caller_hash"), ("callID", "call_id"), ("at", "at"), ("sourceLine", "source_line"), ("uniqueid", "uniqueid")])
func parameterNamesAreTheCasesInSnakeCase(name: String, parameter: String) {
    #expect(ParameterPositions<Parameter>.snakeCase(name) == parameter)
}

@Test func bindsByThePositionsResolvedOnce() throws {
    let connection = try Connection(path: ":memory:")
    try connection.execute("CREATE TABLE t (a TEXT, b INTEGER, c INTEGER)")
    // Parameters in another order than the enum's cases: positions come from the names.
    let insert = try connection.prepare("INSERT INTO t (a, b, c) VALUES (:at, :call_id, :caller_hash)")
    let positions = try ParameterPositions<Parameter>(insert)
    try insert.bind("x", at: positions[.at])
    try insert.bind(Int64(7), at: positions[.callID])
    try insert.bind(Int64(9), at: positions[.callerHash])
    while try insert.step() {}
    #expect(try connection.scalarInt("SELECT b * 10 + c FROM t WHERE a = 'x'") == 79)
}

@Test func aParameterTheStatementLacksIsAnErrorNamingIt() throws {
    let connection = try Connection(path: ":memory:")
    try connection.execute("CREATE TABLE t (a TEXT)")
    let insert = try connection.prepare("INSERT INTO t (a) VALUES (:at)")
    #expect {
        _ = try ParameterPositions<Parameter>(insert)
    } throws: { error in
        "\(error)".contains(":call_id")
    }
}
