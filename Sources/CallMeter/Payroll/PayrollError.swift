/// Why a payroll computation, close or export could not be done.
///
/// Rule-file problems are `RulesError`s (they name the file, line, column and key); this covers the
/// rest: arithmetic that would overflow, a period the rules do not allow, a refused close, a frozen
/// export whose digest no longer matches.
public struct PayrollError: Error, CustomStringConvertible, Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// An amount or a count outside `Int64`: reported, never wrapped, never a trap.
        case overflow(String)
        /// A period text that is none of `2026-11`, `2026-11a`/`2026-11b`, `2026-W47`.
        case periodSyntax(String)
        /// An ISO week past the last of its year (`2027-W53`: 2027 has 52 weeks).
        case noSuchWeek(text: String, year: Int, weeks: Int)
        /// A period of another kind than `payroll.json` sets.
        case periodKind(period: String, configured: String)
        /// The period overlaps a closed period without being it (the period kind was changed).
        case overlapsClosed(period: String, closed: String)
        case alreadyClosed(period: String)
        /// Reopen refused: the period has no close in force (`everClosed`: it had one, reopened).
        case notClosed(period: String, everClosed: Bool)
        /// Reopen refused: later periods are closed, and their closes rest on this one.
        case laterClosed(period: String, later: [String])
        /// The close predates per-call detail: it froze none.
        case noFrozenDetails(period: String)
        /// Closing refused: some calls have no price (hotline without tier, or no rate yet).
        case unrated(period: String, calls: Int, listing: String, rulesFile: String)
        /// A stored call the computation cannot price (a negative duration written by hand).
        case invalidCall(callID: String, reason: String)
        /// The frozen lines of a closed period no longer give the export that was closed.
        case digestMismatch(period: String, stored: String, computed: String)
        /// The export file could not be written.
        case write(path: String, reason: String)
    }

    package let kind: Kind

    package init(_ kind: Kind) { self.kind = kind }

    package static func overflow(_ what: String) -> PayrollError { PayrollError(.overflow(what)) }

    /// Why payroll could not do what was asked.
    public var description: String {
        switch kind {
        case .overflow(let what):
            "arithmetic overflow: \(what) does not fit a 64-bit integer; check the rates and durations"
        case .periodSyntax(let text):
            "\(text.rulesQuoted()) is not a pay period: use 2026-11 (month), 2026-11a or 2026-11b "
                + "(1st–15th, 16th–end) or 2026-W47 (ISO week, Monday to Sunday)"
        case .noSuchWeek(let text, let year, let weeks):
            "\(text.rulesQuoted()) is not a pay period: \(year) has \(weeks) ISO weeks, so its last week is \(year)-W\(weeks)"
        case .periodKind(let period, let configured):
            "\(period) is not a \(configured) period, and payroll.json sets \"period\": \"\(configured)\"; "
                + "use a period like \(PayPeriod.example(configured))"
        case .overlapsClosed(let period, let closed):
            "\(period) overlaps the closed period \(closed): a call cannot be paid twice"
        case .alreadyClosed(let period):
            "\(period) is already closed; its export is frozen"
        case .notClosed(let period, let everClosed):
            everClosed ? "\(period) is open: its close was reopened already (`callmeter payroll history \(period)`)"
                : "\(period) is not closed: there is nothing to reopen"
        case .laterClosed(let period, let later):
            "cannot reopen \(period): the later period\(later.count == 1 ? "" : "s") \(later.joined(separator: ", ")) "
                + "\(later.count == 1 ? "is" : "are") closed; only the latest closed period can be reopened, reopen "
                + "\(later.count == 1 ? "it" : "them, latest first,") first"
        case .noFrozenDetails(let period):
            "\(period) was closed before per-call detail was kept, so its close froze none; reopen it and close it again "
                + "(`callmeter payroll reopen \(period) --reason TEXT`) to keep it"
        case .unrated(let period, let calls, let listing, let rulesFile):
            "cannot close \(period): \(calls) call\(calls == 1 ? "" : "s") cannot be priced\n\(listing)\n"
                + "Fix \(rulesFile) (give each hotline a tier, and each tier a rate from the call's date)"
        case .invalidCall(let callID, let reason):
            "call \(callID.rulesQuoted()) cannot be priced: \(reason)"
        case .digestMismatch(let period, let stored, let computed):
            "the frozen export of \(period) has SHA-256 \(computed), but \(stored) was stored when it was closed: "
                + "the database was changed by hand"
        case .write(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
