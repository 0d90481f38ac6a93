import Foundation

/// A list of hotline numbers in one field, as the agent directory's `hotlines` column (skills) and
/// a commitment's `hotlines` column write it: numbers separated by `;`, each an optional `+` and 2
/// to 20 digits (`+41800200200`), spaces around them ignored. Stored sorted, without duplicates,
/// joined by `;`; empty means every hotline.
package enum HotlineList {
    /// The sorted, distinct numbers of `text`; a failure with the reason when one is not a hotline number.
    package static func parse(_ text: String) -> Result<[String], HotlineListError> {
        var numbers: Set<String> = []
        for part in text.split(separator: ";", omittingEmptySubsequences: false) {
            let number = part.trimmingCharacters(in: .whitespaces)
            if number.isEmpty {
                if text.trimmingCharacters(in: .whitespaces).isEmpty { break }
                return .failure(HotlineListError(reason: "an empty hotline between ';' (write numbers separated by ';')"))
            }
            guard isHotlineNumber(number) else {
                return .failure(HotlineListError(reason: "'\(TerminalText.escaped(number))' is not a hotline number (+ and 2 to 20 digits, like +41800200200)"))
            }
            numbers.insert(number)
        }
        return .success(numbers.sorted())
    }

    /// The stored form: sorted numbers joined by `;` (empty: every hotline).
    package static func stored(_ numbers: [String]) -> String {
        numbers.sorted().joined(separator: ";")
    }

    /// The numbers of a stored value (nil or empty: none listed, that is every hotline).
    package static func numbers(stored: String?) -> [String] {
        guard let stored, !stored.isEmpty else { return [] }
        return stored.split(separator: ";").map(String.init)
    }

    static func isHotlineNumber(_ text: String) -> Bool {
        let digits = text.hasPrefix("+") ? text.utf8.dropFirst() : text.utf8[...]
        return (2...20).contains(digits.count) && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

/// Why a hotline list was refused.
package struct HotlineListError: Error, Sendable {
    package let reason: String
}
