/// A manual override of an agent's weight by a QA manager.
public struct WeightPin: Sendable, Equatable {
    public let id: Int64
    public let agentID: String
    public let weight: Int
    public let reason: String
    /// The last local date (center time zone) the pin applies; nil: until unpinned.
    public let until: CalendarDate?
    /// The OS user who set it.
    public let pinnedBy: String
    /// Unix seconds.
    public let pinnedAt: Int64
    public let removedBy: String?
    public let removedAt: Int64?

    /// Whether the pin applies on local date `today`.
    public func applies(on today: CalendarDate) -> Bool {
        guard removedAt == nil else { return false }
        guard let until else { return true }
        return today <= until
    }
}
