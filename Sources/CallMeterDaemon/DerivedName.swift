/// Names the daemon derives from an inbox file's name: its copy in `archive/` or `failed/`
/// (`NAME`, `stem.2.ext`, …) and the notes beside it (`NAME.rejects.csv`, `.error.txt`,
/// `.duplicate.txt`). A name of the inbox may be up to `NAME_MAX` (255) bytes; a derived name must
/// fit too, so that the copy and every note fit, a long name is shortened: the start of its stem,
/// `~`, 16 hex digits of a hash of the whole name, the number and the extension.
enum DerivedName {
    static let nameMax = 255
    /// The notes a file may get beside it in `archive/` or `failed/`.
    static let companionSuffixes = [".rejects.csv", ".error.txt", ".duplicate.txt"]
    /// The longest name a copy may have so that each of its notes fits `NAME_MAX`.
    static let copyMax = nameMax - (companionSuffixes.map(\.utf8.count).max() ?? 0)
    /// An extension longer than this is taken as part of the stem when shortening.
    static let extensionMax = 16

    /// The name of the `number`-th copy of `name` (1: the name itself), shortened if needed.
    static func copy(of name: String, number: Int) -> (name: String, shortened: Bool) {
        let numbered = number == 1 ? name : Self.numbered(name, number)
        if numbered.utf8.count <= copyMax { return (numbered, false) }
        let (stem, ext) = split(name)
        let tail = "~" + hash(name) + (number == 1 ? "" : ".\(number)") + ext
        return (prefix(of: stem, bytes: copyMax - tail.utf8.count) + tail, true)
    }

    static func numbered(_ name: String, _ number: Int) -> String {
        let (stem, ext) = split(name)
        return stem + ".\(number)" + ext
    }

    /// `calls.csv` → (`calls`, `.csv`); a name without a dot (or only a leading one), or with a long
    /// extension, is all stem.
    private static func split(_ name: String) -> (stem: String, ext: String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        let ext = String(name[dot...])
        guard ext.utf8.count <= extensionMax else { return (name, "") }
        return (String(name[..<dot]), ext)
    }

    /// The longest start of `text` of at most `bytes` UTF-8 bytes that ends on a character boundary.
    private static func prefix(of text: String, bytes: Int) -> String {
        var result = ""
        var count = 0
        for character in text {
            let size = character.utf8.count
            if count + size > bytes { break }
            result.append(character)
            count += size
        }
        return result
    }

    /// FNV-1a, 64 bits, as 16 hex digits: names are told apart by it, not protected (a clash only
    /// makes the next free name be taken).
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
