import CallMeter
import CallMeterDaemon

extension StatusCommand {
    /// The daemon part of `callmeter status`: heartbeat, last nightly run, feed age, inbox backlog.
    static func printDaemon(_ status: DaemonStatus, console: Console) {
        console.print("")
        for line in status.lines { console.print(line) }
    }
}
