/// One generated call with its ratings: plain values only, so a call costs no allocation.
struct SyntheticCall {
    var hotline: Int
    /// Index into the roster; nil for abandoned calls.
    var agent: Int?
    var startedAt: Int
    /// Nil unless the call was answered or transferred.
    var answeredAt: Int?
    var endedAt: Int
    var disposition: CallRow.Disposition
    var talkSeconds = 0
    var holdSeconds = 0
    var wrapSeconds = 0
    /// Index into the caller pool.
    var caller: Int
    var outbound: Bool
    var endedByAgent: Bool
    /// The `overall` rating 1...5 and when it was given, if the caller rated.
    var overall: (rating: Int, ratedAt: Int)?
    /// The `resolved` rating 1...5 and when it was given (only with an `overall` rating).
    var resolved: (rating: Int, ratedAt: Int)?
}
