/// A queue_log call whose events are not complete yet: its ENTERQUEUE or its final event is in a
/// file not ingested yet (a rotated log, a file that went missing). Until then it is no call: it
/// is neither scored nor paid. `callmeter status --held` lists these, payroll warns about them.
package struct HeldQueueCall: Sendable, Equatable {
    package let callID: String
    package let queue: String
    /// The agent of the latest event that names one; nil when none does yet.
    package let agent: String?
    /// Unix seconds, UTC.
    package let firstEventAt: Int64
    package let lastEventAt: Int64
    /// Event names in time order, e.g. `["ENTERQUEUE", "CONNECT"]`.
    package let events: [String]
    /// Where the first of them was read: the file as it was named when ingested, and its line.
    package let file: String
    package let line: Int

    /// No call lasts more than 24 h: a call with no event for longer will not be completed by a
    /// later file — its end was never written (Asterisk restarted mid-call) or its file is lost.
    /// It stays held all the same: nothing is dropped.
    package func isProbablyLost(nowSeconds now: Int64) -> Bool {
        now.subtractingReportingOverflow(lastEventAt).partialValue > CDRImporter.maxDurationSeconds
    }

    /// What is missing, in words.
    package var missing: String {
        let hasStart = events.first == "ENTERQUEUE"
        return hasStart ? "its final event (COMPLETE…, TRANSFER, ABANDON or EXIT…)" : "its ENTERQUEUE"
    }
}
