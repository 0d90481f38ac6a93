/// Why `generateSyntheticCenter` did not write its files: a rejected option or a failed file operation.
///
/// A struct around a private enum, so that cases can be added without breaking callers.
package struct GeneratorError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Kind: Equatable, Sendable {
        case invalidOption(name: String, value: String, expected: String)
        case fileSystem(operation: String, path: String, reason: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    static func invalidOption(_ name: String, value: String, expected: String) -> GeneratorError {
        GeneratorError(.invalidOption(name: name, value: value, expected: expected))
    }

    static func fileSystem(_ operation: String, path: String, reason: String) -> GeneratorError {
        GeneratorError(.fileSystem(operation: operation, path: path, reason: reason))
    }

    /// The name of the rejected option (`agents`, `days`, `callsPerDay`, `firstDay`), or nil when a file
    /// operation failed. A command line reports the first as a usage error.
    package var invalidOption: String? {
        if case .invalidOption(let name, _, _) = kind { return name }
        return nil
    }

    package var description: String {
        switch kind {
        case .invalidOption(let name, let value, let expected):
            "invalid \(name) \(value): expected \(expected)"
        case .fileSystem(let operation, let path, let reason):
            "cannot \(operation) \(path): \(reason)"
        }
    }
}
