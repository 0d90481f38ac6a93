/// The verdict on an agent's score. `insufficient` is not a threshold band: it is given when an
/// agent has fewer ratings in the window than `min_ratings`.
public enum ScoreBand: String, Sendable, CaseIterable, Codable {
    case excellent, good, watch, poor, insufficient

    /// The bands a rule file may give a threshold, best first.
    package static let thresholdBands: [ScoreBand] = [.excellent, .good, .watch, .poor]
}

/// One band of the rules: scores of at least `minimumTenths` (tenths of a point) get `band`.
package struct BandThreshold: Sendable, Equatable {
    package let band: ScoreBand
    /// 850 for 85.0.
    package let minimumTenths: Int

}
