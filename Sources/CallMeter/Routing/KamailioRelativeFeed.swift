/// The `kamailio-rweight` feed: a dispatcher list for relative-weight dispatching (algorithm 11),
/// one line per agent: `SETID URI FLAGS PRIORITY ATTRS` as `1 sip:a100@host 0 0 duid=a100;rweight=40`.
///
/// The agents and sets are `KamailioFeed.assign`'s (at most 100 per set; each set's values whole
/// numbers 1–100 summing to exactly 100 by largest remainder), written as `rweight=` instead of
/// `weight=`. The difference is in Kamailio: for algorithm 11 it fills the set's 100-slot table
/// from the *active* destinations only, and fills it again whenever one changes state, so a
/// phone that goes offline (`dispatcher.set_state`, or probing) gives its calls to the others
/// instead of failing them over one by one. `slots(_:)` models how it fills the table.
package enum KamailioRelativeFeed {
    /// The list file. Lines starting with `#` are comments to Kamailio.
    static func render(_ feed: Feed) -> [UInt8] {
        KamailioFeed.renderList(feed, title: "algorithm 11 (rweight, relative weights)", notes: [
            "The rweights of each set sum to 100: with every destination active, each one's rweight is its",
            "percent of the set's calls. While some are inactive Kamailio gives each active one",
            "floor(rweight * 100 / sum of the active rweights) of its 100 slots and the slots left over",
            "to the set's first active line below.",
        ], attribute: "rweight")
    }

    /// How many of a set's 100 slots each destination gets from Kamailio (dispatcher module,
    /// `dp_init_relative_weights`, 5.6), for the set's destinations in file order with their
    /// rweight and whether they are active: each active destination gets
    /// `rweight * 100 / sum` slots (truncated), filled from the last line of the file up (the
    /// module keeps a set's destinations in reverse file order), and the slots left over go to the
    /// last one filled, i.e. the first active line of the file that got a slot. When none got a
    /// slot (more than 100 destinations at rweight 1), all 100 go to the first line, active or
    /// not. An inactive destination and a set with no active one get nothing; a set of one
    /// destination takes every call.
    package static func slots(_ destinations: [(rweight: Int, active: Bool)]) -> [Int] {
        var slots = Array(repeating: 0, count: destinations.count)
        guard destinations.count >= 2 else { return destinations.map { $0.active ? 100 : 0 } }
        // Kamailio reads an rweight outside 1...100 as 0.
        let rweights = destinations.map { (1...100).contains($0.rweight) && $0.active ? $0.rweight : 0 }
        let sum = rweights.reduce(0, +)
        guard sum > 0 else { return slots }
        var filled = 0
        var lastFilled: Int?
        for index in destinations.indices.reversed() where destinations[index].active {
            let slice = rweights[index] * 100 / sum
            slots[index] = slice
            filled += slice
            if slice > 0 { lastFilled = index }
        }
        slots[lastFilled ?? 0] += 100 - filled
        return slots
    }
}
