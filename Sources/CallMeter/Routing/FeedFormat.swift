/// The formats `callmeter weights publish` writes.
public enum FeedFormat: String, Sendable, CaseIterable, Hashable {
    /// `agent_id,weight,score,band` (RFC 4180), version and validity in `PATH.meta.json`.
    case csv
    /// `{ "version", "generated_at", "valid_until", "agents": [...] }`.
    case json
    /// A Kamailio dispatcher list for weight-based dispatching (algorithm 9).
    case kamailio
    /// FreeSWITCH `mod_callcenter` tiers: `callcenter_config tier set level|position` lines for
    /// `fs_cli -x`, and the same tiers as `<tier …/>` XML in `PATH.xml`.
    case freeswitchTiers = "freeswitch-tiers"
}
