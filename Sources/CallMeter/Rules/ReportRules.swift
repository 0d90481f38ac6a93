package import Foundation

/// Where and how the daemon keeps the morning pages, from `report.json`: the folder (relative to
/// the database's folder, like the feeds), how many days of pages to keep, their file mode and an
/// optional group that owns them (a QA team's group may read them; nobody else).
///
/// Every key is optional; without the file the shipped values below apply, so that a center that
/// upgrades gets its morning page without a new file.
package struct ReportRules: Sendable, Equatable, RuleFileKind {
    package static let fileName = "report.json"

    /// A group by name and the id it had when the rules were loaded.
    package struct Group: Sendable, Equatable {
        package let name: String
        package let id: UInt32
    }

    /// The folder of the pages as written in the file: relative to the database's folder, or
    /// absolute.
    package let folder: String
    /// Pages whose as-of date is this many days or more before the newest page's are removed: 31
    /// keeps a month of pages (the newest and the 30 days before it).
    package let keepDays: Int
    /// Permission bits of every page and of the index (`0640`: owner writes, group reads).
    package let fileMode: UInt32
    /// The group the pages, the index and a folder the daemon creates are given; nil: the daemon's
    /// own group, as `open` gives it.
    package let group: Group?

    package static let defaultFolder = "reports"
    package static let defaultKeepDays = 31
    package static let defaultFileMode: UInt32 = 0o640
    static let keepDaysLimits = 1...3660

    package init(folder: String = ReportRules.defaultFolder, keepDays: Int = ReportRules.defaultKeepDays,
                fileMode: UInt32 = ReportRules.defaultFileMode, group: Group? = nil) {
        self.folder = folder
        self.keepDays = keepDays
        self.fileMode = fileMode
        self.group = group
    }

    /// The folder's mode when the daemon creates it: the owner may do everything, and each class
    /// that may read the pages may also list and enter the folder (`0640` gives `0750`).
    package var folderMode: UInt32 {
        var mode: UInt32 = 0o700
        if fileMode & 0o040 != 0 { mode |= 0o050 }
        if fileMode & 0o004 != 0 { mode |= 0o005 }
        return mode
    }

    /// The folder as a path: relative paths from the folder of the database at `databasePath`.
    package func folderPath(databasePath: String) -> String {
        if folder.hasPrefix("/") { return folder }
        return URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent(folder).path
    }

    /// Reads `report.json` in `directory`; nil when there is no such file (the defaults apply).
    package static func load(directory: URL) throws(RulesError) -> ReportRules? {
        try loadIfPresent(directory: directory)
    }

    package init(settings root: RuleObject) throws(RulesError) {
        var folder = Self.defaultFolder
        if let value = root.optionalValue("folder") {
            folder = try value.string()
            guard !folder.isEmpty, !folder.utf8.contains(0) else {
                throw value.error("expected the path of a folder, found \(folder.rulesQuoted())")
            }
            while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        }
        let keepDays = try root.optionalInt("keep_days", in: Self.keepDaysLimits) ?? Self.defaultKeepDays
        var fileMode = Self.defaultFileMode
        if let value = root.optionalValue("mode") {
            fileMode = try Self.mode(value)
        }
        var group: Group?
        if let value = root.optionalValue("group") {
            let name = try value.string()
            guard !name.isEmpty else { throw value.error("expected the name of a group, found \"\"") }
            guard let id = SystemGroup.id(named: name) else {
                throw value.error("there is no group \(name.rulesQuoted()) on this machine (getent group \(name) finds none); "
                                  + "create it (groupadd), name another one, or remove the key to leave the pages in the daemon's group")
            }
            group = Group(name: name, id: id)
        }
        self.folder = folder
        self.keepDays = keepDays
        self.fileMode = fileMode
        self.group = group
    }

    /// `"0640"`: an octal string (JSON has no octal numbers), read, write or nothing for each
    /// class; the owner must be able to read what it writes; no execute or special bits.
    private static func mode(_ value: RuleValue) throws(RulesError) -> UInt32 {
        let text = try value.string()
        let digits = text.hasPrefix("0") && text.count == 4 ? String(text.dropFirst()) : text
        guard digits.count == 3, let mode = UInt32(digits, radix: 8) else {
            throw value.error("expected an octal mode such as \"0640\", found \(text.rulesQuoted())")
        }
        guard mode & 0o111 == 0 else {
            throw value.error("\(text.rulesQuoted()) has execute bits; a page is read, not run: use read and write only, such as \"0640\"")
        }
        guard mode & 0o400 != 0 else {
            throw value.error("\(text.rulesQuoted()) does not let the owner read the pages; use \"0600\" or more, such as \"0640\"")
        }
        return mode
    }
}
