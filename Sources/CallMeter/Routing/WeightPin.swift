/// A manual override of an agent's weight by a QA manager.
package struct WeightPin: Sendable, Equatable {
    package let id: Int64
    package let agentID: String
    package let weight: Int
    package let reason: String
    /// The last local date (center time zone) the pin applies; nil: until unpinned.
    package let until: CalendarDate?
    /// The OS user who set it.
    package let pinnedBy: String
    /// Unix seconds.
    package let pinnedAt: Int64
    package let removedBy: String?
    package let removedAt: Int64?

    /// Whether the pin applies on local date `today`.
    package func applies(on today: CalendarDate) -> Bool {
        guard removedAt == nil else { return false }
        guard let until else { return true }
        return today <= until
    }
}
