/// "1 rating", "2 ratings": counts in messages agree with their noun.
enum Plural {
    /// The count and the noun, singular for exactly one.
    static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(word(count, singular, plural))"
    }

    /// The noun alone, singular for exactly one.
    static func word(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        count == 1 ? singular : plural ?? singular + "s"
    }
}
