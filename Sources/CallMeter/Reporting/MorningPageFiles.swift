import Foundation

/// The folder of the daemon's morning pages (`report.json`): one page per as-of date,
/// `YYYY-MM-DD.html`, `latest.html` and `index.html`.
///
/// `latest.html` is a second name (a hard link) of the newest dated page, not a symbolic link or a
/// copy: a plain file to every web server and copy tool (no `disable_symlinks`, no `rsync -l` to
/// think of), it never dangles when old pages are removed, and it costs no second write (a copy
/// only where the file system has no hard links). It is
/// replaced atomically (linked under a temporary name, then renamed over), like every page and the
/// index: a reader sees the old file or the new one, whole.
package struct MorningPageFiles {
    package static let latestName = "latest.html"
    package static let indexName = "index.html"
    /// How much of a page's text is read for its headline: the element is at the top of the head.
    static let headlineBytes = 16_384

    package let folder: String
    package let rules: ReportRules

    package init(rules: ReportRules, databasePath: String) {
        self.rules = rules
        self.folder = rules.folderPath(databasePath: databasePath)
    }

    package struct Failure: Error, CustomStringConvertible, Sendable {
        package let path: String
        package let reason: String
        package var description: String { "cannot write the morning page \(path): \(reason)" }
    }

    package static func name(of date: CalendarDate) -> String { "\(date).html" }

    package func path(of date: CalendarDate) -> String { folder + "/" + Self.name(of: date) }

    package var latestPath: String { folder + "/" + Self.latestName }

    /// The dates of the pages in the folder, oldest first: only names `YYYY-MM-DD.html`.
    package func keptDates() -> [CalendarDate] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { name -> CalendarDate? in
            guard name.utf8.count == 15, name.hasSuffix(".html"), let date = CalendarDate(String(name.prefix(10))),
                  Self.name(of: date) == name else { return nil }
            return date
        }.sorted()
    }

    /// The headline recorded in the page of `date`.
    package func headline(of date: CalendarDate) -> PageHeadline? {
        Self.headline(atPath: path(of: date))
    }

    /// The headline recorded in the page at `path`; nil when there is no readable page there.
    package static func headline(atPath path: String) -> PageHeadline? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: headlineBytes) else { return nil }
        return PageHeadline.read(page: Substring(String(decoding: data, as: UTF8.self)))
    }

    /// Writes the page of `asOf`, removes the pages of `keep_days` days or more before it, rewrites
    /// the index and points `latest.html` at the page (unless a newer page is kept). Returns the
    /// dates removed. The folder is created (mode and group from `report.json`) if needed.
    package func publish(_ html: String, asOf: CalendarDate, generatedAt: Int64) throws(Failure) -> [CalendarDate] {
        do {
            if try Folder.make(folder, mode: rules.folderMode), let group = rules.group {
                guard chown(folder, uid_t.max, group.id) == 0 else {
                    throw Failure(path: folder, reason: groupError(group))
                }
            }
        } catch let error as Folder.Failure {
            throw Failure(path: folder, reason: error.description)
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(path: folder, reason: "\(error)")
        }
        // The index before latest.html, and latest.html last: a page is done when latest.html is
        // it, so a failure at any step leaves it to be written again whole.
        let page = path(of: asOf)
        try write(Array(html.utf8), to: page)
        var removed: [CalendarDate] = []
        let oldestKept = asOf.adding(days: -(rules.keepDays - 1))
        for date in keptDates() where date < oldestKept {
            if unlink(path(of: date)) == 0 { removed.append(date) }
        }
        let pages = keptDates().map { (date: $0, headline: headline(of: $0)) }
        try write(Array(MorningPageIndexHTML.render(pages: pages, generatedAt: generatedAt).utf8), to: folder + "/" + Self.indexName)
        if keptDates().last.map({ $0 <= asOf }) ?? true {
            try pointLatest(at: page, bytes: Array(html.utf8))
        }
        do {
            try AtomicFile.syncDirectory(folder, for: page)
        } catch {
            throw Failure(path: page, reason: error.reason)
        }
        return removed
    }

    /// `bytes` to `path` atomically, with the mode and group of `report.json` set before the rename.
    private func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let temporary: String
        do {
            temporary = try AtomicFile.writeTemporary(bytes, beside: path, permissions: UInt16(rules.fileMode))
        } catch {
            throw Failure(path: path, reason: error.reason)
        }
        if let group = rules.group, chown(temporary, uid_t.max, group.id) != 0 {
            let reason = groupError(group)
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = AtomicFile.systemError("rename failed")
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
    }

    /// Whether `latest.html` is the page of `date` or of a later one: the page of `date` is done.
    package func latestIsAtLeast(_ date: CalendarDate) -> Bool {
        Self.headline(atPath: latestPath).map { $0.asOf >= date } ?? false
    }

    /// `latest.html` becomes a second name of `page`: linked under a temporary name, renamed over.
    /// Where the file system has no hard links (some network shares), a copy of `bytes` instead.
    private func pointLatest(at page: String, bytes: [UInt8]) throws(Failure) {
        let temporary = folder + "/." + Self.latestName + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        guard link(page, temporary) == 0 else {
            try write(bytes, to: latestPath)
            return
        }
        guard rename(temporary, latestPath) == 0 else {
            let reason = AtomicFile.systemError("rename failed")
            unlink(temporary)
            throw Failure(path: latestPath, reason: reason)
        }
    }

    private func groupError(_ group: ReportRules.Group) -> String {
        AtomicFile.systemError("cannot give it to the group \(group.name) (\(group.id)) of report.json")
            + "; the daemon's user must be a member of that group"
    }
}
