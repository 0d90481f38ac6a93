package import Foundation

/// A rule file read and parsed, kept together with its text so that errors found while reading
/// its settings can show the offending line.
///
/// Each kind of rule file (`center.json`, `tiers.json`, …) starts here, through `RuleFileKind` or
/// directly: `let root = try RulesFile.load(directory: dir, name: "tiers.json").rootObject()`.
package struct RulesFile: Sendable {
    /// The path as it appears in errors.
    package let path: String
    package let text: String
    package let root: JSONValue
    /// The bytes as read (a byte order mark included), for a digest of exactly the file.
    package private(set) var bytes: [UInt8]

    /// Reads and parses `name` in `directory`.
    package static func load(directory: URL, name: String) throws(RulesError) -> RulesFile {
        let url = directory.appendingPathComponent(name, isDirectory: false)
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RulesError(file: path, position: nil, keyPath: "", reason: "rule file not found", sourceLine: nil)
        }
        guard !isDirectory.boolValue else {
            throw RulesError(file: path, position: nil, keyPath: "", reason: "is a directory, not a rule file", sourceLine: nil)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RulesError(file: path, position: nil, keyPath: "", reason: "cannot read the rule file: \(error.localizedDescription)", sourceLine: nil)
        }
        return try parse(Array(data), file: path)
    }

    /// Parses the bytes of a rule file; they must be UTF-8 (a byte order mark is allowed).
    package static func parse(_ bytes: [UInt8], file: String) throws(RulesError) -> RulesFile {
        let utf8 = bytes.starts(with: byteOrderMark) ? Array(bytes.dropFirst(byteOrderMark.count)) : bytes
        if let bad = firstInvalidUTF8Offset(utf8) {
            let position = SourcePosition.of(offset: bad, in: utf8)
            throw RulesError(
                file: file,
                position: position,
                keyPath: "",
                reason: "invalid UTF-8 (byte 0x\(String(utf8[bad], radix: 16, uppercase: true))); save the file as UTF-8",
                sourceLine: sourceLine(position.line, in: utf8)
            )
        }
        var parsed = try parse(String(decoding: utf8, as: UTF8.self), file: file)
        parsed.bytes = bytes
        return parsed
    }

    /// Parses the text of a rule file.
    package static func parse(_ text: String, file: String) throws(RulesError) -> RulesFile {
        let body = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        return RulesFile(path: file, text: body, root: try RulesJSONParser.parse(body, file: file), bytes: Array(text.utf8))
    }

    private init(path: String, text: String, root: JSONValue, bytes: [UInt8]) {
        self.path = path
        self.text = text
        self.root = root
        self.bytes = bytes
    }

    /// The root value as an object, which every rule file has.
    package func rootObject() throws(RulesError) -> RuleObject {
        try RuleObject(root, file: self, path: "")
    }

    /// An error at `position`, showing the line it is on.
    package func error(_ reason: String, at position: SourcePosition, keyPath: String) -> RulesError {
        RulesError(file: path, position: position, keyPath: keyPath, reason: reason, sourceLine: sourceLine(position.line, in: text.utf8))
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
