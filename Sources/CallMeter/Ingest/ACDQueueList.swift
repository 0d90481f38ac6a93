import Foundation

/// The ACD queues an agent is a member of, as the agent directory's `queues` column writes them:
/// queue names separated by `;`, spaces around them ignored. Read by the feeds that drive an ACD's
/// queues (asterisk-queues, asterisk-realtime). A name is 1 to 79 bytes of letters, digits, `-`,
/// `_` and `.` (it becomes a `[QUEUE]` section of queues.conf and a realtime `queue_name`), and
/// not `general`, which is queues.conf's settings section. Stored sorted, without duplicates,
/// joined by `;`; empty means in no queue.
package enum ACDQueueList {
    static let maxNameBytes = 79

    /// The sorted, distinct names of `text`; a failure with the reason when one is not a queue name.
    package static func parse(_ text: String) -> Result<[String], ACDQueueListError> {
        var names: Set<String> = []
        guard !text.allSatisfy({ $0 == " " || $0 == "\t" }) else { return .success([]) }
        for part in text.split(separator: ";", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                return .failure(ACDQueueListError(reason: "an empty queue name between ';' (write queue names separated by ';')"))
            }
            guard isQueueName(name) else {
                return .failure(ACDQueueListError(reason: "'\(TerminalText.escaped(name))' is not a queue name "
                    + "(1 to \(maxNameBytes) letters, digits, '-', '_' or '.', like support-de)"))
            }
            guard name.lowercased() != "general" else {
                return .failure(ACDQueueListError(reason: "'\(name)' cannot be a queue: [general] is the settings section of queues.conf"))
            }
            names.insert(name)
        }
        return .success(names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    /// The stored form: sorted names joined by `;` (empty: no queue).
    package static func stored(_ names: [String]) -> String {
        names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: ";")
    }

    /// The names of a stored value (nil or empty: none).
    package static func names(stored: String?) -> [String] {
        guard let stored, !stored.isEmpty else { return [] }
        return stored.split(separator: ";").map(String.init)
    }

    static func isQueueName(_ text: String) -> Bool {
        (1...maxNameBytes).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-_.".utf8.contains(byte)
        }
    }
}

/// Why a queue list was refused.
package struct ACDQueueListError: Error, Sendable {
    package let reason: String
}

/// An app_queue member interface as the agent directory's `asterisk_interface` column writes it:
/// `TECH/RESOURCE` like `PJSIP/1001` or `Local/1001@agents/n`. TECH starts with a letter and holds
/// letters, digits and `_`; RESOURCE is printable ASCII without spaces, `,` (it separates the
/// fields of a `member =>` line), `;` (a comment in queues.conf) or `"`; at most 79 bytes in all
/// (app_queue keeps an interface in 80 bytes with the terminating NUL).
package enum AsteriskInterface {
    static let maxBytes = 79

    /// nil when `text` is an interface; else the reason it is not.
    package static func problem(_ text: String) -> String? {
        let shape = "not an Asterisk interface (TECH/RESOURCE like PJSIP/1001: printable ASCII without spaces, ',', ';' or '\"', "
            + "at most \(maxBytes) bytes)"
        let bytes = Array(text.utf8)
        guard bytes.count <= maxBytes, let slash = bytes.firstIndex(of: UInt8(ascii: "/")), slash > 0, slash < bytes.count - 1 else {
            return "'\(TerminalText.escaped(text))' is \(shape)"
        }
        let tech = bytes[..<slash]
        let techOK = tech.first.map(isLetter) == true && tech.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
        let resourceOK = bytes[(slash + 1)...].allSatisfy { (0x21...0x7E).contains($0) && !",;\"".utf8.contains($0) }
        guard techOK, resourceOK else { return "'\(TerminalText.escaped(text))' is \(shape)" }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
