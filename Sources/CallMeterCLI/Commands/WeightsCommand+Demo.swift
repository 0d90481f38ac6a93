import CallMeter
import Foundation

/// The routing step of `callmeter demo`.
extension WeightsCommand {
    /// Publishes the latest scoring run's weights in every format (`FeedFormat.allCases`, so a
    /// format added to the enum is published too) into `directory/feeds/` (the paths of
    /// `routing.json`, from the demo database's folder), then lists each format with its file and
    /// the command that makes the ACD read it. Without a scoring run it says so and publishes
    /// nothing; a format that would list nobody is skipped with the reason.
    static func publishDemoFeeds(store: Store, rulesDirectory: URL, timeZone: TimeZone, directory: URL, context: CommandContext) throws {
        let console = context.console
        let rules = try RoutingRules.load(directory: rulesDirectory)
        let weights = if let source = context.scoringRuns {
            Weights(store: store, rules: rules, timeZone: timeZone, user: OSUser.current(environment: context.environment),
                    now: { context.now }, source: source)
        } else {
            Weights(store: store, rules: rules, timeZone: timeZone, user: OSUser.current(environment: context.environment),
                    now: { context.now })
        }
        var summary: [[String]] = []
        for format in FeedFormat.allCases {
            let path = FeedLocation.defaultPath(for: format, rules: rules, folder: directory)
            do {
                print(try weights.publish(asOf: nil, format: format, path: path, force: false), rollback: false, console: console)
                summary.append([format.rawValue, path, format.reloadCommand(path: path)])
            } catch RoutingError.noScoringRun {
                console.print("Routing weights: no scoring run yet, so no feed was published.")
                return
            } catch let error as RoutingError {
                // Other fixtures may give a format nobody to list (no agent with a SIP URI): the
                // demo says so and goes on with the other formats.
                guard case .emptyFeed = error else { throw error }
                let reason = CommandLineHints.message(for: error)
                console.print("Routing weights, \(format.rawValue): \(reason)")
                summary.append([format.rawValue, "skipped", reason])
            }
        }
        console.print("")
        console.print("Feeds (format, file, what makes the ACD read it):")
        printTable(header: ["format", "file", "reload"], rows: summary, rightAligned: [], indent: "  ", console: console)
    }
}
