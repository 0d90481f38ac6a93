/// Native CDR files built from one standard row; tests override single fields.
///
/// The standard row, with the 1-based column at which each field starts:
/// `C001,hot1,a1,2026-10-01T10:00:00Z,2026-10-01T10:00:10Z,2026-10-01T10:05:10Z,answered,300,5,10,+41791234567`
/// call_id 1, hotline 6, agent_id 11, started_at 14, answered_at 35, ended_at 56, disposition 77,
/// talk_seconds 86, hold_seconds 90, wrap_seconds 92, caller 95; 106 characters.
public enum CDR {
    public static let header =
        "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds,caller"

    public static func row(
        _ id: String, hotline: String = "hot1", agent: String = "a1", started: String = "2026-10-01T10:00:00Z",
        answered: String = "2026-10-01T10:00:10Z", ended: String = "2026-10-01T10:05:10Z",
        disposition: String = "answered", talk: String = "300", hold: String = "5", wrap: String = "10",
        caller: String = "+41791234567"
    ) -> String {
        [id, hotline, agent, started, answered, ended, disposition, talk, hold, wrap, caller].joined(separator: ",")
    }

    /// The header and `rows`, each line ended by LF.
    public static func file(_ rows: String...) -> String { file(rows) }

    public static func file(_ rows: [String]) -> String {
        ([header] + rows).map { $0 + "\n" }.joined()
    }
}
