extension String {
    /// The string in double quotes with JSON escapes, shortened to `limit` characters.
    ///
    /// Used wherever text from a rule file goes into an error message, so that a control character
    /// or a terminal escape sequence in the file cannot reach the user's terminal raw.
    func rulesQuoted(limit: Int = 40) -> String {
        JSONString.quoted(self, style: .rules, limit: limit)
    }
}

extension UInt32 {
    /// At least four uppercase hex digits, as in `U+00E9` or `\u001B`.
    var hex4: String {
        let digits = String(self, radix: 16, uppercase: true)
        return String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
    }
}
