import Testing
@testable import CallMeter

@Test func opensInMemoryDatabase() throws {
    let connection = try Connection(path: ":memory:")
    #expect(try connection.scalarInt("SELECT 1 + 1") == 2)
}
