package import CallMeter
import Foundation
import Glibc

/// The daemon's loop: an inbox pass, the nightly job when due, a heartbeat, a wait; until stopped.
///
/// Everything runs on the calling thread; other threads only talk to it through `DaemonControl`.
/// Tests drive it in-process with a fake clock, a fake job and `tick()`.
package final class Daemon {
    package let options: DaemonOptions
    let store: Store
    let layout: InboxLayout
    let ingester: any FileIngesting
    let job: any NightlyJob
    let log: EventLog
    let control: DaemonControl
    /// Unix milliseconds.
    let now: () -> Int64

    /// The rules in force: loaded at start, replaced only by a `SIGHUP` whose whole set loads.
    var rules: RuleSet
    /// Inbox files held back because the rules their kind needs do not load, each logged once.
    var heldForRules: Set<String> = []
    var scanner: InboxScanner
    /// Files that failed for a reason that may pass (the database busy, a disk full): not retried
    /// before `retryAt` unless they change.
    var deferred: [String: (status: FileStatus, failures: Int, retryAtMilliseconds: Int64)] = [:]
    private var ticks = 0
    /// Set when something went wrong that `--once` reports with its exit status.
    var hadTemporaryFailure = false
    /// The morning page that failed, how many times, and when it is tried again (`Daemon+MorningPage`).
    var pageRetry: (asOf: CalendarDate, failures: Int, retryAtMilliseconds: Int64)?
    /// The opened inbox folders and the files in hand (`Daemon+Inbox.swift`).
    let inbox = InboxState()

    package init(
        options: DaemonOptions, store: Store, rules: RuleSet,
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

    var clock: CenterClock { CenterClock(timeZone: rules.center.timeZone) }

    var planner: NightlyPlanner {
        NightlyPlanner(schedule: NightlySchedule(time: options.nightly, clock: clock), pollSeconds: options.pollSeconds)
    }

    /// Prepares the inbox and records this daemon in the database. Throws what stops a start.
    package func startUp() throws {
        try prepareInbox()
        let started = now()
        try DaemonRecords(store: store).recordDaemonStart(DaemonRecord(
            pid: Int(getpid()), host: Self.hostName(), version: DaemonMain.version, inbox: options.inbox,
            rules: options.rulesDirectory, nightlyAt: options.nightly.description, pollSeconds: options.pollSeconds,
            startedAtMilliseconds: started, heartbeatAtMilliseconds: started))
        let interrupted = try DaemonRecords(store: store).markInterruptedNightlyRuns(atMilliseconds: started)
        if interrupted > 0 {
            log.warning("nightly-interrupted", ["runs": interrupted, "reason": "the daemon stopped before the job finished; it runs again"])
        }
        log.info("started", [
            "pid": getpid(), "db": store.path, "inbox": options.inbox, "rules": options.rulesDirectory,
            "nightly": options.nightly.description, "timezone": rules.center.timeZone.identifier, "poll": options.pollSeconds,
            "settle": options.settleSeconds, "once": options.once,
        ])
        logHeldKinds()
    }

    /// One round: reload the rules if asked, an inbox pass, the nightly job if due, the morning
    /// page if missing, a heartbeat.
    /// Returns how long to wait before the next round (seconds).
    @discardableResult
    package func tick() -> Double {
        if control.takeReloadRequest() { reloadRules() }
        let firstTick = ticks == 0
        ticks += 1
        passInbox()
        if control.stopRequested { return 0 }
        let wakeAt = runNightlyIfDue(startUp: firstTick)
        if control.stopRequested { return 0 }
        writeMorningPageIfDue()
        heartbeat()
        let untilJob = Double(wakeAt * 1000 - now()) / 1000
        return max(0, min(Double(options.pollSeconds), untilJob))
    }

    /// Runs until stopped (or one round with `--once`). Returns the exit status.
    package func run() -> Int32 {
        control.setInterrupter(store.makeInterrupter())
        while !control.stopRequested {
            let wait = tick()
            if options.once || control.stopRequested { break }
            control.wait(seconds: wait)
        }
        // Out of the work: a late shutdown no longer interrupts the store.
        control.markFinished()
        do {
            try DaemonRecords(store: store).recordDaemonStop(atMilliseconds: now())
        } catch {
            log.error("db-error", ["doing": "record the stop", "error": "\(error)"])
        }
        log.info("stopped", ["reason": control.stopRequested ? "signal" : "once"])
        return options.once && (hadTemporaryFailure || inbox.leftWaiting) ? 1 : 0
    }

    func heartbeat() {
        do {
            try DaemonRecords(store: store).recordHeartbeat(atMilliseconds: now())
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
            try DaemonRecords(store: store).recordActivity(activity, atMilliseconds: now())
        } catch {
            log.error("db-error", ["doing": "heartbeat", "error": "\(error)"])
        }
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The settings of an inbox file of `kind`: the center's scale and zone, and for a PBX's kinds
    /// its rule file (`asterisk.json`, `freeswitch.json`), all from the rules in force. Throws the
    /// error of a broken PBX rule file for its kinds (those files are held back before this).
    func ingestSettings(for kind: InboxKind) throws -> IngestSettings {
        IngestSettings(
            ratingScale: rules.center.ratingScale, timeZone: rules.center.timeZone,
            asterisk: kind.pbxRules == .asterisk ? try rules.asterisk.get() : AsteriskRules(),
            freeswitch: kind.pbxRules == .freeswitch ? try rules.freeswitch.get() : FreeSWITCHRules())
    }
}
