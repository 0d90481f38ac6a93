import Glibc

/// TEST HOOK — for the crash tests only (`Tests/CallMeterDaemonTests/CrashWindowTests.swift`).
/// `CALLMETERD_TEST_STOP_AT=POINT` makes the daemon kill itself with SIGKILL, exactly like a
/// `kill -9`, when it reaches POINT, so that each window of the inbox bookkeeping can be crashed in
/// on purpose. Without the variable (always, in production) nothing happens.
enum TestHook {
    enum Point: String, CaseIterable {
        /// The file's transaction is committed; nothing is archived yet.
        case afterCommit = "after-commit"
        /// The notes (`.rejects.csv`, `.duplicate.txt`) are in the archive; the file is not.
        case afterNotes = "after-notes"
        /// The file is linked into `archive/` or `failed/` and still in the inbox.
        case afterLink = "after-link"
        /// `NAME.error.txt` is in `failed/`; the file is still in the inbox.
        case afterErrorNote = "after-error-note"
    }

    static let stopAt: String? = getenv("CALLMETERD_TEST_STOP_AT").map { String(cString: $0) }

    static func stop(at point: Point) {
        if stopAt == point.rawValue { kill(getpid(), SIGKILL) }
    }
}
