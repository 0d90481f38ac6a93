/// The fields of one `calls` row, as every source of calls builds them: the native CDR importer,
/// the Asterisk/FreeSWITCH leg and queue_log rebuilders, and (for its disposition, direction and
/// `ended_by`) the generator. `CallRowWriter` writes it; `StoredCall` compares a stored row with it.
///
/// The hotline and agent are their names here; the writer turns them into their integer keys.
/// Where the row came from (batch, line) is given to the writer beside it: a native row learns its
/// line only when it is stored.
package struct CallRow: Equatable, Sendable {
    package enum Disposition: String, CaseIterable, Sendable {
        case answered, transferred, abandoned, missed

        /// As stored in `calls.disposition` and written in `cdr.csv`.
        var storedName: StaticString {
            switch self {
            case .answered: "answered"
            case .transferred: "transferred"
            case .abandoned: "abandoned"
            case .missed: "missed"
            }
        }

        /// An agent talked to the caller (the condition of the `connected_calls` view).
        var isConnected: Bool { self == .answered || self == .transferred }
    }

    package enum Direction: String, CaseIterable, Sendable {
        case inbound, outbound
        var storedName: StaticString { self == .inbound ? "inbound" : "outbound" }
    }

    package enum EndedBy: String, CaseIterable, Sendable {
        case agent, caller
        var storedName: StaticString { self == .agent ? "agent" : "caller" }
    }

    var callID: String
    var hotline: String
    var agentID: String?
    var startedAt: Int64
    var answeredAt: Int64?
    var endedAt: Int64
    var disposition: Disposition
    var talkSeconds: Int64
    var holdSeconds: Int64 = 0
    var wrapSeconds: Int64 = 0
    var callerHash: Pseudonym?
    var direction: Direction
    var queue: String?
    var endedBy: EndedBy?

    /// The fields a stored call with the same id is compared on (`StoredCall`), by the names a
    /// conflict gives them: the columns of `calls`, the hotline and agent by name, `caller` the
    /// caller's pseudonym.
    static let comparedFields = [
        "hotline", "agent_id", "started_at", "answered_at", "ended_at", "disposition", "talk_seconds", "hold_seconds",
        "wrap_seconds", "caller", "direction", "queue", "ended_by",
    ]

    /// The values of `comparedFields`, encoded as they are stored.
    var comparedValues: [SQLValue] {
        [
            .text(hotline), .text(agentID), .int(startedAt), .int(answeredAt), .int(endedAt), .text(disposition.rawValue),
            .int(talkSeconds), .int(holdSeconds), .int(wrapSeconds), callerHash.map { .blob($0.bytes) } ?? .null,
            .text(direction.rawValue), .text(queue), .text(endedBy?.rawValue),
        ]
    }
}
