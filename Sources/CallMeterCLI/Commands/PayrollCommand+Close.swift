import CallMeter

extension PayrollCommand {
    func close(store: Store, allowUnrated: Bool, context: CommandContext) throws -> ExitStatus {
        let configuration = try PayrollConfiguration.load(directory: context.rulesDirectory)
        let result: (payroll: PeriodPayroll, closed: ClosedPeriod)
        do {
            result = try store.closePayroll(period, configuration: configuration, allowUnrated: allowUnrated)
        } catch let error as PayrollError {
            throw CommandFailure(error.description)
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
        console.print("Closed \(period.identifier): \(payroll.lines.count) line\(payroll.lines.count == 1 ? "" : "s"), "
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
