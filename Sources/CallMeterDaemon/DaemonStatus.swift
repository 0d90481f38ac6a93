package import CallMeter

/// What `callmeter status` says about the daemon and its morning page, from what it recorded in the database and a
/// look at the inbox.
package struct DaemonStatus {
    package let lines: [String]

    /// A daemon whose heartbeat is older than this many poll intervals (and at least a minute) is
    /// reported as not responding.
    static let staleAfterPolls = 3

    /// - Parameters:
    ///   - inbox: the inbox to count; nil: the one the daemon recorded.
    ///   - now: Unix milliseconds.
    ///   - lockProbe: whether the daemon's instance lock is held (a test stands in for it).
    package init(store: Store, inbox: String?, nowMilliseconds now: Int64) {
        self.init(store: store, inbox: inbox, nowMilliseconds: now, lockProbe: { InstanceLock.probe(forDatabase: $0) })
    }

    init(store: Store, inbox: String?, nowMilliseconds now: Int64, lockProbe: (String) -> InstanceLock.Probe) {
        var lines: [String] = []
        let record: DaemonRecord?
        do {
            record = try DaemonRecords(store: store).daemonRecord()
        } catch {
            record = nil
            lines.append("Daemon:   cannot read its state: \(error)")
        }
        if let record {
            let heartbeatAge = Self.age(Self.difference(now, record.heartbeatAtMilliseconds))
            if let stopped = record.stoppedAtMilliseconds {
                lines.append("Daemon:   stopped at \(Timestamp.formatUTC(milliseconds: stopped)) (\(Self.age(Self.difference(now, stopped))) ago); "
                             + "it was pid \(record.pid) on \(record.host)")
            } else if Self.difference(now, record.heartbeatAtMilliseconds) > max(Int64(clamping: record.pollSeconds) * Int64(Self.staleAfterPolls), 60) * 1000 {
                let lastHeartbeat = "last heartbeat \(Timestamp.formatUTC(milliseconds: record.heartbeatAtMilliseconds)) (\(heartbeatAge) ago)"
                // The heartbeat is a database row, which cannot be written while a long ingest
                // holds the write lock; the daemon's instance lock tells busy from dead (on its host).
                let lock = record.host == Daemon.hostName() ? lockProbe(store.path) : .unknown
                switch lock {
                case .held:
                    var line = "Daemon:   busy, pid \(record.pid) on \(record.host)"
                    if let activity = record.activity {
                        let since = record.activitySinceMilliseconds ?? record.heartbeatAtMilliseconds
                        line += ": \(activity) since \(Timestamp.formatUTC(milliseconds: since)) (\(Self.age(Self.difference(now, since))))"
                    }
                    lines.append(line + "; \(lastHeartbeat), it holds its lock so it is alive")
                case .free:
                    lines.append("Daemon:   NOT RUNNING: pid \(record.pid) on \(record.host) ended without stopping cleanly; \(lastHeartbeat)"
                                 + (record.activity.map { ", while \($0)" } ?? ""))
                case .unknown:
                    lines.append("Daemon:   NOT RESPONDING: \(lastHeartbeat), pid \(record.pid) on \(record.host); it did not stop cleanly")
                }
            } else {
                lines.append("Daemon:   running, pid \(record.pid) on \(record.host), heartbeat \(heartbeatAge) ago, "
                             + "since \(Timestamp.formatUTC(milliseconds: record.startedAtMilliseconds))")
            }
            lines.append("          nightly at \(record.nightlyAt) local time, inbox \(record.inbox)")
        } else if lines.isEmpty {
            lines.append("Daemon:   callmeterd never ran on this database")
        }

        lines += Self.section("Nightly:  ", reading: "the runs") {
            guard let run = try DaemonRecords(store: store).lastNightlyRun() else { return ["Nightly:  never run"] }
            let when = Timestamp.formatUTC(milliseconds: run.finishedAtMilliseconds ?? run.startedAtMilliseconds)
            var line = "Nightly:  \(run.slot) (as of \(run.asOf)), attempt \(run.attempt): \(run.outcome.rawValue) at \(when)"
            if let detail = run.detail, !detail.isEmpty { line += ": \(detail)" }
            guard run.outcome != .ok, let good = try DaemonRecords(store: store).lastSuccessfulNightlyRun() else { return [line] }
            return [line, "          last success: \(good.slot) (as of \(good.asOf))"]
        }
        lines += Self.section("Feed:     ") {
            guard let generated = try Weights.published(in: store).lastFeedGeneratedAt() else { return ["Feed:     no feed yet"] }
            let (milliseconds, overflow) = generated.multipliedReportingOverflow(by: 1000)
            let at = overflow ? Int64.max : milliseconds
            return ["Feed:     generated \(Timestamp.formatUTC(generated)) (\(Self.age(Self.difference(now, at))) old)"]
        }
        lines += Self.section("Routing:  ") {
            // Loud on purpose: a fallback, renewed feeds and a feed left to expire need a person.
            let routing = try Weights.published(in: store).continuity().lines(now: now / 1000)
            return routing.enumerated().map { ($0.offset == 0 ? "Routing:  " : "          ") + $0.element }
        }
        lines += Self.section("Hook:     ", reading: "the after_publish runs") {
            guard let hook = try Weights.lastAfterPublishRun(in: store) else { return [] }
            return ["Hook:     after_publish \(TerminalText.escaped(hook.command)) after feed v\(hook.feedVersion) at \(Timestamp.formatUTC(hook.startedAt)) "
                    + "by \(TerminalText.escaped(hook.runBy)): \(TerminalText.escaped(hook.outcome))"]
        }
        lines += Self.pageLines(store: store, rulesDirectory: record?.rules, now: now)

        if let root = inbox ?? record?.inbox {
            let backlog = InboxLayout(root: root).backlog()
            let unreadable = backlog.filter { $0.files == nil }.map { $0.kind.folder }
            let waiting = backlog.compactMap { entry in entry.files.flatMap { $0 > 0 ? "\(entry.kind.folder) \($0)" : nil } }
            let total = backlog.reduce(0) { $0 + ($1.files ?? 0) }
            let bytes = backlog.reduce(Int64(0)) { $0 + $1.bytes }
            var line = "Inbox:    \(root): "
            line += total == 0 ? "nothing waiting" : "\(total) file\(total == 1 ? "" : "s") waiting (\(waiting.joined(separator: ", ")); \(bytes) bytes)"
            if !unreadable.isEmpty { line += "; cannot read \(unreadable.joined(separator: ", "))" }
            lines.append(line)
        } else {
            lines.append("Inbox:    unknown (pass --inbox DIR)")
        }
        self.lines = lines
    }

    /// One section's lines, or one line saying what of it could not be read: a section whose table
    /// cannot be read must not hide the others.
    private static func section(_ label: String, reading what: String? = nil, _ lines: () throws -> [String]) -> [String] {
        do {
            return try lines()
        } catch {
            return ["\(label)cannot read\(what.map { " " + $0 } ?? ""): \(error)"]
        }
    }

    /// `a - b`, saturated: the values come from the database.
    static func difference(_ a: Int64, _ b: Int64) -> Int64 {
        let (result, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? .max : .min) : result
    }

    /// `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
    static func age(_ milliseconds: Int64) -> String {
        let seconds = max(milliseconds, 0) / 1000
        switch seconds {
        case ..<120: return "\(seconds) s"
        case ..<3600: return "\(seconds / 60) min"
        case ..<172_800: return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
        default: return "\(seconds / 86_400) d \(seconds % 86_400 / 3600) h"
        }
    }
}
