/// Why a weights command could not do what was asked.
public enum RoutingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No scoring run at all (`asOf` nil) or none for that date.
    case noScoringRun(asOf: String?)
    case unknownAgent(String)
    case pinOutOfRange(weight: Int, floor: Int, ceiling: Int)
    case pinUntilPassed(until: String, today: String)
    case badPinReason(String)
    case notPinned(String)
    /// A dispatcher set with more agents than Kamailio's 100-slot weight table.
    case dispatcherSetTooLarge(set: Int, agents: Int)
    case nothingPublished(path: String)
    case nothingToRollBack(path: String, current: Int64)
    case writeFailed(path: String, reason: String)
    /// The feed would list no agent at all: every call would fail.
    case emptyFeed(format: FeedFormat)
    /// `weights fallback` before any weights were computed: every feed belongs to a computation.
    case noWeightsYet
    /// `weights resume` while routing is not in fallback.
    case notInFallback
    /// A stored Asterisk feed names a queue strategy this version does not know (written by a
    /// newer one): it cannot be rolled back to.
    case unknownStrategy(String, feed: Int64)

    /// What could not be done and, where there is one, the way forward.
    public var description: String {
        switch self {
        case .noScoringRun(nil):
            "no scoring run yet: run 'callmeter score' first"
        case .noScoringRun(let date?):
            "no scoring run for \(date): run 'callmeter score --as-of \(date)' first"
        case .unknownAgent(let id):
            "no agent \(id.rulesQuoted()) in the agent directory"
        case .pinOutOfRange(let weight, let floor, let ceiling):
            "a pinned weight must be between floor \(floor) and ceiling \(ceiling) (Rules/routing.json), not \(weight)"
        case .pinUntilPassed(let until, let today):
            "\(until) has already passed (today is \(today) in the center's time zone)"
        case .badPinReason(let why):
            "--reason \(why)"
        case .notPinned(let id):
            "agent \(id.rulesQuoted()) has no pin in force"
        case .dispatcherSetTooLarge(let set, let agents):
            "dispatcher set \(set) has \(agents) agents with a SIP URI; Kamailio's weight table holds at most 100 per set: "
                + "split them over more dispatch_set values in the agent directory"
        case .nothingPublished(let path):
            "nothing has been published to \(path) yet"
        case .nothingToRollBack(let path, let current):
            "no feed before version \(current) was published to \(path): nothing to roll back to"
        case .writeFailed(let path, let reason):
            "cannot write \(path): \(reason)"
        case .noWeightsYet:
            "no routing weights have been computed yet, and every feed belongs to a computation: run 'callmeter score' and "
                + "'callmeter weights' once, then fall back"
        case .notInFallback:
            "routing is not in fallback: nothing to resume ('callmeter weights publish' publishes the scores)"
        case .emptyFeed(let format):
            "not published: the \(format.rawValue) feed would list no agent (all inactive"
                + (format.isDispatcherList ? ", without a usable sip_uri" : "")
                + (format == .freeswitchTiers ? ", without a name fs_cli can carry" : "")
                + (format.isAsterisk ? ", without an asterisk_interface or queues" : "")
                + " or none scored)"
        case .unknownStrategy(let strategy, let feed):
            "version \(feed) was written with the app_queue strategy \(strategy), which this version of callmeter does not know; "
                + "roll back with the version that published it"
        }
    }
}
