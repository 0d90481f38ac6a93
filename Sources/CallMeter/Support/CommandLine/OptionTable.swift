/// The options of one command, declared once (in the spirit of apple/swift-argument-parser,
/// without the dependency): `parse` reads `--name value` and `--name=value` and refuses what the
/// table does not hold; `listing` is the OPTIONS part of `--help`. `callmeter`'s commands and
/// `callmeterd` both use it.
package struct OptionTable: Sendable {
    /// How an argument that starts with `-` but is no option of the table is refused.
    package enum UnknownOption: Sendable {
        /// "unknown option '--x'".
        case unknownOption
        /// "unexpected argument '--x'": the wording of the commands that take no positional
        /// argument (their tests and users' scripts know it).
        case unexpectedArgument
    }

    package let options: [CommandOption]
    package var unknownOption: UnknownOption = .unknownOption
    /// Whether `-5` is a positional argument (a weight) rather than an unknown option.
    package var negativeNumbersArePositional = false
    /// Whether `--` ends the options (what follows is positional even when it starts with `-`).
    package var dashDashEndsOptions = true
    /// The column where the help of each option starts in `listing` (two spaces of indent before
    /// the label); nil: two spaces after the longest label.
    package var helpColumn: Int?

    package init(_ options: [CommandOption], unknownOption: UnknownOption = .unknownOption, helpColumn: Int? = nil) {
        self.options = options
        self.unknownOption = unknownOption
        self.helpColumn = helpColumn
    }

    package func option(named name: String) -> CommandOption? {
        options.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Parses `arguments` in order. Errors, with the texts users know: "unknown option '--x'",
    /// "--out needs a value", "--json takes no value", and the kind's own ("--last takes a whole
    /// number from 1 to 1000, not 'x'").
    package func parse(_ arguments: [String]) throws(OptionUsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if argument == "--" && dashDashEndsOptions {
                parsed.positionals += rest
                break
            }
            guard let (option, value) = try read(argument, from: &rest) else {
                if isOption(argument) {
                    throw OptionUsageError(unknownOption == .unknownOption ? "unknown option '\(argument)'" : "unexpected argument '\(argument)'")
                }
                parsed.positionals.append(argument)
                continue
            }
            parsed.append(option.name, value)
        }
        return parsed
    }

    /// Reads `argument` as an option of this table, taking its value from `rest` unless given as
    /// `--name=value`, and checks the value; nil when the table has no such option.
    package func read(_ argument: String, from rest: inout ArraySlice<String>) throws(OptionUsageError) -> (CommandOption, String?)? {
        var name = argument
        var inline: String?
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
            name = String(argument[..<equals])
            inline = String(argument[argument.index(after: equals)...])
        }
        guard let option = option(named: name) else { return nil }
        guard option.takesValue else {
            if inline != nil { throw OptionUsageError("\(option.name) takes no value") }
            return (option, nil)
        }
        guard let value = inline ?? rest.popFirst() else { throw OptionUsageError("\(option.name) needs a value") }
        if let refusal = option.refusal(of: value) { throw OptionUsageError(refusal) }
        return (option, value)
    }

    private func isOption(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument != "-" else { return false }
        return !(negativeNumbersArePositional && Int(argument) != nil)
    }

    /// The listing of `--help`: one entry per option, `  LABEL  HELP`, the help's further lines
    /// indented to the same column.
    package var listing: String {
        let column = helpColumn ?? (2 + (options.map(\.label.count).max() ?? 0) + 2)
        return options.map { option in
            let lines = option.help.split(separator: "\n", omittingEmptySubsequences: false)
            let head = "  " + option.label
            let gap = max(1, column - head.count)
            let first = head + String(repeating: " ", count: gap) + (lines.first.map(String.init) ?? "")
            let indent = String(repeating: " ", count: column)
            return ([first] + lines.dropFirst().map { indent + $0 }).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
