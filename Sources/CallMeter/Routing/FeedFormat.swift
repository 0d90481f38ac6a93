/// The formats `callmeter weights publish` writes.
public enum FeedFormat: String, Sendable, CaseIterable, Hashable {
    /// `agent_id,weight,score,band` (RFC 4180), version and validity in `PATH.meta.json`.
    case csv
    /// `{ "version", "generated_at", "valid_until", "agents": [...] }`.
    case json
    /// A Kamailio dispatcher list for weight-based dispatching (algorithm 9).
    case kamailio
    /// A Kamailio dispatcher list for relative-weight dispatching (algorithm 11, `rweight=`):
    /// Kamailio shares a set's calls over its active destinations only.
    case kamailioRelative = "kamailio-rweight"
    /// FreeSWITCH `mod_callcenter` tiers: `callcenter_config tier set level|position` lines for
    /// `fs_cli -x`, and the same tiers as `<tier …/>` XML in `PATH.xml`.
    case freeswitchTiers = "freeswitch-tiers"
    /// Asterisk app_queue members for `#include` in queues.conf: `[QUEUE](+)` sections of
    /// `member => INTERFACE,PENALTY,NAME,STATE_INTERFACE` lines, penalties from the weights (exact
    /// wrandom shares, or band tiers), with the shares in `PATH.meta.json`.
    case asteriskQueues = "asterisk-queues"
    /// The same members as rows of app_queue's realtime `queue_members` table (CSV:
    /// `queue_name,interface,membername,state_interface,penalty`), with `PATH.meta.json`.
    case asteriskRealtime = "asterisk-realtime"

    /// The formats that list SIP destinations by dispatcher set (agents need a `sip_uri`).
    package var isDispatcherList: Bool { self == .kamailio || self == .kamailioRelative }

    /// `"csv", "json", …`: every format's name quoted, for messages.
    package static var quotedNames: String { allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }

    /// Whether the format is written with a `PATH.meta.json` beside it.
    var hasSidecar: Bool { self == .csv || isAsterisk }

    /// The formats that write app_queue members.
    var isAsterisk: Bool { self == .asteriskQueues || self == .asteriskRealtime }
}
