/// The payroll part: what agents earn per pay period, the closes that freeze a period, and the
/// reports on a period's pay (fairness, unpriced calls, per-call detail).
///
/// Payroll reads the ingested calls, agents and hotlines, and owns its own tables (`payroll_periods`,
/// `payroll_lines`, `payroll_call_details`, `payroll_calls`, and the `reversed_in` mark of
/// `call_voids`): nothing else reads or writes them.
///
/// ```swift
/// let store = try Store(path: "callmeter.sqlite")
/// let configuration = try PayrollConfiguration.load(directory: rules)
/// let october = try Payroll(store: store).payroll(for: PayPeriod.parse("2026-10"), configuration: configuration)
/// print(october.total)
/// ```
public final class Payroll {
    let store: Store

    /// Payroll over the data of `store`.
    public init(store: Store) {
        self.store = store
    }

    var connection: Connection { store.connection }

    /// The payroll of `period`: for a closed period its frozen lines, read back and checked against
    /// their digest; for an open one computed now from the calls and `configuration`, with the
    /// band bonuses of the stored score runs. Export it with `PayrollExportFile.write`.
    /// `configuration` is only evaluated when the period is open (a closed one needs no rules).
    public func payroll(for period: PayPeriod, configuration: @autoclosure () throws -> PayrollConfiguration) throws -> PeriodPayroll {
        try payroll(for: period, configuration: try configuration(), bands: nil)
    }

    /// Bands from the stored score runs: what payroll uses unless told otherwise. An agent's band
    /// is the one of the latest run dated inside the pay period (normally the nightly run of its
    /// last day); no run inside the period: no band, so no bonus — never one on another period's score.
    var storedScoreBands: any ScoringResults { Scoring(store: store) }
}
