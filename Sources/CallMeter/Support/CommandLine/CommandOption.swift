/// One option of a command line, declared once: parsing, its errors and the OPTIONS listing of
/// `--help` all come from this declaration (see `OptionTable`).
package struct CommandOption: Sendable {
    /// What follows the option's name.
    package enum Kind: Sendable {
        /// Nothing: present or not (`--json`). `--flag=value` is refused.
        case flag
        /// Any text (`--out PATH`); the command checks it further where it must.
        case value
        /// A whole number in `range`; `unit` ("seconds") goes into the error, "a whole number of
        /// seconds from 1 to 86400".
        case integer(ClosedRange<Int>, unit: String? = nil)
        /// A local date `YYYY-MM-DD`; `example` goes into the error ("a date like 2026-10-31").
        case date(example: String)
        /// One of `choices`; `refusal` says what is wrong with another text.
        case choice([String], refusal: @Sendable (String) -> String)
    }

    /// The name with its dashes: `--as-of`.
    package let name: String
    /// The placeholder of the value in the listing (`DATE`); nil for a flag.
    package let valueName: String?
    package let kind: Kind
    /// The help, one line of the listing each (wrapped by hand, as the rest of the help text).
    package let help: String
    /// What the listing shows on the left: `--as-of DATE`, or another spelling (`-h, --help`).
    package let label: String
    /// Other names for the same option (`-h` for `--help`).
    package let aliases: [String]

    package init(_ name: String, _ valueName: String? = nil, _ kind: Kind? = nil, label: String? = nil,
                 aliases: [String] = [], help: String) {
        self.name = name
        self.valueName = valueName
        self.kind = kind ?? (valueName == nil ? .flag : .value)
        self.help = help
        self.label = label ?? (valueName.map { "\(name) \($0)" } ?? name)
        self.aliases = aliases
    }

    package var takesValue: Bool {
        if case .flag = kind { return false }
        return true
    }

    /// Checks `text` as this option's value: the message of a usage error, or nil when it is fine.
    func refusal(of text: String) -> String? {
        switch kind {
        case .flag, .value:
            return nil
        case .integer(let range, let unit):
            // Digits only (with a minus, so that a negative number gets the range in the error).
            let digits = text.hasPrefix("-") ? text.dropFirst() : text[...]
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text), range.contains(value) {
                return nil
            }
            let number = unit.map { "a whole number of \($0)" } ?? "a whole number"
            return "\(name) takes \(number) from \(range.lowerBound) to \(range.upperBound), not '\(text)'"
        case .date(let example):
            return CalendarDate(text) == nil ? "\(name) takes a date like \(example), not '\(text)'" : nil
        case .choice(let choices, let refusal):
            return choices.contains(text) ? nil : refusal(text)
        }
    }
}
