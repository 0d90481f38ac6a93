import CallMeter
import Foundation

extension PayrollCommand {
    func reopen(store: Store, reason: String, context: CommandContext) throws -> ExitStatus {
        let reopened: ClosedPeriod
        do {
            reopened = try Payroll(store: store).reopen(
                period, reason: reason, by: OSUser.current(environment: context.environment),
                atMilliseconds: Int64((context.clock().timeIntervalSince1970 * 1000).rounded(.down)))
        } catch let error as PayrollError {
            throw CommandFailure(error.description)
        }
        context.console.print("Reopened \(period.identifier): its close of \(Timestamp.formatUTC(milliseconds: reopened.closedAtMilliseconds)) "
                              + "(export SHA-256 \(reopened.exportDigest)) is kept as history (`callmeter payroll history "
                              + "\(period.identifier)`).")
        context.console.print("The period is computed live again, with its late calls; close it again with "
                              + "`callmeter payroll close \(period.identifier)`.")
        return .success
    }

    /// Every close of the period, oldest first, each with its reopening if any.
    func history(store: Store, context: CommandContext) throws -> ExitStatus {
        let closes = try Payroll(store: store).history(of: period)
        // Times print in the center's zone when center.json can be read; the history must stay
        // readable when it cannot, so UTC then.
        let zone = (try? context.centerRules().timeZone) ?? TimeZone(identifier: "UTC") ?? .current
        let console = context.console
        guard !closes.isEmpty else {
            console.print("\(period.identifier) has never been closed.")
            return .success
        }
        console.print("Closes of \(period.identifier) (times in \(zone.identifier)):")
        for (index, close) in closes.enumerated() {
            var text = "\(index + 1). closed \(Self.localText(close.closedAtMilliseconds / 1000, zone))"
            text += close.closedBy.map { " by \($0)" } ?? ""
            text += ": \(close.lineCount) line\(close.lineCount == 1 ? "" : "s"), total \(close.total) \(close.currency), "
                + "export SHA-256 \(close.exportDigest)"
            console.print(text)
            if let reason = close.earlyReason {
                console.print("   early, before the period ended: \(TerminalText.escaped(reason))")
            }
            if let reopening = close.reopening {
                console.print("   reopened \(Self.localText(reopening.atMilliseconds / 1000, zone)) by \(reopening.by): "
                              + TerminalText.escaped(reopening.reason))
            } else {
                console.print("   in force")
            }
        }
        if closes.allSatisfy({ $0.reopening != nil }) {
            console.print("\(period.identifier) is open: computed live from the current calls and rules.")
        }
        return .success
    }

    /// `2027-01-01 00:00 Europe/Zurich (UTC+01:00)`: an instant as the center's clocks show it.
    static func localText(_ seconds: Int64, _ zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let wall = Timestamp.formatUTC(seconds + Int64(offset))
        return String(wall.prefix(10)) + " " + String(wall.dropFirst(11).prefix(5)) + " \(zone.identifier) (UTC"
            + Timestamp.formatOffset(offset) + ")"
    }
}
