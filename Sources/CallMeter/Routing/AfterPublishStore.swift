/// Storing the runs of the `after_publish` command (`weight_feed_hooks`).
extension RoutingDatabase {
    /// Records a run. Call inside a transaction.
    func insert(_ run: AfterPublishRun) throws {
        try connection.run("""
            INSERT INTO weight_feed_hooks (feed, command, run_by, started_at, finished_at, exit_status, signal, timed_out,
                                           timeout_seconds, start_error, output, output_truncated)
            VALUES (:feed, :command, :run_by, :started_at, :finished_at, :exit_status, :signal, :timed_out,
                    :timeout_seconds, :start_error, :output, :output_truncated)
            """, [
                ":feed": .int(run.feedVersion), ":command": .text(run.command), ":run_by": .text(run.runBy),
                ":started_at": .int(run.startedAt), ":finished_at": .int(run.finishedAt), ":exit_status": .int(run.exitStatus.map(Int64.init)),
                ":signal": .int(run.signal.map(Int64.init)), ":timed_out": .bool(run.timedOut), ":timeout_seconds": .int(Int64(run.timeoutSeconds)),
                ":start_error": .text(run.startError), ":output": .text(run.output), ":output_truncated": .bool(run.outputTruncated),
            ])
    }

    /// The runs after `feed`, or the last run after any feed when nil; newest first.
    func afterPublishRuns(feed: Int64?, limit: Int) throws -> [AfterPublishRun] {
        try connection.rows("""
            SELECT feed, command, run_by, started_at, finished_at, exit_status, signal, timed_out, timeout_seconds, start_error,
                   output, output_truncated
            FROM weight_feed_hooks WHERE :feed IS NULL OR feed = :feed ORDER BY id DESC LIMIT :limit
            """, [":feed": .int(feed), ":limit": .int(Int64(limit))]) { row in
                AfterPublishRun(
                    feedVersion: try row.int64("feed"), command: try row.text("command"), runBy: try row.text("run_by"),
                    startedAt: try row.int64("started_at"), finishedAt: try row.int64("finished_at"),
                    exitStatus: try row.optionalInt64("exit_status").map { Int(clamping: $0) },
                    signal: try row.optionalInt64("signal").map { Int(clamping: $0) }, timedOut: try row.bool("timed_out"),
                    timeoutSeconds: Int(clamping: try row.int64("timeout_seconds")), startError: try row.optionalText("start_error"),
                    output: try row.text("output"), outputTruncated: try row.bool("output_truncated"))
            }
    }
}
