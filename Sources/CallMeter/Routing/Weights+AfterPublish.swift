import Foundation

extension Weights {
    /// Runs the `after_publish` command of the rules, if any, after `feed` was published, and
    /// records the run. Never throws and never touches the feed: a failing, timing-out or
    /// unrecordable command leaves the feed published. The command gets this process's
    /// environment with `CALLMETER_FEED_PATH`, `CALLMETER_FEED_FORMAT`, `CALLMETER_FEED_VERSION`
    /// and `CALLMETER_FEED_SHA256` added, and runs in the database's folder.
    func runAfterPublish(_ feed: PublishedFeed) -> (run: AfterPublishRun, notRecorded: String?)? {
        guard let argv = rules.afterPublish else { return nil }
        var environment = ProcessInfo.processInfo.environment
        environment["CALLMETER_FEED_PATH"] = feed.path
        environment["CALLMETER_FEED_FORMAT"] = feed.format.rawValue
        environment["CALLMETER_FEED_VERSION"] = String(feed.version)
        environment["CALLMETER_FEED_SHA256"] = feed.sha256
        let startedAt = now()
        let outcome = AfterPublishCommand.run(
            argv, environment: environment, timeoutSeconds: rules.afterPublishTimeoutSeconds,
            directory: URL(fileURLWithPath: store.path).deletingLastPathComponent())
        let run = AfterPublishRun(
            feedVersion: feed.version, command: "[" + argv.map { JSONString.quoted($0, style: .feed) }.joined(separator: ", ") + "]",
            runBy: user, startedAt: startedAt, finishedAt: now(), exitStatus: outcome.exitStatus.map(Int.init),
            signal: outcome.signal.map(Int.init), timedOut: outcome.timedOut, timeoutSeconds: rules.afterPublishTimeoutSeconds,
            startError: outcome.startError, output: String(decoding: outcome.output, as: UTF8.self),
            outputTruncated: outcome.outputTruncated)
        do {
            try store.connection.transaction { try database.insert(run) }
            return (run, nil)
        } catch {
            return (run, "\(error)")
        }
    }

    /// The last `after_publish` run recorded in `store` (any feed), for `status`.
    package static func lastAfterPublishRun(in store: Store) throws -> AfterPublishRun? {
        try RoutingDatabase(connection: store.connection).afterPublishRuns(feed: nil, limit: 1).first
    }

    /// The `after_publish` runs after feed `version`, newest first.
    package func afterPublishRuns(feed version: Int64) throws -> [AfterPublishRun] {
        try database.afterPublishRuns(feed: version, limit: 1000)
    }
}
