/// Exit statuses, after sysexits(3) where one fits.
package enum ExitStatus: Int32, Sendable {
    /// Everything worked.
    case success = 0
    /// The command failed; nothing (more) was stored.
    case failure = 1
    /// The command line was wrong.
    case usage = 64
    /// Some input rows were rejected; the others were stored.
    case dataRejected = 65
    /// Try again later (another instance holds the lock; a guard refused to publish).
    case temporaryFailure = 75
}
