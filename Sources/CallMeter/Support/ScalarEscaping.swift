/// The one loop the text escapers share (`JSONString`, `HTML.escape`, `TerminalText`): it walks a
/// text's Unicode scalars and appends each one as it is or as what its escaper replaces it with,
/// so that each escaper says only which scalars it replaces and by what.
package enum ScalarEscaping {
    /// Appends `text` to `out`, each scalar as `replacement(scalar)`, or as itself where that is
    /// nil. With a `limit`, appends at most that many scalars; false when the text was cut there.
    @discardableResult
    package static func append(
        _ text: String, limit: Int? = nil, to out: inout String, replacing replacement: (Unicode.Scalar) -> String?
    ) -> Bool {
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { return false }
            count += 1
            if let replaced = replacement(scalar) {
                out += replaced
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return true
    }
}
