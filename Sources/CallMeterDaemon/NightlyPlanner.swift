package import CallMeter

/// Decides whether the nightly job is to run now: the latest slot that is due and has not
/// succeeded runs; a failed attempt is retried after a backoff that doubles from one poll
/// interval up to `maximumBackoff`; a slot that is overtaken by the next one is given up.
package struct NightlyPlanner: Sendable {
    package enum Decision: Equatable, Sendable {
        /// Run the job for `slot` now; `attempt` is 1 for a first try.
        case run(slot: CalendarDate, attempt: Int)
        /// Nothing to do before `until` (Unix seconds).
        case wait(until: Int64)
    }

    package let schedule: NightlySchedule
    package let pollSeconds: Int
    package let maximumBackoffSeconds: Int

    package init(schedule: NightlySchedule, pollSeconds: Int, maximumBackoffSeconds: Int = 3600) {
        self.schedule = schedule
        self.pollSeconds = max(pollSeconds, 1)
        self.maximumBackoffSeconds = max(maximumBackoffSeconds, 1)
    }

    /// The wait after the `failures`-th failed attempt of a slot: one poll interval, then twice
    /// that, four times, … up to the maximum.
    package func backoffSeconds(afterFailures failures: Int) -> Int64 {
        var delay = Int64(pollSeconds)
        var step = 1
        while step < failures && delay < Int64(maximumBackoffSeconds) {
            delay *= 2
            step += 1
        }
        return min(delay, Int64(maximumBackoffSeconds))
    }

    /// - Parameters:
    ///   - now: Unix seconds.
    ///   - lastSucceeded: the latest slot that succeeded, if any.
    ///   - lastAttempt: the latest attempt of the slot that is due now (nil: none yet).
    ///   - ignoringBackoff: at start-up a failed slot is retried at once (a restart is a request to
    ///     try again).
    package func decide(
        now: Int64, lastSucceeded: CalendarDate?, lastAttempt: NightlyAttempt?, ignoringBackoff: Bool = false
    ) -> Decision {
        let due = schedule.latestSlot(atOrBefore: now)
        let next = schedule.instant(of: due.adding(days: 1))
        if let lastSucceeded, lastSucceeded >= due { return .wait(until: next) }
        guard let lastAttempt, lastAttempt.slot == due else { return .run(slot: due, attempt: 1) }
        if lastAttempt.succeeded { return .wait(until: next) }
        let retryAt = lastAttempt.finishedAt + backoffSeconds(afterFailures: lastAttempt.attempt)
        if ignoringBackoff || now >= retryAt { return .run(slot: due, attempt: lastAttempt.attempt + 1) }
        return .wait(until: min(retryAt, next))
    }
}

/// The planner's view of one recorded attempt.
package struct NightlyAttempt: Sendable, Equatable {
    package let slot: CalendarDate
    package let attempt: Int
    package let succeeded: Bool
    /// Unix seconds.
    package let finishedAt: Int64

    package init(slot: CalendarDate, attempt: Int, succeeded: Bool, finishedAt: Int64) {
        self.slot = slot
        self.attempt = attempt
        self.succeeded = succeeded
        self.finishedAt = finishedAt
    }
}
