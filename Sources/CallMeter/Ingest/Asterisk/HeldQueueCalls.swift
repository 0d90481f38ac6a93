/// A queue_log call whose events are not complete yet: its ENTERQUEUE or its final event is in a
/// file not ingested yet (a rotated log, a file that went missing). Until then it is no call: it
/// is neither scored nor paid. `callmeter status --held` lists these, payroll warns about them.
public struct HeldQueueCall: Sendable, Equatable {
    public let callID: String
    public let queue: String
    /// The agent of the latest event that names one; nil when none does yet.
    public let agent: String?
    /// Unix seconds, UTC.
    public let firstEventAt: Int64
    public let lastEventAt: Int64
    /// Event names in time order, e.g. `["ENTERQUEUE", "CONNECT"]`.
    public let events: [String]
    /// Where the first of them was read: the file as it was named when ingested, and its line.
    public let file: String
    public let line: Int

    /// No call lasts more than 24 h: a call with no event for longer will not be completed by a
    /// later file — its end was never written (Asterisk restarted mid-call) or its file is lost.
    /// It stays held all the same: nothing is dropped.
    public func isProbablyLost(nowSeconds now: Int64) -> Bool {
        now.subtractingReportingOverflow(lastEventAt).partialValue > CDRImporter.maxDurationSeconds
    }

    /// What is missing, in words.
    public var missing: String {
        let hasStart = events.first == "ENTERQUEUE"
        return hasStart ? "its final event (COMPLETE…, TRANSFER, ABANDON or EXIT…)" : "its ENTERQUEUE"
    }
}
