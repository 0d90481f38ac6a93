/// Builds the key paths that errors print: `rating_scale.min`, `tiers[2].rates[0].from`.
///
/// A key that is not a plain word is written as `["a key"]` so that a key holding a dot or a
/// bracket cannot make the path ambiguous.
enum RuleKeyPath {
    static func member(_ key: String, of base: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            scalar == "_" || scalar == "-" || scalar.properties.isAlphabetic
                || scalar.properties.generalCategory == .decimalNumber
        }
        if !plain { return base + "[" + key.rulesQuoted(limit: 60) + "]" }
        return base.isEmpty ? key : base + "." + key
    }

    static func element(_ index: Int, of base: String) -> String {
        base + "[\(index)]"
    }
}
