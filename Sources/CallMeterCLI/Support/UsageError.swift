import CallMeter

/// A mistake on the command line: printed as `Error: …` with a hint, exit 64.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    init(_ error: OptionUsageError) { message = error.message }
    var description: String { message }
}

/// A failure while running a command: printed as `Error: …`, exit 1 (or the status given).
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let status: ExitStatus
    init(_ message: String, status: ExitStatus = .failure) {
        self.message = message
        self.status = status
    }
    var description: String { message }
}
