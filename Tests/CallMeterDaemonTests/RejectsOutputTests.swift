import CallMeter
import CallMeterTestSupport
@testable import CallMeterDaemon
import Foundation
import Testing

// What the daemon writes from a hostile file: a `.rejects.csv` a spreadsheet opens without running
// anything and without a customer's number, and log lines a file name cannot forge.

@Test func rejectsCSVCellsCannotRunAsFormulasNorShowANumber() throws {
    let rig = try DaemonRig("rejects-guard", at: "2026-06-01T12:00:00Z")
    try rig.daemon.startUp()
    let header = "call_id,hotline,agent_id,started_at,ended_at,disposition,talk_seconds,ani"
    let row = { (id: String) in "\(id),hot1,a1,2026-06-01T08:00:00Z,2026-06-01T08:05:00Z,answered,900000,0791234567" }
    try rig.scratch.write("inbox/cdr/hostile.csv", ([
        header,
        "G1,hot1,a1,2026-06-01T08:00:00Z,2026-06-01T08:05:00Z,answered,300,0791234567",
        row("=HYPERLINK(\"http://evil.example/\")"),
        row("@SUM(1+1)"),
        row("+cmd|' /C calc'!A0"),
        row("-2+3"),
        row("\tx"),
    ].joined(separator: "\n") + "\n"))
    rig.daemon.tick()
    let archived = rig.scratch.files(under: "inbox/archive")
    let name = try #require(archived.first { $0.hasSuffix("hostile.csv.rejects.csv") }, "\(archived) \(rig.lines.all)")
    let text = try #require(rig.scratch.read("inbox/archive/" + name))
    let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(lines.count == 6, "\(text)")
    // line,column,field,reason,raw: the raw cell (quoted or not) starts with a `'`. (A quoted field
    // of the rejected row starts with `"`, which a spreadsheet reads as text anyway.)
    for line in lines.dropFirst() {
        let raw = line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false)[4]
        #expect(raw.hasPrefix("'") || raw.hasPrefix("\"'"), "\(line)")
    }
    #expect(text.contains("\"'=HYPERLINK(\"\"http://evil.example/\"\")"), "\(text)")
    #expect(text.contains(",\"'@SUM(1+1),hot1,"), "\(text)")
    #expect(!text.contains(",=") && !text.contains(",@") && !text.contains(",+") && !text.contains(",-2"), "\(text)")
    // The `ani` number of the rejected rows is masked, in the file and in the database.
    #expect(!text.contains("0791234567"), "\(text)")
    #expect(text.contains(",##########"), "\(text)")
    var database: [UInt8] = []
    for suffix in ["", "-wal"] {
        if let data = FileManager.default.contents(atPath: rig.scratch.file("db.sqlite") + suffix) { database += data }
    }
    #expect(!contains(database, "0791234567"))
}

@Test func aFileNameCannotForgeALogLineNorDriveTheTerminal() throws {
    let rig = try DaemonRig("log-name", at: "2026-06-01T12:00:00Z")
    try rig.daemon.startUp()
    let name = "x\u{1B}]0;owned\u{7}\u{9B}2J\nlevel=error event=fake \"a\" b=c.csv"
    try rig.scratch.write("inbox/ratings/" + name, "call_id,rating\nA1,3\nA2,9\n")
    rig.daemon.tick()
    let lines = rig.lines.all
    let mentioning = lines.filter { $0.contains("owned") }
    #expect(!mentioning.isEmpty, "\(lines)")
    for line in lines {
        #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { $0 != "\n" }, "\(line.debugDescription)")
        #expect(!line.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) },
                "\(line.debugDescription)")
    }
    #expect(mentioning.contains { $0.contains("x\\u{1b}]0;owned\\u{7}\\u{9b}2J\\nlevel=error event=fake \\\"a\\\" b=c.csv") },
            "\(mentioning)")
}
