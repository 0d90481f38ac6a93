import Foundation
import Testing

/// The real `callmeterd` binary, started as a child process; its standard error goes to a file
/// the test reads.
final class DaemonProcess {
    let process = Process()
    let logPath: String
    private var exited = false

    /// The `callmeterd` built beside this test bundle (`swift build`/`swift test` builds it: the test
    /// target depends on it), else `.build/debug/callmeterd` in the package.
    static func binary(named name: String = "callmeterd") throws -> URL {
        var candidates: [URL] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name))
        }
        if let bundle = Bundle.main.executableURL {
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent(name))
        }
        candidates.append(Repository.root.appendingPathComponent(".build/debug/" + name))
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) { return found }
        throw BinaryMissing(name: name, looked: candidates.map(\.path))
    }

    struct BinaryMissing: Error, CustomStringConvertible {
        let name: String
        let looked: [String]
        var description: String {
            "the \(name) binary is missing (looked at \(looked.joined(separator: ", "))): run `swift build` first"
        }
    }

    /// Starts `callmeterd ARGUMENTS` (or `executable`), standard error into `logPath` (appended
    /// to), with `environment` added to the test's, under `umask` when given (through `sh`: the umask
    /// is the whole process's, so the test process keeps its own).
    init(
        _ arguments: [String], logPath: String, environment: [String: String] = [:], umask: String? = nil,
        executable: URL? = nil
    ) throws {
        self.logPath = logPath
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try log.seekToEnd()
        let binary = try executable ?? Self.binary()
        if let umask {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = log
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var pid: Int32 { process.processIdentifier }

    var log: String {
        (try? Data(contentsOf: URL(fileURLWithPath: logPath))).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits until the log has a line containing every one of `needles` (true), or the timeout.
    @discardableResult
    func waitForLog(_ needles: String..., timeout: Double = 60) -> Bool {
        let found = { self.log.split(separator: "\n").contains { line in needles.allSatisfy { line.contains($0) } } }
        // Stops early when the daemon has exited without logging it.
        return waitUntil(timeout: timeout) { found() || !self.process.isRunning } && found()
    }

    /// The exit status, or nil if it did not exit in time (then it is killed) or died of a signal.
    func waitForExit(timeout: Double = 30) -> Int32? {
        if !waitUntil(timeout: timeout, { !self.process.isRunning }) {
            Issue.record("callmeterd did not exit within \(timeout) s; killing it. Log:\n\(log)")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    /// SIGKILL, and reap it.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Runs `callmeterd ARGUMENTS` to its end and returns the status and what it logged.
    static func run(
        _ arguments: [String], logPath: String, timeout: Double = 60, environment: [String: String] = [:], umask: String? = nil,
        executable: URL? = nil
    ) throws -> (status: Int32?, log: String) {
        let before = (try? Data(contentsOf: URL(fileURLWithPath: logPath)).count) ?? 0
        let daemon = try DaemonProcess(arguments, logPath: logPath, environment: environment, umask: umask, executable: executable)
        let status = daemon.waitForExit(timeout: timeout)
        let all = daemon.log
        return (status, String(all.utf8.dropFirst(before)) ?? all)
    }
}

/// Polls `condition` every 20 ms until it holds (true) or `timeout` seconds pass (false).
@discardableResult
func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
