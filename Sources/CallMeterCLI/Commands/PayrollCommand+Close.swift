import CallMeter
import Foundation

extension PayrollCommand {
    func close(store: Store, allowUnrated: Bool, earlyReason: String?, context: CommandContext) throws -> ExitStatus {
        let configuration = try PayrollConfiguration.load(directory: context.rulesDirectory)
        // A period is closed once it has ended where the center is: before that, more of its calls
        // are still to come, and they would all become adjustments of the next period.
        let zone = configuration.center.timeZone
        let bounds = period.bounds(in: zone)
        let now = context.now
        if now < bounds.start {
            throw CommandFailure("cannot close \(period.identifier): it has not begun; it runs from "
                                 + "\(Self.localText(bounds.start, zone)) to \(Self.localText(bounds.end, zone))", status: .usage)
        }
        let early = now < bounds.end
        if early && earlyReason == nil {
            throw CommandFailure("cannot close \(period.identifier) yet: it ends \(Self.localText(bounds.end, zone)). Close it after that, "
                                 + "or now with --early --reason TEXT (recorded; later calls of the period become adjustments)",
                                 status: .usage)
        }
        let result: (payroll: PeriodPayroll, closed: ClosedPeriod)
        do {
            result = try Payroll(store: store).close(
                period, configuration: configuration, allowUnrated: allowUnrated,
                closedAtMilliseconds: Int64((context.clock().timeIntervalSince1970 * 1000).rounded(.down)),
                closedBy: OSUser.current(environment: context.environment), earlyReason: early ? earlyReason : nil)
        } catch let error as PayrollError {
            throw CommandFailure(CommandLineHints.message(for: error))
        }
        let payroll = result.payroll
        let console = context.console
        if let held = try? store.heldQueueCalls(startingFrom: payroll.startsAt, before: payroll.endsAt), !held.isEmpty {
            let one = held.count == 1
            console.error("Warning: \(held.count) queue_log call\(one ? "" : "s") of \(period.identifier) \(one ? "is" : "are") incomplete "
                          + "and not in this close: once the rest of \(one ? "its" : "their") events is ingested \(one ? "it is" : "they are") "
                          + "paid as \(one ? "an adjustment" : "adjustments") in the next open period. `callmeter status --held` lists "
                          + "\(one ? "it" : "them").")
        }
        if earlyReason != nil && !early {
            console.print("Note: \(period.identifier) has ended; --early was not needed and is not recorded.")
        }
        console.print("Closed \(period.identifier)\(early ? " early (it ends \(Self.localText(bounds.end, zone)))" : ""): \(payroll.lines.count) line\(payroll.lines.count == 1 ? "" : "s"), "
                      + "total \(payroll.total) \(payroll.currency), export SHA-256 \(result.closed.exportDigest).")
        if !payroll.adjusting.isEmpty {
            console.print("It pays the late calls of " + payroll.adjusting.map(\.identifier).joined(separator: ", ") + ".")
        }
        if !payroll.unrated.isEmpty {
            console.print("Left unpaid (--allow-unrated), \(payroll.unratedCallCount) call\(payroll.unratedCallCount == 1 ? "" : "s"):")
            for group in payroll.unrated { console.print("  " + group.describe(rulesFile: configuration.tiers.path)) }
        }
        console.print("Its export is frozen; calls that arrive later for it are paid in \(period.next.identifier) or the next open period.")
        return .success
    }
}
