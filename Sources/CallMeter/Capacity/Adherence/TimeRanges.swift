/// A set of instants as sorted, disjoint, non-empty half-open ranges `[start, end)` of Unix
/// seconds: the union of what it was built from, each second counted once.
package struct TimeRanges: Sendable, Hashable {
    /// Sorted by start; never overlapping nor touching (touching ranges are joined).
    package private(set) var ranges: [Range<Int64>]

    /// The union of `ranges` (in any order; empty ones are dropped).
    package init(_ ranges: some Sequence<Range<Int64>>) {
        var merged: [Range<Int64>] = []
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }) {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// Seconds in the set.
    package var seconds: Int64 { ranges.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) } }

    package var isEmpty: Bool { ranges.isEmpty }

    package func union(_ other: TimeRanges) -> TimeRanges {
        TimeRanges(ranges + other.ranges)
    }

    /// The instants in both sets.
    package func intersection(_ other: TimeRanges) -> TimeRanges {
        var result: [Range<Int64>] = []
        var i = 0, j = 0
        while i < ranges.count && j < other.ranges.count {
            let a = ranges[i], b = other.ranges[j]
            let low = max(a.lowerBound, b.lowerBound), high = min(a.upperBound, b.upperBound)
            if low < high { result.append(low..<high) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return TimeRanges(result)
    }

    /// The instants of this set not in `other`.
    package func subtracting(_ other: TimeRanges) -> TimeRanges {
        var result: [Range<Int64>] = []
        var j = 0
        for range in ranges {
            var start = range.lowerBound
            while j < other.ranges.count && other.ranges[j].upperBound <= start { j += 1 }
            var k = j
            while k < other.ranges.count && other.ranges[k].lowerBound < range.upperBound {
                let cut = other.ranges[k]
                if cut.lowerBound > start { result.append(start..<cut.lowerBound) }
                start = max(start, cut.upperBound)
                k += 1
            }
            if start < range.upperBound { result.append(start..<range.upperBound) }
        }
        return TimeRanges(result)
    }

    /// The set cut to `[start, end)`.
    package func clipped(to window: Range<Int64>) -> TimeRanges {
        intersection(TimeRanges([window]))
    }

    /// Whether any instant of `window` is in the set.
    package func overlaps(_ window: Range<Int64>) -> Bool {
        ranges.contains { $0.overlaps(window) }
    }
}
