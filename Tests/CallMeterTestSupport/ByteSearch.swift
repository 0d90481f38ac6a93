/// Whether `needle` occurs in `haystack` as a byte sequence (a database file, say).
public func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
    let n = Array(needle.utf8)
    guard !n.isEmpty, haystack.count >= n.count else { return false }
    var i = 0
    while i + n.count <= haystack.count {
        if haystack[i] == n[0] && Array(haystack[i..<(i + n.count)]) == n { return true }
        i += 1
    }
    return false
}
