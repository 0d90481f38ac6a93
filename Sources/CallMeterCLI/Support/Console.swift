import CallMeter
import Foundation

/// Where a command writes: standard output and standard error of the process, or buffers in tests.
package final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    /// True when standard error is a terminal: progress lines are shown only then.
    package let errorsIsTerminal: Bool

    package init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, errorsIsTerminal: Bool = false) {
        writeOut = out
        writeErr = err
        self.errorsIsTerminal = errorsIsTerminal
    }

    /// The process's own standard output and error.
    package static func standard() -> Console {
        Console(
            out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            err: { text in FileHandle.standardError.write(Data(text.utf8)) },
            errorsIsTerminal: isatty(STDERR_FILENO) == 1)
    }

    /// Every text line goes through `TerminalText`: a control character that reached a line from
    /// input (an agent named with ESC `]0;…` BEL) is shown escaped (`\e]0;…\u{7}`), never sent to the
    /// terminal. Line breaks are the program's own; values that may hold one are escaped where they
    /// are put into a line (`TerminalText.escaped`). JSON output has none of these characters left.
    package func print(_ line: String = "") { writeOut(TerminalText.escapedKeepingNewlines(line) + "\n") }
    package func error(_ line: String) { writeErr(TerminalText.escapedKeepingNewlines(line) + "\n") }
    /// A progress line that overwrites itself on a terminal.
    func progress(_ line: String) { if errorsIsTerminal { writeErr("\r\u{1B}[K" + line) } }
    func endProgress() { if errorsIsTerminal { writeErr("\r\u{1B}[K") } }
}

/// Collects what a command printed (for tests).
package final class CapturedConsole: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""
    private var allText = ""

    package init() {}

    package var console: Console {
        Console(
            out: { [self] text in lock.withLock { outText += text; allText += text } },
            err: { [self] text in lock.withLock { errText += text; allText += text } })
    }

    package var out: String { lock.withLock { outText } }
    package var err: String { lock.withLock { errText } }
    /// Standard output and error interleaved, as a terminal would show them.
    package var combined: String { lock.withLock { allText } }
}
