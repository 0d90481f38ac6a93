package import Foundation

/// Where a feed goes when no path is given: the path `routing.json` sets for its format (default
/// `feeds/weights.FORMAT`), relative to the database's folder. `callmeter weights publish`,
/// the demo and the daemon's nightly job all publish there.
package enum FeedLocation {
    package static func defaultPath(for format: FeedFormat, rules: RoutingRules, databasePath: String) -> String {
        defaultPath(for: format, rules: rules, folder: URL(fileURLWithPath: databasePath).deletingLastPathComponent())
    }

    /// The same, relative to `folder` (the database's).
    package static func defaultPath(for format: FeedFormat, rules: RoutingRules, folder: URL) -> String {
        let path = rules.outputs[format] ?? "feeds/weights.\(format.rawValue)"
        return path.hasPrefix("/") ? URL(fileURLWithPath: path).path : folder.appendingPathComponent(path).path
    }
}
