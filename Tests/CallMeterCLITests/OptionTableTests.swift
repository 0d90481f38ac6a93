import CallMeter
@testable import CallMeterCLI
@testable import CallMeterDaemon
import Testing

/// Every command's --help lists each option of its table (the listing comes from the table).
@Test func everyCommandsHelpListsEveryOptionOfItsTable() {
    var tables: [(String, String, OptionTable)] = CLI.commands.map { type in (type.name, type.help, type.options) }
    tables.append(("callmeter", HelpCommand.overview, CLI.globalOptions))
    tables.append(("callmeterd", DaemonOptions.usage, DaemonOptions.options))
    for (name, help, table) in tables {
        #expect(help.contains(table.listing), "\(name)")
        for option in table.options {
            #expect(help.contains("\n  \(option.label) "), "\(name) \(option.name)")
        }
    }
}

private let table = OptionTable([
    CommandOption("--out", "FILE", help: "where"),
    CommandOption("--json", help: "as JSON"),
    CommandOption("--last", "N", .integer(1...10), help: "how many"),
    CommandOption("--poll", "SECONDS", .integer(1...60, unit: "seconds"), help: "how often"),
    CommandOption("--as-of", "DATE", .date(example: "2026-10-31"), help: "when"),
    CommandOption("--format", "F", .choice(["csv", "json"], refusal: { "unknown format '\($0)': use csv or json" }), help: "which"),
    CommandOption("--tag", "T", help: "repeatable"),
])

@Test(arguments: [
    (["--bogus"], "unknown option '--bogus'"),
    (["--out"], "--out needs a value"),
    (["--json=yes"], "--json takes no value"),
    (["--last", "11"], "--last takes a whole number from 1 to 10, not '11'"),
    (["--last", "x"], "--last takes a whole number from 1 to 10, not 'x'"),
    (["--last", "+3"], "--last takes a whole number from 1 to 10, not '+3'"),
    (["--poll=0"], "--poll takes a whole number of seconds from 1 to 60, not '0'"),
    (["--as-of", "2026-02-30"], "--as-of takes a date like 2026-10-31, not '2026-02-30'"),
    (["--format", "xml"], "unknown format 'xml': use csv or json"),
])
func refusesWhatTheTableDoesNotAllow(arguments: [String], message: String) {
    #expect(throws: OptionUsageError(message)) { try table.parse(arguments) }
}

@Test func readsBothSpellingsRepeatsAndPositionals() throws {
    let parsed = try table.parse(["a", "--out=x.csv", "--last", "3", "--json", "--tag", "1", "--tag=2", "--as-of", "2026-10-31", "-", "--", "--json"])
    #expect(parsed.value("--out") == "x.csv")
    #expect(parsed.integer("--last") == 3)
    #expect(parsed.has("--json"))
    #expect(parsed.values("--tag") == ["1", "2"])
    #expect(parsed.date("--as-of") == CalendarDate("2026-10-31"))
    #expect(parsed.positionals == ["a", "-", "--json"])
    #expect(parsed.names == ["--out", "--last", "--json", "--tag", "--as-of"])
    #expect(throws: OptionUsageError("show does not take --out")) { try parsed.allowOnly(["--last"], in: "show") }
}

@Test func commandsWithoutPositionalsCallAnUnknownOptionAnUnexpectedArgument() {
    let strict = OptionTable([CommandOption("--dir", "DIR", help: "where")], unknownOption: .unexpectedArgument)
    #expect(throws: OptionUsageError("unexpected argument '--pdf'")) { try strict.parse(["--pdf"]) }
}

@Test func negativeNumbersArePositionalWhereTheTableSaysSo() throws {
    var weights = OptionTable([])
    #expect(throws: OptionUsageError("unknown option '-5'")) { try weights.parse(["-5"]) }
    weights.negativeNumbersArePositional = true
    #expect(try weights.parse(["pin", "a1", "-5"]).positionals == ["pin", "a1", "-5"])
}

@Test func theListingAlignsTheHelpAtItsColumn() {
    let listing = OptionTable([
        CommandOption("--db", "PATH", help: "The database."),
        CommandOption("--wait", "SECONDS", help: "How long\nat most."),
        CommandOption("--help", label: "-h, --help", aliases: ["-h"], help: "Help."),
    ], helpColumn: 17).listing
    #expect(listing == """
          --db PATH      The database.
          --wait SECONDS How long
                         at most.
          -h, --help     Help.
        """)
}
