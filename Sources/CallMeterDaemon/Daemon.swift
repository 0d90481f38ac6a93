public import CallMeter
import Foundation
import Glibc

/// The daemon's loop: an inbox pass, the nightly job when due, a heartbeat, a wait; until stopped.
///
/// Everything runs on the calling thread; other threads only talk to it through `DaemonControl`.
/// Tests drive it in-process with a fake clock, a fake job and `tick()`.
public final class Daemon {
    public let options: DaemonOptions
    let store: Store
    let layout: InboxLayout
    let ingester: any FileIngesting
    let job: any NightlyJob
    let log: EventLog
    let control: DaemonControl
    /// Unix milliseconds.
    let now: () -> Int64

    private(set) var rules: CenterRules
    var scanner: InboxScanner
    /// Files that failed for a reason that may pass (the database busy, a disk full): not retried
    /// before `retryAt` unless they change.
    var deferred: [String: (status: FileStatus, failures: Int, retryAtMilliseconds: Int64)] = [:]
    private var ticks = 0
    /// Set when something went wrong that `--once` reports with its exit status.
    var hadTemporaryFailure = false

    public init(
        options: DaemonOptions, store: Store, rules: CenterRules,
        ingester: any FileIngesting = StoreFileIngester(), job: any NightlyJob = ScoreAndPublishJob(),
        log: EventLog, control: DaemonControl = DaemonControl(), now: @escaping () -> Int64 = EventLog.systemMilliseconds
    ) {
        self.options = options
        self.store = store
        self.rules = rules
        self.layout = InboxLayout(root: options.inbox)
        self.ingester = ingester
        self.job = job
        self.log = log
        self.control = control
        self.now = now
        self.scanner = InboxScanner(layout: layout, settleSeconds: options.settleSeconds)
    }

    var clock: CenterClock { CenterClock(timeZone: rules.timeZone) }

    var planner: NightlyPlanner {
        NightlyPlanner(schedule: NightlySchedule(time: options.nightly, clock: clock), pollSeconds: options.pollSeconds)
    }

    /// Prepares the inbox and records this daemon in the database. Throws what stops a start.
    public func startUp() throws {
        try layout.prepare()
        let started = now()
        try store.recordDaemonStart(DaemonRecord(
            pid: Int(getpid()), host: Self.hostName(), version: DaemonMain.version, inbox: options.inbox,
            rules: options.rulesDirectory, nightlyAt: options.nightly.description, pollSeconds: options.pollSeconds,
            startedAtMilliseconds: started, heartbeatAtMilliseconds: started))
        let interrupted = try store.markInterruptedNightlyRuns(atMilliseconds: started)
        if interrupted > 0 {
            log.warning("nightly-interrupted", ["runs": interrupted, "reason": "the daemon stopped before the job finished; it runs again"])
        }
        log.info("started", [
            "pid": getpid(), "db": store.path, "inbox": options.inbox, "rules": options.rulesDirectory,
            "nightly": options.nightly.description, "timezone": rules.timeZone.identifier, "poll": options.pollSeconds,
            "settle": options.settleSeconds, "once": options.once,
        ])
    }

    /// One round: reload the rules if asked, an inbox pass, the nightly job if due, a heartbeat.
    /// Returns how long to wait before the next round (seconds).
    @discardableResult
    public func tick() -> Double {
        if control.takeReloadRequest() { reloadRules() }
        let firstTick = ticks == 0
        ticks += 1
        passInbox()
        if control.stopRequested { return 0 }
        let wakeAt = runNightlyIfDue(startUp: firstTick)
        heartbeat()
        let untilJob = Double(wakeAt * 1000 - now()) / 1000
        return max(0, min(Double(options.pollSeconds), untilJob))
    }

    /// Runs until stopped (or one round with `--once`). Returns the exit status.
    public func run() -> Int32 {
        control.setInterrupter(store.makeInterrupter())
        while !control.stopRequested {
            let wait = tick()
            if options.once || control.stopRequested { break }
            control.wait(seconds: wait)
        }
        // Out of the work: a late shutdown no longer interrupts the store.
        control.markFinished()
        do {
            try store.recordDaemonStop(atMilliseconds: now())
        } catch {
            log.error("db-error", ["doing": "record the stop", "error": "\(error)"])
        }
        log.info("stopped", ["reason": control.stopRequested ? "signal" : "once"])
        return options.once && hadTemporaryFailure ? 1 : 0
    }

    func reloadRules() {
        do {
            let fresh = try CenterRules.load(directory: URL(fileURLWithPath: options.rulesDirectory, isDirectory: true))
            rules = fresh
            log.info("rules-reloaded", ["rules": options.rulesDirectory, "timezone": fresh.timeZone.identifier])
        } catch {
            log.error("rules-reload-failed", ["rules": options.rulesDirectory, "error": "\(error)", "action": "keeping the rules in force"])
        }
    }

    func heartbeat() {
        do {
            try store.recordHeartbeat(atMilliseconds: now())
        } catch let error as SQLiteError where error.isBusy {
            // Only when a stop ended the wait for another writer (see DaemonMain): the next round,
            // if any, writes it.
        } catch {
            log.error("db-error", ["doing": "heartbeat", "error": "\(error)"])
        }
    }

    /// Says what long work starts now, for `callmeter status` while it runs.
    func record(activity: String) {
        do {
            try store.recordActivity(activity, atMilliseconds: now())
        } catch {
            log.error("db-error", ["doing": "heartbeat", "error": "\(error)"])
        }
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The settings of an inbox file: the center's scale and zone, and `asterisk.json` (read for each
    /// file, so an edit applies without a restart; a broken one leaves the file for a later try).
    func ingestSettings() throws -> IngestSettings {
        let asterisk = try AsteriskRules.load(directory: URL(fileURLWithPath: options.rulesDirectory, isDirectory: true))
        return IngestSettings(ratingScale: rules.ratingScale, timeZone: rules.timeZone, asterisk: asterisk ?? AsteriskRules())
    }
}
