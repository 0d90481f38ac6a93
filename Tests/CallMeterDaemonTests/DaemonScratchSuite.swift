@testable import CallMeter
import Foundation

/// What the suites that start the real `callmeterd` on a scratch folder share: the folder's
/// database, its copy of the shipped rules and its inbox, the fixtures, and counting rows.
protocol DaemonScratchSuite {
    var scratch: Scratch { get }
    /// The scratch folder's copy of `Rules/`.
    var rules: String { get }
}

extension DaemonScratchSuite {
    /// `--db`, `--rules` and `--inbox` of the scratch folder, then `extra`.
    func arguments(_ extra: String...) -> [String] {
        ["--db", scratch.file("db.sqlite"), "--rules", rules, "--inbox", scratch.file("inbox")] + extra
    }

    func fixture(_ name: String) throws -> String {
        try String(contentsOf: Repository.root.appendingPathComponent("Fixtures/\(name)"), encoding: .utf8)
    }

    func count(_ sql: String) throws -> Int64 {
        try Store(path: scratch.file("db.sqlite")).connection.scalarInt(sql) ?? -1
    }
}
