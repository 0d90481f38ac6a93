import Foundation
import CallMeterTestSupport
import Testing
@testable import CallMeterCLI

@Test func runsWithoutArguments() throws {
    try withWorkspace { workspace in
        let result = workspace.run([])
        #expect(result.status == 0)
        #expect(result.out == HelpCommand.overview + "\n")
        #expect(result.err.isEmpty)
    }
}

@Test func printsItsVersion() throws {
    try withWorkspace { workspace in
        let result = workspace.run("--version")
        #expect(result.status == 0)
        #expect(result.out == "callmeter \(CLI.version)\n")
    }
}

@Test(arguments: [["--help"], ["-h"], ["help"]])
func helpListsEveryCommandAndTheExitStatuses(_ arguments: [String]) throws {
    try withWorkspace { workspace in
        let result = workspace.run(arguments)
        #expect(result.status == 0)
        #expect(result.err.isEmpty)
        for name in ["init", "ingest", "status", "demo", "help"] {
            #expect(result.out.contains("\n  \(name) "), "\(name) is not listed")
        }
        for type in CLI.commands {
            #expect(result.out.contains("  \(type.name)  ") || result.out.contains("  \(type.name) "))
            #expect(result.out.contains(type.abstract))
        }
        for option in ["--db PATH", "--rules DIR", "--version", "$CALLMETER_DB", "$CALLMETER_RULES"] {
            #expect(result.out.contains(option))
        }
        #expect(result.out.contains("EXIT STATUS: 0 success; 1 failure, nothing stored; 64 usage error; 65 some rows rejected"))
    }
}

private let commandNames = ["init", "ingest", "status", "demo", "help"]

/// Every command has `--help`; `help COMMAND` prints the same text; neither touches the database.
@Test(arguments: commandNames)
func everyCommandHasHelp(_ name: String) throws {
    try withWorkspace { workspace in
        let type = try #require(CLI.command(named: name))
        for arguments in [[name, "--help"], [name, "-h"], ["help", name], [name, "cdr", "--help"]] {
            let result = workspace.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.out == type.help + "\n")
            #expect(result.out.hasPrefix("USAGE: callmeter"))
            #expect(result.err.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.database))
    }
}

@Test(arguments: [
    (["frobnicate"], "Error: unknown command 'frobnicate'", "See 'callmeter help'."),
    (["--bogus"], "Error: unknown option '--bogus'", "See 'callmeter help'."),
    (["--db"], "Error: --db needs a value", "See 'callmeter help'."),
    (["status", "--rules"], "Error: --rules needs a value", "See 'callmeter help'."),
    (["ingest"], "Error: ingest needs a kind: cdr, ratings, agents or commitments", "See 'callmeter help ingest'."),
    (["ingest", "calls", "x.csv"], "Error: unknown kind 'calls': use cdr, ratings, agents or commitments", "See 'callmeter help ingest'."),
    (["ingest", "cdr"], "Error: ingest cdr needs at least one FILE", "See 'callmeter help ingest'."),
    (["ingest", "ratings", "--"], "Error: ingest ratings needs at least one FILE", "See 'callmeter help ingest'."),
    (["ingest", "cdr", "--fast", "x.csv"], "Error: unknown option '--fast'", "See 'callmeter help ingest'."),
    (["init", "now"], "Error: unexpected argument 'now'", "See 'callmeter help init'."),
    (["status", "all"], "Error: unexpected argument 'all'", "See 'callmeter help status'."),
    (["demo", "--dir"], "Error: --dir needs a value", "See 'callmeter help demo'."),
    (["demo", "extra"], "Error: unexpected argument 'extra'", "See 'callmeter help demo'."),
    (["help", "nope"], "Error: unknown command 'nope'", "See 'callmeter help' for the list of commands."),
    (["help", "init", "status"], "Error: help takes at most one command name", "See 'callmeter help help'."),
])
func usageErrorsExitSixtyFour(_ arguments: [String], _ message: String, _ hint: String) throws {
    try withWorkspace { workspace in
        let result = workspace.run(arguments)
        #expect(result.status == 64)
        #expect(result.out.isEmpty)
        #expect(result.err == message + "\n" + hint + "\n")
        #expect(!FileManager.default.fileExists(atPath: workspace.database))
    }
}

@Test func statusWithoutADatabaseFails() throws {
    try withWorkspace { workspace in
        let result = workspace.run("status")
        #expect(result.status == 1)
        #expect(result.err == "Error: no database at \(workspace.database): run 'callmeter init' first\n")
        #expect(!FileManager.default.fileExists(atPath: workspace.database))
    }
}

@Test func initCreatesDatabaseAndKeyWithModeSixHundred() throws {
    try withWorkspace { workspace in
        let result = workspace.run("init")
        #expect(result.status == 0)
        #expect(result.out.contains("Database \(workspace.database) is ready"))
        #expect(mode(workspace.database) == 0o600)
        #expect(mode(workspace.database + ".key") == 0o600)
        let key = FileManager.default.contents(atPath: workspace.database + ".key")
        #expect(key?.count == 32)
        // Again: the schema is up to date, the key stays.
        #expect(workspace.run("init").status == 0)
        #expect(FileManager.default.contents(atPath: workspace.database + ".key") == key)
        #expect(workspace.run("status").status == 0)
    }
}

@Test func databasePathFromOptionOrEnvironment() throws {
    try withWorkspace { workspace in
        #expect(workspace.run(["init"], environment: ["CALLMETER_DB": "from-env.sqlite"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.path("from-env.sqlite")))
        #expect(workspace.run(["--db", "from-option.sqlite", "init"], environment: ["CALLMETER_DB": "from-env.sqlite"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.path("from-option.sqlite")))
        #expect(workspace.run(["init", "--db=after.sqlite"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.path("after.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: workspace.database))
    }
}

@Test func rulesDirectoryFromOptionOrEnvironment() throws {
    try withWorkspace { workspace in
        let file = try workspace.write("cdr.csv", CDR.file(CDR.row("C001")))
        try workspace.write("strict/center.json", #"{ "timezone": "UTC", "currency": "CHF", "rating_scale": { "min": 1, "max": 3 } }"#)
        // One row inside 1–3: a file of which every row is rejected is a failed ingest (exit 1).
        let ratings = try workspace.write("r.csv", "call_id,rating\nC001,5\nC002,3\n")
        #expect(workspace.run("ingest", "cdr", file).status == 0)
        let strict = workspace.run(["--rules", "strict", "ingest", "ratings", ratings])
        #expect(strict.status == 65)
        #expect(strict.err.contains("\(ratings):2:6: rating: 5 is outside the rating scale 1–3"))
        let missing = workspace.run(["ingest", "ratings", ratings], environment: ["CALLMETER_RULES": "nowhere"])
        #expect(missing.status == 1)
        #expect(missing.err.hasPrefix("Error: "))
        #expect(missing.err.contains("center.json"))
    }
}
