import CallMeter
import Foundation

extension PayrollCommand {
    /// `payroll unpriced PERIOD [--csv FILE]`: each call the period cannot price and why.
    func unpriced(store: Store, csv: String?, context: CommandContext) throws -> ExitStatus {
        let configuration = try PayrollConfiguration.load(directory: context.rulesDirectory)
        let calls = try Payroll(store: store).unpricedCalls(for: period, configuration: configuration)
        let rulesFile = TierRules.fileName
        if let csv {
            let out = ListingCSV(
                header: ["call_id", "agent_id", "local_start", "hotline", "tier", "reason", "adjustment_of"],
                rows: calls.map { call in
                    [
                        .text(call.callID), .text(call.agentID), .text(call.localStart), .text(call.hotline), .text(call.tier ?? ""),
                        .text(call.why(rulesFile: rulesFile, closeOverride: CommandLineHints.unratedClose)), .text(call.adjustmentOf ?? ""),
                    ]
                })
            let path = CLI.resolve(csv, against: context.workingDirectory).path
            try out.write(to: path)
            context.console.print("Wrote \(path) (\(Plural.count(out.rows, "unpriced call")) of \(period.identifier))")
            return .success
        }
        let columns: [(String, TextTable.Alignment)] = [
            ("CALL ID", .left), ("AGENT", .left), ("LOCAL START", .left), ("HOTLINE", .left), ("TIER", .left), ("WHY", .left),
        ]
        let listed = context.console.printListing(calls, empty: "Every call of \(period.identifier) is priced.", columns: columns) { call in
            [call.callID, call.agentID, call.localStart, call.hotline, call.tier ?? "-",
             call.why(rulesFile: rulesFile, closeOverride: CommandLineHints.unratedClose)]
        }
        guard listed else { return .success }
        context.console.print("\(Plural.count(calls.count, "call")) of \(period.identifier) earn\(calls.count == 1 ? "s" : "") nothing until "
                              + "\(rulesFile) prices \(calls.count == 1 ? "it" : "them") (give each hotline a tier, and each tier a rate from the call's date).")
        return .success
    }
}
