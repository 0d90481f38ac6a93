import Foundation

/// The copies of published feeds kept beside the feed: `PATH.vVERSION` (and, for csv,
/// `PATH.vVERSION.meta.json`, for freeswitch-tiers `PATH.vVERSION.xml`), hard links to the bytes published. Only files of exactly that
/// shape are ever deleted.
enum FeedArchive {
    static func copyPath(of path: String, version: Int64) -> String {
        "\(path).v\(version)"
    }

    /// Deletes the copies beyond the `keep` newest versions; returns the versions kept, newest first.
    @discardableResult
    static func prune(path: String, keep: Int) throws(RoutingError) -> [Int64] {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + ".v"
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .writeFailed(path: path, reason: "cannot list \(directory) to prune old copies")
        }
        var filesByVersion: [Int64: [String]] = [:]
        for name in names where name.hasPrefix(prefix) {
            var rest = Substring(name.dropFirst(prefix.count))
            for suffix in [Weights.sidecarSuffix, Weights.xmlSuffix] where rest.hasSuffix(suffix) { rest = rest.dropLast(suffix.count) }
            guard !rest.isEmpty, rest.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                  let version = Int64(rest) else { continue }
            filesByVersion[version, default: []].append(name)
        }
        let versions = filesByVersion.keys.sorted(by: >)
        // Not fsynced: after a crash an old copy may come back, which does no harm.
        for version in versions.dropFirst(keep) {
            for name in filesByVersion[version] ?? [] { unlink(directory + "/" + name) }
        }
        return Array(versions.prefix(keep))
    }
}
