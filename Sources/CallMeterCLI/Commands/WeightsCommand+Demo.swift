import CallMeter
import Foundation

/// The routing step of `callmeter demo`.
extension WeightsCommand {
    /// Publishes the latest scoring run's weights in every format into `directory/feeds/`
    /// (the paths of `routing.json`, from the demo database's folder). Without a scoring run it
    /// says so and publishes nothing.
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
        for format in FeedFormat.allCases {
            let path = FeedLocation.defaultPath(for: format, rules: rules, folder: directory)
            do {
                print(try weights.publish(asOf: nil, format: format, path: path, force: false), rollback: false, console: console)
            } catch RoutingError.noScoringRun {
                console.print("Routing weights: no scoring run yet, so no feed was published.")
                return
            } catch let error as RoutingError {
                // Other fixtures may give a format nobody to list (no agent with a SIP URI): the
                // demo says so and goes on with the other formats.
                guard case .emptyFeed = error else { throw error }
                console.print("Routing weights, \(format.rawValue): \(CommandLineHints.message(for: error))")
            }
        }
    }
}
