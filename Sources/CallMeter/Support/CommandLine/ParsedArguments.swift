/// What `OptionTable.parse` found: the options given (their values checked against their kind)
/// and the positional arguments, in order.
package struct ParsedArguments: Sendable {
    /// The options in the order given, by their table name; a repeated option appears again.
    package private(set) var given: [(name: String, value: String?)] = []
    /// The arguments that are not options, in order (everything after `--` among them).
    package internal(set) var positionals: [String] = []

    mutating func append(_ name: String, _ value: String?) { given.append((name, value)) }

    /// Whether `name` was given at all.
    package func has(_ name: String) -> Bool { given.contains { $0.name == name } }

    /// The value of `name` given last (a repeated option: the last one counts), or nil.
    package func value(_ name: String) -> String? { given.last { $0.name == name }?.value ?? nil }

    /// Every value given for a repeatable option, in order.
    package func values(_ name: String) -> [String] { given.filter { $0.name == name }.compactMap(\.value) }

    /// An `.integer` option's value (checked by the parse).
    package func integer(_ name: String) -> Int? { value(name).flatMap { Int($0) } }

    /// A `.date` option's value (checked by the parse).
    package func date(_ name: String) -> CalendarDate? { value(name).flatMap { CalendarDate($0) } }

    /// The option names given, first use each, in order.
    package var names: [String] {
        var seen: Set<String> = []
        return given.map(\.name).filter { seen.insert($0).inserted }
    }

    /// Refuses the first option given that is not in `allowed`: "`what` does not take --dry-run".
    package func allowOnly(_ allowed: Set<String>, in what: String) throws(OptionUsageError) {
        if let extra = names.first(where: { !allowed.contains($0) }) {
            throw OptionUsageError("\(what) does not take \(extra)")
        }
    }
}
