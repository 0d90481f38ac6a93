/// Why a scoring command cannot give an answer.
public enum ScoringError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No answered or transferred call started in the window: nothing is scored or stored.
    case noData(asOf: CalendarDate, firstDay: CalendarDate, timeZone: String)
    case unknownAgent(String)
    /// Ratings in the window, stored before each rating kept its own scale, that the center's
    /// current rating scale does not allow (the scale was changed after they were ingested).
    /// Ratings stored with their scale are read on it and never counted here.
    case ratingsOutsideScale(count: Int, scale: ClosedRange<Int>)

    /// Why there is no answer.
    public var description: String {
        switch self {
        case .noData(let asOf, let firstDay, let zone):
            "no answered calls from \(firstDay) to \(asOf) (\(zone)): nothing to score, nothing stored"
        case .unknownAgent(let id):
            "no agent \(id.rulesQuoted()) in the database"
        case .ratingsOutsideScale(let count, let scale):
            "\(count) ratings in the window are outside the rating scale \(scale.lowerBound)–\(scale.upperBound) of center.json; they were ingested before each rating kept its scale: set rating_scale back to the scale they were given on"
        }
    }
}
