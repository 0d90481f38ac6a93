/// The command line's part of a refusal: the library's errors say what is wrong in the terms of
/// the domain; `callmeter` and `callmeterd` add the flag that overrides it (or names the value),
/// so that one wording of each flag lives on the command-line side.
package enum CommandLineHints {
    /// `error` as the command line prints it: its description, with the flag added where a flag
    /// overrides the refusal or gave the value.
    package static func message(for error: any Error) -> String {
        switch error {
        case let trip as CircuitBreaker.Trip:
            return trip.description(override: forcePublish)
        case RoutingError.emptyFeed:
            return "\(error); \(forcePublish)"
        case RoutingError.pinUntilPassed:
            return "--until \(error)"
        case let payroll as PayrollError:
            guard case .unrated = payroll.kind else { return payroll.description }
            return "\(payroll), or close with --allow-unrated to leave these calls unpaid"
        default:
            return "\(error)"
        }
    }

    /// What `weights publish` adds to a refusal that `--force` overrides.
    package static let forcePublish = "publish anyway with --force"
    /// How `payroll unpriced` names the close that left calls unpaid.
    package static let unratedClose = "with --allow-unrated"
}
