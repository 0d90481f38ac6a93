import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeter
@testable import CallMeterCLI

/// Data rows of a shipped fixture (the fixtures have no quoted newlines).
private func fixtureRows(_ name: String) throws -> Int {
    let text = try String(contentsOf: packageRoot.appendingPathComponent("Fixtures/\(name)"), encoding: .utf8)
    return text.split(separator: "\n").count - 1
}

@Test func demoRunsOnTheShippedFixturesAndIsRepeatable() throws {
    try withWorkspace { workspace in
        // No Rules folder in the working directory: the demo finds the shipped one, like the fixtures.
        try FileManager.default.removeItem(at: workspace.url.appendingPathComponent("Rules"))
        let first = workspace.run("demo", "--dir", "demo")
        #expect(first.status == 0, "\(first.err)")
        // Warnings only (the inactive agent a500 is left out of the feeds), no error.
        #expect(!first.err.contains("Error"))
        let folder = workspace.path("demo")
        #expect(first.out.contains("Demo database: \(folder)/callmeter.sqlite"))
        #expect(first.out.contains("Fixtures:      \(packageRoot.appendingPathComponent("Fixtures").path)"))
        for (file, kind) in [("agents.csv", "agents"), ("cdr.csv", "cdr"), ("ratings.csv", "ratings")] {
            let rows = try fixtureRows(file)
            #expect(first.out.contains("\(file): \(rows) \(kind) rows: \(rows) stored, 0 rejected"), "\(file)")
        }
        #expect(first.out.contains("Calls:    \(try fixtureRows("cdr.csv")) ("))
        #expect(FileManager.default.fileExists(atPath: folder + "/" + DemoCommand.marker))
        #expect(mode(folder + "/callmeter.sqlite") == 0o600)
        #expect(mode(folder + "/callmeter.sqlite.key") == 0o600)
        // The demo does not touch the working directory's own database.
        #expect(!FileManager.default.fileExists(atPath: workspace.database))

        let second = workspace.run("demo", "--dir", "demo")
        #expect(second.status == 0)
        // Recreated, not ingested on top: the same counts, and not "already ingested".
        #expect(!second.out.contains("already ingested"))
        let counts = { (out: String) in out.split(separator: "\n").filter { $0.hasPrefix("Calls:") || $0.hasPrefix("Ratings:") || $0.hasPrefix("Agents:") } }
        #expect(counts(second.out) == counts(first.out))
        let store = try Store(path: folder + "/callmeter.sqlite")
        #expect(try store.status().batches == 4)
    }
}

@Test func demoDefaultsToAFolderInTheWorkingDirectory() throws {
    try withWorkspace { workspace in
        let result = workspace.run("demo")
        #expect(result.status == 0, "\(result.err)")
        #expect(FileManager.default.fileExists(atPath: workspace.path("callmeter-demo/callmeter.sqlite")))
    }
}

@Test func demoTakesFixturesFromAnotherFolder() throws {
    try withWorkspace { workspace in
        try workspace.write("mine/agents.csv", "agent_id,name\na1,Anna\n")
        try workspace.write("mine/cdr.csv", CDR.file(CDR.row("C001"), CDR.row("C002", talk: "-1")))
        try workspace.write("mine/ratings.csv", "call_id,rating\nC001,5\n")
        let result = workspace.run("demo", "--dir", "d", "--fixtures", "mine")
        // Rejected rows in the fixtures are reported, but the demo itself succeeded.
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.contains("mine/cdr.csv:3:86: talk_seconds: must not be negative"))
        #expect(result.out.contains("Calls:    1 (1 answered)"))
    }
}

@Test(arguments: [true, false])
func demoRefusesToDeleteAFolderItDidNotMake(isDirectory: Bool) throws {
    try withWorkspace { workspace in
        let target = workspace.path("precious")
        if isDirectory {
            try workspace.write("precious/thesis.txt", "do not delete")
        } else {
            try workspace.write("precious", "a file")
        }
        let result = workspace.run("demo", "--dir", target)
        #expect(result.status == 1)
        #expect(result.err == "Error: \(target) exists and was not made by 'callmeter demo': choose another --dir\n")
        if isDirectory {
            #expect(FileManager.default.contents(atPath: target + "/thesis.txt") == Data("do not delete".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["thesis.txt"])
        } else {
            #expect(FileManager.default.contents(atPath: target) == Data("a file".utf8))
        }
    }
}

@Test func demoReusesAnEmptyFolder() throws {
    try withWorkspace { workspace in
        try FileManager.default.createDirectory(atPath: workspace.path("empty"), withIntermediateDirectories: false)
        #expect(workspace.run("demo", "--dir", "empty").status == 0)
    }
}
