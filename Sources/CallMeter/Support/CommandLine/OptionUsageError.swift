/// A mistake on a command line found by `OptionTable.parse`: what `callmeter` and `callmeterd`
/// print after `Error: ` (each adds its own hint and exits 64).
package struct OptionUsageError: Error, Sendable, Equatable, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
