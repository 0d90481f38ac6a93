import CallMeter
import Dispatch
import Foundation

/// What other threads tell the daemon's loop: stop, reload the rules. Wakes the loop from its wait.
package final class DaemonControl: @unchecked Sendable {
    private let lock = NSLock()
    private let wakeup = DispatchSemaphore(value: 0)
    private var stop = false
    private var reload = false
    private var finished = false
    private var hurry = false
    private var interrupter: StoreInterrupter?

    package init() {}

    package var stopRequested: Bool { lock.withLock { stop } }
    var isFinished: Bool { lock.withLock { finished } }
    /// A second stop signal: do not wait for the file in hand.
    var isHurried: Bool { lock.withLock { hurry } }

    func requestHurry() {
        lock.withLock { hurry = true }
    }

    package func requestStop() {
        lock.withLock { stop = true }
        wakeup.signal()
    }

    package func requestReload() {
        lock.withLock { reload = true }
        wakeup.signal()
    }

    /// True once after each `requestReload()`.
    func takeReloadRequest() -> Bool {
        lock.withLock {
            defer { reload = false }
            return reload
        }
    }

    /// Waits up to `seconds`, or until a request arrives.
    func wait(seconds: Double) {
        guard seconds > 0 else { return }
        _ = wakeup.wait(timeout: .now() + .milliseconds(Int(min(seconds, 86_400) * 1000)))
    }

    /// The store whose work a late shutdown interrupts.
    func setInterrupter(_ interrupter: StoreInterrupter?) {
        lock.withLock { self.interrupter = interrupter }
    }

    /// Makes the statement in hand fail (its transaction rolls back), unless the loop is done.
    func interruptWork() {
        let target = lock.withLock { finished ? nil : interrupter }
        target?.interrupt()
    }

    func markFinished() {
        lock.withLock {
            finished = true
            interrupter = nil
        }
    }
}
