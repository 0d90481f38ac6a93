/// The offset of the first byte that is not part of well-formed UTF-8, or nil when all of it is.
///
/// Rejects overlong forms, surrogates and code points above U+10FFFF, as the Unicode standard
/// requires; ASCII runs take a fast path.
package func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = 0
    let n = bytes.count
    while i < n {
        let b0 = bytes[i]
        if b0 < 0x80 { i += 1; continue }
        let need: Int
        var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; upper = 0x9F
        case 0xF0: need = 3; lower = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; upper = 0x8F
        default: return i
        }
        guard i + need < n else { return i }
        let b1 = bytes[i + 1]
        guard b1 >= lower && b1 <= upper else { return i }
        var k = 2
        while k <= need {
            guard bytes[i + k] & 0xC0 == 0x80 else { return i }
            k += 1
        }
        i += need + 1
    }
    return nil
}
