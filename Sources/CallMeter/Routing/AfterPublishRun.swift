/// One run of the `after_publish` command: which feed it followed, who ran it and when, and how
/// it ended. Recorded in `weight_feed_hooks`; the feed stays published whatever the outcome.
package struct AfterPublishRun: Sendable, Equatable {
    /// The feed version it ran after.
    package let feedVersion: Int64
    /// The argv as a JSON array of strings.
    package let command: String
    /// The OS user of the publish (the CLI's user, or the daemon's).
    package let runBy: String
    /// Unix seconds, by the publishing clock.
    package let startedAt: Int64
    package let finishedAt: Int64
    /// The exit status when the command exited by itself.
    package let exitStatus: Int?
    /// The signal that ended it.
    package let signal: Int?
    /// Whether it outran `after_publish_timeout_seconds` and its process group was killed.
    package let timedOut: Bool
    /// The timeout it ran with, in seconds.
    package let timeoutSeconds: Int
    /// Why it could not start, when it did not.
    package let startError: String?
    /// The first 4 KiB of its stdout and stderr (invalid UTF-8 replaced).
    package let output: String
    package let outputTruncated: Bool

    /// Exited by itself with status 0.
    package var succeeded: Bool { exitStatus == 0 && !timedOut && startError == nil }

    /// `ok (exit 0)`, `FAILED: exit status 3`, `TIMED OUT after 30 s: process group killed`, …
    package var outcome: String {
        if let startError { return "FAILED: not started: \(startError)" }
        if timedOut { return "TIMED OUT after \(timeoutSeconds) s: its process group was killed" }
        if let exitStatus { return exitStatus == 0 ? "ok (exit 0)" : "FAILED: exit status \(exitStatus)" }
        return "FAILED: killed by signal \(signal ?? 0)"
    }
}
