/// A strict reader of one JSON object of a rule file.
///
/// Each accessor names the key it reads; `rejectUnknownKeys()` at the end turns any key the
/// loader did not ask for into an error, so a misspelt optional setting (`rating_sacle`) is
/// reported instead of silently falling back to its default.
///
/// ```swift
/// let tiers = try RulesFile.load(directory: dir, name: "tiers.json").rootObject()
/// for tier in try tiers.array("tiers") {
///     let t = try tier.object()
///     let name = try t.string("name")
///     let minimum = try t.optionalInt("min_calls", in: 0...10_000) ?? 0
///     try t.rejectUnknownKeys()
/// }
/// try tiers.rejectUnknownKeys()
/// ```
///
/// A class because reading records which keys were used; not `Sendable`, it lives only while a
/// rule file is being read.
package final class RuleObject {
    /// The object's own key path, empty for the root.
    package let keyPath: String
    package let position: SourcePosition
    private let file: RulesFile
    private let members: [JSONMember]
    private let memberIndex: [String: Int]
    /// Every key asked for, in order, present or not: the allowed keys when one is unknown.
    private var requested: [String] = []
    private var used: Set<String> = []

    /// Fails when `value` is not an object; `path` is the key path that led to it.
    package init(_ value: JSONValue, file: RulesFile, path: String) throws(RulesError) {
        guard case .object(let members) = value.kind else {
            throw file.error("expected an object, found \(value.summary)", at: value.position, keyPath: path)
        }
        self.keyPath = path
        self.position = value.position
        self.file = file
        self.members = members
        // The parser has rejected duplicate keys, so every key maps to one member.
        self.memberIndex = Dictionary(members.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The keys in the file, in file order.
    package var keys: [String] { members.map(\.key) }

    // MARK: Any value

    /// The value of a required key; `null` counts as present (the typed readers refuse it).
    package func value(_ key: String) throws(RulesError) -> RuleValue {
        guard let value = optionalValue(key, nullMeansAbsent: false) else {
            throw file.error("missing required key \(key.rulesQuoted())", at: position, keyPath: RuleKeyPath.member(key, of: keyPath))
        }
        return value
    }

    /// The value of an optional key; absent and `null` both give `nil`.
    package func optionalValue(_ key: String) -> RuleValue? {
        optionalValue(key, nullMeansAbsent: true)
    }

    private func optionalValue(_ key: String, nullMeansAbsent: Bool) -> RuleValue? {
        if used.insert(key).inserted { requested.append(key) }
        guard let offset = memberIndex[key] else { return nil }
        let json = members[offset].value
        if nullMeansAbsent, json.kind == .null { return nil }
        return RuleValue(json, file: file, keyPath: RuleKeyPath.member(key, of: keyPath))
    }

    /// Every member, marking all of them as read: for objects whose keys are data (queue names,
    /// agent IDs) rather than setting names.
    package func entries() -> [(key: String, value: RuleValue)] {
        members.map { member in
            if used.insert(member.key).inserted { requested.append(member.key) }
            return (member.key, RuleValue(member.value, file: file, keyPath: RuleKeyPath.member(member.key, of: keyPath)))
        }
    }

    // MARK: Typed values

    package func string(_ key: String) throws(RulesError) -> String {
        try value(key).string()
    }

    package func optionalString(_ key: String) throws(RulesError) -> String? {
        try optionalValue(key)?.string()
    }

    package func int(_ key: String, in range: ClosedRange<Int>? = nil) throws(RulesError) -> Int {
        try value(key).int(in: range)
    }

    package func optionalInt(_ key: String, in range: ClosedRange<Int>? = nil) throws(RulesError) -> Int? {
        try optionalValue(key)?.int(in: range)
    }

    package func bool(_ key: String) throws(RulesError) -> Bool {
        try value(key).bool()
    }

    package func optionalBool(_ key: String) throws(RulesError) -> Bool? {
        try optionalValue(key)?.bool()
    }

    /// A plain decimal written as a number or a string (`0.45` or `"0.45"`), as written.
    package func decimalString(_ key: String) throws(RulesError) -> String {
        try value(key).decimalString()
    }

    package func optionalDecimalString(_ key: String) throws(RulesError) -> String? {
        try optionalValue(key)?.decimalString()
    }

    /// The objects of the array at `key`, each told apart by its string at `idKey` (a tier's id, a
    /// hotline), made into elements by `element`, in order. The string is refused at its value
    /// with the reason `invalid` gives for it (nil: good), or, when an earlier object has it
    /// already, with the reason `repeated` gives from it and the earlier object's index.
    package func uniquelyKeyedObjects<Element>(
        _ key: String, by idKey: String, invalid: (String) -> String?, repeated: (String, Int) -> String,
        element: (RuleObject, String) throws(RulesError) -> Element
    ) throws(RulesError) -> [Element] {
        var indexByID: [String: Int] = [:]
        var elements: [Element] = []
        for value in try array(key) {
            let object = try value.object()
            let idValue = try object.value(idKey)
            let id = try idValue.string()
            if let reason = invalid(id) ?? indexByID[id].map({ repeated(id, $0) }) { throw idValue.error(reason) }
            elements.append(try element(object, id))
            indexByID[id] = elements.count - 1
        }
        return elements
    }

    package func object(_ key: String) throws(RulesError) -> RuleObject {
        try value(key).object()
    }

    package func optionalObject(_ key: String) throws(RulesError) -> RuleObject? {
        try optionalValue(key)?.object()
    }

    package func array(_ key: String) throws(RulesError) -> [RuleValue] {
        try value(key).array()
    }

    package func optionalArray(_ key: String) throws(RulesError) -> [RuleValue]? {
        try optionalValue(key)?.array()
    }

    // MARK: Checks

    /// An error about `key` (at its value, or at this object when the key is absent), or about
    /// the whole object when `key` is nil: for checks that involve several keys.
    package func error(_ reason: String, at key: String? = nil) -> RulesError {
        guard let key else { return file.error(reason, at: position, keyPath: keyPath) }
        let place = memberIndex[key].map { members[$0].value.position } ?? position
        return file.error(reason, at: place, keyPath: RuleKeyPath.member(key, of: keyPath))
    }

    /// Fails on the first key, in file order, that no accessor asked for.
    package func rejectUnknownKeys() throws(RulesError) {
        guard let unknown = members.first(where: { !used.contains($0.key) }) else { return }
        let allowed = requested.isEmpty ? "none" : requested.joined(separator: ", ")
        throw file.error(
            "unknown key \(unknown.key.rulesQuoted()); allowed keys: \(allowed)",
            at: unknown.keyPosition,
            keyPath: RuleKeyPath.member(unknown.key, of: keyPath)
        )
    }
}
