/// Who made a correction, when and why: the trail a batch void or a payroll reopen leaves (read
/// back from its audit table; nothing there is ever deleted).
package struct AuditStamp: Sendable, Equatable {
    /// Unix milliseconds, UTC.
    package let atMilliseconds: Int64
    /// The OS user who made it.
    package let by: String
    /// Why, as given with `--reason`.
    package let reason: String
}
