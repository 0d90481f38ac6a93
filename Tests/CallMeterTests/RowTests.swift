import Testing
@testable import CallMeter

@Test func rowsAreReadByColumnNameWithArgumentsBoundByName() throws {
    let connection = try Connection(path: ":memory:", create: true)
    try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score INTEGER, data BLOB) STRICT")
    let insert = "INSERT INTO t (name, score, data) VALUES (:name, :score, :data)"
    try connection.run(insert, [":name": .text("a"), ":score": .int(Int64(7)), ":data": .blob([1, 2])])
    try connection.run(insert, [":name": .text(nil as String?), ":score": .int(nil as Int64?), ":data": .null])
    let rows = try connection.rows("SELECT score, name, data, id FROM t WHERE id >= :first ORDER BY id", [":first": .int(1)]) {
        (try $0.optionalText("name"), try $0.optionalInt64("score"), try $0.optionalBlob("data"), try $0.int("id"))
    }
    #expect(rows.count == 2)
    #expect(rows[0].0 == "a" && rows[0].1 == 7 && rows[0].2 == [1, 2] && rows[0].3 == 1)
    #expect(rows[1].0 == nil && rows[1].1 == nil && rows[1].2 == nil && rows[1].3 == 2)
    #expect(try connection.firstRow("SELECT count(*) AS n FROM t", [:]) { try $0.int64("n") } == 2)
    #expect(try connection.firstRow("SELECT name FROM t WHERE id = :id", [":id": .int(9)]) { try $0.text("name") } == nil)
}

@Test func aMisspelledColumnOrParameterIsAnErrorNamingItNotANull() throws {
    let connection = try Connection(path: ":memory:", create: true)
    try connection.execute("CREATE TABLE t (name TEXT) STRICT; INSERT INTO t VALUES ('a')")
    #expect { try connection.rows("SELECT name FROM t") { try $0.text("nmae") } } throws: { error in
        (error as? SQLiteError)?.message == "no result column named 'nmae'"
    }
    #expect { try connection.run("INSERT INTO t VALUES (:name)", [":nmae": .text("b")]) } throws: { error in
        (error as? SQLiteError)?.message == "no parameter named ':nmae'"
    }
    #expect { try connection.run("INSERT INTO t VALUES (:name)", [:]) } throws: { error in
        (error as? SQLiteError)?.message == "no value given for parameter ':name'"
    }
    #expect(try connection.scalarInt("SELECT count(*) FROM t") == 1)
}
