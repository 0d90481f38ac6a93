/// A service-level target: `percent` % of the calls answered within `answerWithinSeconds` seconds
/// (the classic "80/20" is `ServiceTarget(answerWithinSeconds: 20, percent: 80)`).
package struct ServiceTarget: Sendable, Hashable {
    /// The answer-time threshold t, in seconds (0 means "without waiting").
    package var answerWithinSeconds: Int
    /// The share to reach, in percent: 80 means 80 %.
    package var percent: Double

    /// `percent` as a fraction of 1.
    package var fraction: Double { percent / 100 }

    /// Whether a service level (0...1) meets the target.
    package func isMet(by serviceLevel: Double) -> Bool {
        serviceLevel >= fraction
    }

    package init(answerWithinSeconds: Int, percent: Double) {
        self.answerWithinSeconds = answerWithinSeconds
        self.percent = percent
    }
}
