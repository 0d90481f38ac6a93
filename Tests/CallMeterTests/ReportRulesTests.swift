import Foundation
import Testing
@testable import CallMeter

private let rulesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Rules")

struct ReportRulesTests {
    /// The shipped report.json says what its absence means: the same values.
    @Test func shippedReportRulesAreTheDefaults() throws {
        let shipped = try #require(try ReportRules.load(directory: rulesFolder))
        #expect(shipped == ReportRules())
        #expect(shipped.folder == "reports" && shipped.keepDays == 31 && shipped.fileMode == 0o640 && shipped.group == nil)
        #expect(shipped.folderMode == 0o750)
        #expect(shipped.folderPath(databasePath: "/srv/callmeter/db.sqlite") == "/srv/callmeter/reports")
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-report-rules-\(UUID().uuidString)")
        #expect(try ReportRules.load(directory: missing) == nil)
        #expect(try RuleSet.load(directory: rulesFolder).report == .success(ReportRules()))
    }

    @Test func readsEveryKey() throws {
        let group = try #require(SystemGroup.name(of: getgid()))
        let rules = try ReportRules.parse("""
            { "folder": "/var/www/qa/", "keep_days": 7, "mode": "0644", "group": "\(group)" }
            """)
        #expect(rules.folder == "/var/www/qa")
        #expect(rules.folderPath(databasePath: "/srv/db.sqlite") == "/var/www/qa")
        #expect(rules.keepDays == 7)
        #expect(rules.fileMode == 0o644 && rules.folderMode == 0o755)
        #expect(rules.group == ReportRules.Group(name: group, id: getgid()))
        #expect(try ReportRules.parse(#"{ "mode": "600" }"#).folderMode == 0o700)
    }

    /// Each mistake is reported at the line and column of the value, with what to do.
    @Test(arguments: [
        (#""keep_days": 0"#, "keep_days: must be between 1 and 3660, found 0"),
        (#""mode": 640"#, "mode: expected a string"),
        (#""mode": "0648""#, #"mode: expected an octal mode such as "0640", found "0648""#),
        (#""mode": "0750""#, "has execute bits"),
        (#""mode": "0040""#, "does not let the owner read the pages"),
        (#""folder": """#, "folder: expected the path of a folder"),
        (#""group": "no-such-group-callmeter""#, #"group: there is no group "no-such-group-callmeter" on this machine"#),
        (#""keep": 3"#, "unknown key \"keep\"; allowed keys: folder, keep_days, mode, group"),
    ])
    func aMistakeNamesItsLineAndColumn(line: String, reason: String) throws {
        let text = "// the morning page\n{\n    \(line)\n}\n"
        let error = #expect(throws: RulesError.self) { try ReportRules.parse(text, file: "rules/report.json") }
        #expect(error?.line == 3 && error?.column == (line.hasPrefix(#""keep""#) ? 5 : line.firstIndex(of: ":").map { line.distance(from: line.startIndex, to: $0) + 7 }))
        #expect(error?.description.hasPrefix("rules/report.json:3:") == true)
        #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
    }

    /// A broken report.json does not stop the set: it is kept as the reason no page is written.
    @Test func aBrokenReportFileIsKeptInTheSetNotThrown() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-rules-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: rulesFolder, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{ "keep_days": "many" }"#.utf8).write(to: folder.appendingPathComponent("report.json"))
        let set = try RuleSet.load(directory: folder)
        #expect(set.reportError?.description.contains("report.json:1:16: keep_days: expected an integer") == true, "\(String(describing: set.reportError))")
    }
}
