import Foundation
import Glibc

/// SIGTERM, SIGINT and SIGHUP, taken by one thread with `sigwait`: the signals are blocked in every
/// thread (call `blockSignals()` first thing, before any thread starts), so none is ever delivered
/// asynchronously into the middle of an ingest.
///
/// SIGTERM/SIGINT ask the loop to stop after the file in hand. If it is still busy after
/// `graceSeconds`, the statement in hand is interrupted (the file's transaction rolls back; the file
/// stays in the inbox and is taken at the next start). If even that has not ended it by
/// `deadlineSeconds`, the process exits 0 at once: SQLite rolls the open transaction back when
/// the database is next opened. A second SIGTERM/SIGINT skips the grace period.
enum SignalWatcher {
    static let handled: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    static func blockSignals() {
        var set = signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in handled { sigaddset(&set, signal) }
        return set
    }

    static func start(control: DaemonControl, log: EventLog, graceSeconds: Double = 5, deadlineSeconds: Double = 9) {
        let thread = Thread {
            var set = signalSet()
            var stopping = false
            while true {
                var received: Int32 = 0
                guard sigwait(&set, &received) == 0 else { continue }
                switch received {
                case SIGHUP:
                    log.info("signal", ["signal": "HUP", "action": "reload rules"])
                    control.requestReload()
                default:
                    let name = received == SIGINT ? "INT" : "TERM"
                    if stopping {
                        log.warning("signal", ["signal": name, "action": "roll back the file in hand now"])
                        control.requestHurry()
                        continue
                    }
                    stopping = true
                    log.info("signal", ["signal": name, "action": "stop after the file in hand"])
                    control.requestStop()
                    startWatchdog(control: control, log: log, graceSeconds: graceSeconds, deadlineSeconds: deadlineSeconds)
                }
            }
        }
        thread.name = "callmeterd signals"
        thread.start()
    }

    private static func startWatchdog(control: DaemonControl, log: EventLog, graceSeconds: Double, deadlineSeconds: Double) {
        let thread = Thread {
            let start = ContinuousClock.now
            var interrupting = false
            while !control.isFinished {
                let elapsed = ContinuousClock.now - start
                if elapsed >= .milliseconds(Int(deadlineSeconds * 1000)) {
                    log.warning("shutdown-forced", ["reason": "still busy \(Int(deadlineSeconds)) s after the signal; the open transaction is rolled back at the next start"])
                    _exit(0)
                }
                let hurried = control.isHurried
                if hurried || elapsed >= .milliseconds(Int(graceSeconds * 1000)) {
                    if !interrupting {
                        let why = hurried ? "a second stop signal" : "still busy \(Int(graceSeconds)) s after the signal"
                        log.warning("shutdown-interrupt", ["reason": "\(why); rolling back the work in hand"])
                        interrupting = true
                    }
                    // Repeated: an interrupt that falls between two statements is lost.
                    control.interruptWork()
                }
                usleep(50_000)
            }
        }
        thread.name = "callmeterd shutdown"
        thread.start()
    }
}
