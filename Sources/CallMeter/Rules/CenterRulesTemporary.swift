public import Foundation
// TEMPORARY stand-in until the rules loader lands (deleted at merge).
public struct CenterRules: Sendable, Equatable {
    public var timeZone: TimeZone
    public var currency: String
    public var currencyMinorUnits: Int
    public var ratingScale: ClosedRange<Int>
    public static func load(directory: URL) throws -> CenterRules {
        CenterRules(timeZone: TimeZone(identifier: "Europe/Zurich") ?? .current, currency: "CHF", currencyMinorUnits: 2, ratingScale: 1...5)
    }
}
