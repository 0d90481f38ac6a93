public import Foundation

/// Headless Chromium (Debian package `chromium`, installed by .ci/run), found on PATH.
public enum Chromium {
    public static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/chromium" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Longest a single browser run may take before it is killed.
    public static let timeout: TimeInterval = 90

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs chromium headless on `url` with `arguments` (one of `--screenshot=FILE`, `--dump-dom`),
    /// standard output to `output`; killed by its PID after `timeout`. A fresh profile each run, so
    /// that runs in parallel do not share one.
    public static func run(_ arguments: [String], url: URL, width: Int, height: Int, output: URL, scratch: URL) throws {
        guard let path else { throw Failure(description: "chromium is not on PATH") }
        let profile = scratch.appendingPathComponent("profile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let out = try FileHandle(forWritingTo: output)
        defer { try? out.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)",
        ] + arguments + [url.absoluteString]
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw Failure(description: "chromium \(arguments.joined(separator: " ")) did not finish in \(Int(timeout)) s: killed")
        }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "chromium \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
    }

    /// Width and height from a PNG's IHDR chunk; nil when the bytes are not a PNG.
    public static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
              bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else { return nil }
        func be32(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}
