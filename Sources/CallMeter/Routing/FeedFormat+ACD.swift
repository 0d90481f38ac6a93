/// What the ACD does to pick up a feed once it is published, for `callmeter demo` and the README's
/// table of formats. A format added to `FeedFormat` must say it here (the switch is exhaustive).
extension FeedFormat {
    /// The command (or step) that makes the ACD read the feed at `path`.
    package func reloadCommand(path: String) -> String {
        switch self {
        case .csv:
            "none: the consumer reads \(path) when it polls (\(path).meta.json: version and validity)"
        case .json:
            "none: the consumer reads \(path) when it polls"
        case .kamailio, .kamailioRelative:
            "kamcmd dispatcher.reload"
        case .freeswitchTiers:
            "grep -v '^#' \(path) | while IFS= read -r line; do fs_cli -x \"$line\"; done"
        case .asteriskQueues:
            "asterisk -rx \"queue reload members\""
        case .asteriskRealtime:
            "replace the rows of the realtime queue_members table with \(path) in one transaction"
        }
    }
}
