package import Foundation

/// A kind of rule file (`center.json`, `routing.json`, …): its name in a rules folder and how its
/// settings are read from the file's root object.
///
/// Conforming gives the ways of reading such a file (from a folder, or from text and bytes in tests
/// and tools) and the refusal of keys the kind does not read, so that each kind writes only its
/// `init(settings:)`.
package protocol RuleFileKind {
    /// The file's name in a rules folder, e.g. `center.json`.
    static var fileName: String { get }

    /// Reads the settings from the file's root object; errors point into the file. Keys it does not
    /// ask for are refused after it returns.
    init(settings root: RuleObject) throws(RulesError)
}

extension RuleFileKind {
    /// Reads the settings of a parsed file, refusing any key `init(settings:)` did not ask for (a
    /// misspelt optional key is an error, not a silent default).
    package init(_ file: RulesFile) throws(RulesError) {
        let root = try file.rootObject()
        try self.init(settings: root)
        try root.rejectUnknownKeys()
    }

    /// Reads `fileName` in `directory`; a missing file is an error.
    package static func loadRequired(directory: URL) throws(RulesError) -> Self {
        try Self(RulesFile.load(directory: directory, name: fileName))
    }

    /// Reads `fileName` in `directory`; nil when there is no such file, for the kinds whose every key
    /// is optional (the defaults apply).
    package static func loadIfPresent(directory: URL) throws(RulesError) -> Self? {
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(fileName).path) else { return nil }
        return try loadRequired(directory: directory)
    }

    /// Parses the text of such a file; `file` is the path shown in errors.
    package static func parse(_ text: String, file: String = fileName) throws(RulesError) -> Self {
        try Self(RulesFile.parse(text, file: file))
    }

    /// Parses the bytes of such a file (UTF-8, a byte order mark allowed); `file` is the path shown
    /// in errors.
    package static func parse(_ bytes: [UInt8], file: String = fileName) throws(RulesError) -> Self {
        try Self(RulesFile.parse(bytes, file: file))
    }
}
