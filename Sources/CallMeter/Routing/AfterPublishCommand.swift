import Foundation

/// Runs the `after_publish` command of `routing.json` (an argv, never through a shell) with a
/// deadline, keeping the first `outputLimit` bytes of what it writes to stdout and stderr.
///
/// The output is read while the command runs, in this thread (non-blocking reads between
/// `poll`s), so a command writing more than a pipe holds never blocks, and no thread is shared.
/// Foundation's `Process` starts the command in a process group of its own: on timeout the whole
/// group (the command and whatever it started) gets SIGTERM, then SIGKILL two seconds later.
enum AfterPublishCommand {
    /// Bytes of output kept (stdout and stderr together, in the order they arrive).
    static let outputLimit = 4096
    /// Seconds between SIGTERM and SIGKILL on timeout.
    static let killGraceSeconds = 2.0

    struct Outcome: Equatable {
        /// The exit status when the command exited by itself.
        var exitStatus: Int32?
        /// The signal that ended it (SIGTERM or SIGKILL after a timeout).
        var signal: Int32?
        var timedOut = false
        /// Why it could not be started (no such program, not executable).
        var startError: String?
        var output: [UInt8] = []
        var outputTruncated = false
    }

    /// Runs `argv` with `environment` in `directory`. A program name without `/` is looked up in
    /// the environment's PATH; a path with `/` is taken from `directory` when relative.
    static func run(_ argv: [String], environment: [String: String], timeoutSeconds: Int, directory: URL) -> Outcome {
        var outcome = Outcome()
        guard let program = argv.first else {
            outcome.startError = "no program given"
            return outcome
        }
        guard let executable = locate(program, path: environment["PATH"] ?? "", directory: directory) else {
            outcome.startError = program.contains("/")
                ? "\(program) is not an executable file"
                : "no executable \(program) in the PATH (\(environment["PATH"] ?? "unset"))"
            return outcome
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(argv.dropFirst())
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            outcome.startError = "cannot start \(executable): \(error.localizedDescription)"
            return outcome
        }
        let reading = pipe.fileHandleForReading
        defer { try? reading.close() }
        let descriptor = reading.fileDescriptor
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var closed = false
        func drain(waitMilliseconds: Int32) {
            guard !closed else {
                usleep(UInt32(waitMilliseconds) * 1000)
                return
            }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&request, 1, waitMilliseconds)
            closed = readAvailable(descriptor, into: &outcome)
        }

        let deadline = Date().addingTimeInterval(Double(timeoutSeconds))
        while process.isRunning && Date() < deadline { drain(waitMilliseconds: 50) }
        if process.isRunning {
            outcome.timedOut = true
            let group = process.processIdentifier
            kill(-group, SIGTERM)
            let grace = Date().addingTimeInterval(killGraceSeconds)
            while process.isRunning && Date() < grace { drain(waitMilliseconds: 20) }
            kill(-group, SIGKILL)
            while process.isRunning { drain(waitMilliseconds: 20) }
        }
        // What it wrote just before ending; a child it left running may hold the pipe open, so
        // read what is there and stop.
        if !closed { _ = readAvailable(descriptor, into: &outcome) }
        switch process.terminationReason {
        case .exit: outcome.exitStatus = process.terminationStatus
        case .uncaughtSignal: outcome.signal = process.terminationStatus
        @unknown default: outcome.signal = process.terminationStatus
        }
        return outcome
    }

    /// Reads what the pipe holds now, keeping up to `outputLimit` bytes; true at end of file.
    private static func readAvailable(_ descriptor: Int32, into outcome: inout Outcome) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return true }
            if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR }
            let room = outputLimit - outcome.output.count
            if count > room { outcome.outputTruncated = true }
            if room > 0 { outcome.output += buffer.prefix(min(room, count)) }
        }
    }

    /// The executable `program` names, or nil.
    static func locate(_ program: String, path: String, directory: URL) -> String? {
        let fileManager = FileManager.default
        if program.contains("/") {
            let candidate = program.hasPrefix("/") ? program : directory.appendingPathComponent(program).path
            return fileManager.isExecutableFile(atPath: candidate) ? candidate : nil
        }
        for folder in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(folder)/\(program)"
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               fileManager.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}
