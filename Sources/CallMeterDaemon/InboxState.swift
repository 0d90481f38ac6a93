/// What the daemon keeps about its inbox between passes: the folders it opened at start-up and the
/// files in hand (mirrored in the in-hand journal).
final class InboxState {
    var folders: InboxFolders?
    var inHand: [InHandEntry] = []
    /// Set when `--once` leaves a file for later (not settled yet).
    var leftWaiting = false

    var journal: InHandJournal? { folders.map { InHandJournal(folder: $0.scratch) } }
}
