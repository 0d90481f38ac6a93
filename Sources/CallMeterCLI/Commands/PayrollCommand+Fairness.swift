import CallMeter

extension PayrollCommand {
    static let noSessions = "n/a — no agent session data"

    func fairness(store: Store, context: CommandContext) throws -> ExitStatus {
        let configuration = try PayrollConfiguration.load(directory: context.rulesDirectory)
        let report = try Payroll(store: store).fairness(for: period, configuration: configuration)
        Self.printFairness(report, console: context.console)
        return .success
    }

    static func printFairness(_ report: FairnessReport, console: Console) {
        var heading = "Fairness \(report.period.identifier) (\(report.currency)): "
        if let minimum = report.minimumHourly {
            heading += "minimum hourly \(minimum.formatted(minimumPlaces: report.places)) \(report.currency)"
        } else {
            heading += "no minimum_hourly in payroll.json"
        }
        console.print(heading)
        guard !report.rows.isEmpty else {
            console.print("No paid calls in this period.")
            return
        }
        let na = report.hasSessions ? "n/a" : "n/a*"
        var table = TextTable([
            ("AGENT", .left), ("NAME", .left), ("CALLS", .right), ("PAID MIN", .right), ("EARNINGS", .right),
            ("PER PAID H", .right), ("LOGGED-IN MIN", .right), ("OCCUPANCY", .right), ("PER LOGGED-IN H", .right),
            ("UNDER MINIMUM", .left), ("COMMITTED MIN", .right), ("ADHERENCE", .right),
        ])
        for row in report.rows {
            let under: String
            switch row.underMinimum {
            case true?: under = row.loggedInSeconds == nil ? "YES (even per paid hour)" : "YES"
            case false?: under = "no"
            case nil: under = report.minimumHourly == nil ? "" : na
            }
            table.add([
                row.agentID, row.agentName, String(row.calls), minutesText(row.paidMinutes), row.earnings.formatted(),
                row.perPaidHour?.formatted() ?? "",
                row.loggedInMinutes.map { minutesText($0) + (row.openSessions > 0 ? " (\(row.openSessions) open)" : "") } ?? na,
                row.occupancyPermille.map { DecimalText.format($0, places: 1, minimumPlaces: 1, decimalSeparator: ".") + " %" } ?? na,
                row.perLoggedInHour?.formatted() ?? na, under,
                AdherenceCommand.minutes(row.adherence?.committedSeconds ?? 0), AdherenceCommand.adherenceText(row.adherence),
            ])
        }
        console.print(table.render())
        let open = report.rows.reduce(0) { $0 + $1.openSessions }
        if open > 0 {
            console.print("(N open): sessions never closed in the queue_log (ADDMEMBER without REMOVEMEMBER, login without")
            console.print("logoff), counted to the agent's logoff or, failing that, their last event.")
        }
        console.print("ADHERENCE: minutes logged in and not paused within commitments / committed minutes ('callmeter adherence').")
        if !report.hasSessions {
            console.print("* \(noSessions): logged-in time comes from PBX agent sessions, which are not imported yet.")
            console.print("  Earnings per paid hour is an upper bound of earnings per logged-in hour: below the minimum")
            console.print("  there means below it per logged-in hour too.")
        }
    }

}
