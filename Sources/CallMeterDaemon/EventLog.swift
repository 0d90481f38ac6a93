import CallMeter
import Foundation
import Glibc

/// One line per event on standard error, `key=value`:
/// `time=2026-10-23T02:30:00.123Z level=info event=ingested file=… rows=120 rejected=2 ms=35`.
///
/// Values with spaces, quotes, `=` or control characters are quoted (`"…"` with `\"`, `\\`, `\n`,
/// `\r`, `\t` escaped, other controls as `\u{1b}`, C1 and bidirectional controls included, see
/// `TerminalText.isControl`); an empty value is `""`. So a value from input (a file name such as
/// `a" level=error event=x` or one holding a line break or ESC) cannot add a key, fake a line or
/// drive the terminal that shows the log. Each line is written with one `write(2)`.
package final class EventLog: @unchecked Sendable {
    package enum Level: String, Sendable {
        case debug, info, warning, error
    }

    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> Int64

    /// - Parameters:
    ///   - write: receives each line with its newline.
    ///   - now: Unix milliseconds.
    package init(write: @escaping @Sendable (String) -> Void, now: @escaping @Sendable () -> Int64 = EventLog.systemMilliseconds) {
        self.write = write
        self.now = now
    }

    /// Writes to standard error.
    package static func standardError() -> EventLog {
        EventLog(write: { line in
            var bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { buffer in
                    Glibc.write(STDERR_FILENO, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
            bytes.removeAll()
        })
    }

    @Sendable package static func systemMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    package func log(_ level: Level, _ event: String, _ fields: KeyValuePairs<String, any CustomStringConvertible> = [:]) {
        var line = "time=" + Self.formatTime(milliseconds: now()) + " level=" + level.rawValue + " event=" + Self.quoted(event)
        for (key, value) in fields {
            line += " " + key + "=" + Self.quoted(value.description)
        }
        write(line + "\n")
    }

    package func info(_ event: String, _ fields: KeyValuePairs<String, any CustomStringConvertible> = [:]) { log(.info, event, fields) }
    package func warning(_ event: String, _ fields: KeyValuePairs<String, any CustomStringConvertible> = [:]) { log(.warning, event, fields) }
    package func error(_ event: String, _ fields: KeyValuePairs<String, any CustomStringConvertible> = [:]) { log(.error, event, fields) }

    /// A value as it appears in a line: bare when it can be, quoted otherwise.
    package static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains {
            $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || TerminalText.isControl($0)
        }
        guard needsQuotes else { return value }
        return JSONString.quoted(value, style: .log)
    }

    /// `2026-10-23T02:30:00.123Z`
    static func formatTime(milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let millis = Int(milliseconds - seconds * 1000)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let date = CalendarDate(daysSinceEpoch: days).description
        func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(date)T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2)).\(pad(millis, 3))Z"
    }
}
