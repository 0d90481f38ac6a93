import Foundation
import Testing

/// A temporary folder for one test, removed at the end; and where the repository is.
final class Scratch {
    let url: URL
    var path: String { url.path }

    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("callmeterd-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ relative: String) -> String { path + "/" + relative }

    /// Writes `text` at `relative` (creating folders): through `NAME.part` and a rename, as producers
    /// should, unless `direct`.
    func write(_ relative: String, _ text: String, direct: Bool = false) throws {
        try write(relative, bytes: Data(text.utf8), direct: direct)
    }

    /// Writes bytes as a producer should: `NAME.part`, then a rename (unless `direct`).
    func write(_ relative: String, bytes: Data, direct: Bool = false) throws {
        let target = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        if direct {
            try bytes.write(to: target)
        } else {
            let part = target.appendingPathExtension("part")
            try bytes.write(to: part)
            try FileManager.default.moveItem(at: part, to: target)
        }
    }

    /// A copy of the shipped rules, to edit. Its nightly feed is csv: the test data has no SIP URIs,
    /// and a kamailio feed listing nobody is (rightly) a failed nightly job.
    func copyRules() throws -> String {
        let destination = url.appendingPathComponent("rules")
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("Rules"), to: destination)
        let routing = destination.appendingPathComponent("routing.json")
        let text = try String(contentsOf: routing, encoding: .utf8)
        try Data(text.replacingOccurrences(of: #""format": "kamailio""#, with: #""format": "csv""#).utf8).write(to: routing)
        return destination.path
    }

    func read(_ relative: String) -> String? {
        (try? Data(contentsOf: url.appendingPathComponent(relative))).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every file under `relative`, as paths relative to it, sorted.
    func files(under relative: String) -> [String] {
        let base = url.appendingPathComponent(relative).path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [String] = []
        while let next = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(next)
            }
        }
        return found.sorted()
    }
}

enum Repository {
    /// Tests/CallMeterDaemonTests/Scratch.swift → the package root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
