import CallMeter

extension PayrollCommand {
    /// The per-agent summary: what each agent earns, the total, and what is not (yet) paid.
    static func printSummary(_ payroll: PeriodPayroll, console: Console) throws {
        let period = payroll.period
        var heading = "Payroll \(period.identifier) (\(period.kind.rawValue), \(period.firstDay) to "
            + "\(period.lastDay), \(payroll.currency)): "
        switch payroll.status {
        case .open:
            heading += "open, computed from the current calls and rules"
        case .closed(let closed):
            heading += "closed \(Timestamp.formatUTC(milliseconds: closed.closedAtMilliseconds)), frozen export SHA-256 \(closed.exportDigest)"
            if let reason = closed.earlyReason { heading += "; closed early: \(TerminalText.escaped(reason))" }
        }
        console.print(heading)
        if !payroll.adjusting.isEmpty {
            console.print("Pays late calls of the closed period\(payroll.adjusting.count == 1 ? "" : "s") "
                          + payroll.adjusting.map(\.identifier).joined(separator: ", ") + " as adjustment lines.")
        }

        let agents = try payroll.agentTotals()
        if agents.isEmpty {
            console.print("No paid calls in this period.")
        } else {
            var table = TextTable([
                ("AGENT", .left), ("NAME", .left), ("CALLS", .right), ("BILLABLE MIN", .right), ("ADJUSTMENTS", .right),
                ("BONUS", .right), ("AMOUNT", .right),
            ])
            var calls: Int64 = 0
            var minutes: Int64 = 0
            for agent in agents {
                calls &+= agent.calls
                minutes &+= agent.billableMinutes
                table.add([
                    agent.agentID, agent.agentName, String(agent.calls), minutesText(agent.billableMinutes),
                    agent.adjustments.minorUnits == 0 ? "" : agent.adjustments.formatted(),
                    agent.bonus.minorUnits == 0 ? "" : agent.bonus.formatted(), agent.amount.formatted(),
                ])
            }
            table.add(["TOTAL", "\(agents.count) agent\(agents.count == 1 ? "" : "s")", String(calls), minutesText(minutes), "", "",
                       payroll.total.formatted()])
            console.print(table.render())
        }
        console.print("Total: \(payroll.total) \(payroll.currency) in \(payroll.lines.count) line\(payroll.lines.count == 1 ? "" : "s")")
        if !payroll.unrated.isEmpty {
            console.print("Not priced, earning nothing until \(TierRules.fileName) prices them (\(payroll.unratedCallCount) call\(payroll.unratedCallCount == 1 ? "" : "s")):")
            for group in payroll.unrated { console.print("  " + group.describe(rulesFile: TierRules.fileName)) }
        }
        if payroll.lateCalls > 0, let paidIn = payroll.lateCallsPaidIn {
            console.print("\(payroll.lateCalls) call\(payroll.lateCalls == 1 ? "" : "s") of this period arrived after it was closed; "
                          + "\(payroll.lateCalls == 1 ? "it is" : "they are") paid in \(paidIn.identifier) as adjustments.")
        }
    }

    static func minutesText(_ tenThousandths: Int64) -> String {
        DecimalText.format(tenThousandths, places: FixedDecimal.places, minimumPlaces: 2, decimalSeparator: ".")
    }
}
