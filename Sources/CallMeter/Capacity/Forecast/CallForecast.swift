package import Foundation

/// The forecast of one planned week from the calls of the weeks before it: per hotline, arrivals
/// and average handle time for every local slot, and the callers' patience.
///
/// Method (the README's "Forecast and requirement" says the same):
/// - History: the `forecast_weeks` ISO weeks right before the planned week, inbound calls only
///   (an outbound call does not queue), every disposition: answered, transferred, abandoned and
///   missed calls all reached the hotline.
/// - Arrivals: per hotline, ISO weekday and wall-clock slot of the day, the calls that started in
///   those slots divided by the seconds those slots lasted on the history days that had data (a
///   local date on which the hotline had at least one call), times the planned slot's seconds. For
///   slots of equal length that is the mean count over the weeks with data; the repeated hour of a
///   fall-back day counts once per instant, with twice the seconds, and a spring-forward day adds no
///   seconds for the skipped hour.
/// - Handle time: talk + hold + wrap of connected calls (`connected_calls`), shrunk toward the
///   hotline's mean: `aht = (n · slotMean + k · hotlineMean) / (n + k)` with `n` the slot's
///   connected calls in the history and `k = shrinkageCalls` (30). A hotline without connected
///   calls takes the mean of all hotlines.
/// - Patience (for Erlang A): total waiting time ÷ abandonments over the hotline's history (the
///   maximum-likelihood estimate of exponential patience with censored waits): a connected call
///   waited from `started_at` to `answered_at` (calls without `answered_at` are left out: their wait
///   is unknown), an abandoned or missed call from `started_at` to `ended_at`. No abandonment, no
///   waiting time, or fewer than half of the connected calls with an `answered_at` (the waits of
///   those answered would be missing from the total, making callers look impatient): nil, and the
///   hotline is planned with Erlang C.
package struct CallForecast: Sendable {
    /// The planned week and the history it was made from.
    package let week: ISOWeek
    package let historyWeeks: [ISOWeek]
    /// The center's zone the slots are in.
    package let timeZone: TimeZone
    /// `[from, to)` of the history, Unix seconds.
    package let historyStart: Int64
    package let historyEnd: Int64
    /// Hotlines with at least one inbound call in the history, sorted.
    package let hotlines: [String]
    /// The planned slots in time order.
    package let slots: [LocalSlot]
    /// Per hotline (in `hotlines` order), per slot (in `slots` order).
    package let perSlot: [[SlotForecast]]
    /// Per hotline: mean handle seconds of its connected calls in the history (nil: none).
    package let hotlineHandleSeconds: [String: Double]
    /// Per hotline: estimated mean patience in seconds (nil: Erlang C, see above).
    package let patienceSeconds: [String: Double]
    /// Per hotline: calls in the history and the dates on which it had calls.
    package let historyCalls: [String: Int]
    package let historyDays: [String: Int]

    /// The prior weight of the hotline's mean handle time, in calls.
    package static let shrinkageCalls = 30.0

    /// One hotline's forecast for one slot.
    package struct SlotForecast: Sendable, Hashable {
        /// Expected arrivals in the slot.
        package var calls: Double
        /// Expected mean handle time, seconds.
        package var averageHandleSeconds: Double
        /// Connected calls of this weekday and slot in the history (the `n` of the shrinkage).
        package var historyConnected: Int
    }
}

extension CallForecast {
    /// What the history holds for one hotline in one wall-clock slot of one weekday, summed.
    struct Tally {
        var arrivals = 0
        var connected = 0
        var handleSeconds = 0
        var abandoned = 0
        var waitedSeconds = 0
        /// Connected calls with an `answered_at`, whose wait is known.
        var connectedWaitKnown = 0
        var seconds: Int64 = 0

        mutating func add(_ other: Tally) {
            arrivals += other.arrivals
            connected += other.connected
            handleSeconds += other.handleSeconds
            abandoned += other.abandoned
            waitedSeconds += other.waitedSeconds
            connectedWaitKnown += other.connectedWaitKnown
        }
    }

    struct SlotKey: Hashable {
        var weekday: Int
        var minuteOfDay: Int
    }

    /// One pass over the history: `calls` grouped by hotline and by the seconds-grid bucket of the
    /// start (15 minutes when every slot boundary is on that grid, as in every zone whose offsets are
    /// whole quarter hours; else one minute), left-joined to `connected_calls` on the primary key.
    static let historySQL = """
        SELECT h.hotline AS hotline, b.bucket AS bucket, b.arrivals AS arrivals, b.connected AS connected,
               b.handle AS handle, b.abandoned AS abandoned, b.waited AS waited, b.wait_known AS wait_known
        FROM (
            SELECT c.hotline AS hotline_id, (c.started_at - :from) / :bucket AS bucket, count(*) AS arrivals,
                   count(a.id) AS connected,
                   ifnull(sum(a.talk_seconds + a.hold_seconds + a.wrap_seconds), 0) AS handle,
                   ifnull(sum(c.disposition = 'abandoned'), 0) AS abandoned,
                   ifnull(sum(CASE WHEN a.id IS NULL THEN c.ended_at - c.started_at
                                   WHEN c.answered_at IS NOT NULL THEN c.answered_at - c.started_at END), 0) AS waited,
                   count(CASE WHEN a.id IS NOT NULL THEN c.answered_at END) AS wait_known
            FROM calls c LEFT JOIN connected_calls a ON a.id = c.id
            WHERE c.started_at >= :from AND c.started_at < :to AND c.direction = 'inbound'
            GROUP BY c.hotline, bucket
        ) b JOIN hotlines h ON h.id = b.hotline_id
        """

    /// The forecast of `week` from the `weeks` weeks before it, in `zone` with `intervalMinutes` slots.
    /// Slots of the history that end after `now` (the current week, when planning the next one)
    /// have not happened yet: they count neither calls nor seconds.
    static func make(week: ISOWeek, weeks: Int, intervalMinutes: Int, zone: TimeZone, now: Int64?, connection: Connection) throws -> CallForecast {
        let historyWeeks = (1...max(1, weeks)).reversed().map { week.adding(weeks: -$0) }
        let historyDays = historyWeeks.flatMap(\.days)
        let historySlots = historyDays.flatMap { LocalSlot.day($0, intervalMinutes: intervalMinutes, in: zone) }
        let from = historySlots.first?.start ?? 0, to = historySlots.last?.end ?? 0
        let bucket: Int64 = historySlots.allSatisfy { ($0.start - from) % 900 == 0 } ? 900 : 60

        var tallies: [String: [Tally]] = [:]  // per hotline, per history slot
        var datesWithCalls: [String: Set<CalendarDate>] = [:]
        var slotIndex = 0
        try connection.cached(historySQL).forEachRow([":from": .int(from), ":to": .int(to), ":bucket": .int(bucket)]) { row in
            let hotline = try row.text("hotline")
            let instant = from + (try row.int64("bucket")) * bucket
            // Rows come grouped by hotline, buckets ascending: search from the last slot found.
            if slotIndex >= historySlots.count || historySlots[slotIndex].start > instant { slotIndex = 0 }
            while slotIndex < historySlots.count - 1, historySlots[slotIndex].end <= instant { slotIndex += 1 }
            var tally = Tally()
            tally.arrivals = try row.int("arrivals")
            tally.connected = try row.int("connected")
            tally.handleSeconds = try row.int("handle")
            tally.abandoned = try row.int("abandoned")
            tally.waitedSeconds = try row.int("waited")
            tally.connectedWaitKnown = try row.int("wait_known")
            tallies[hotline, default: Array(repeating: Tally(), count: historySlots.count)][slotIndex].add(tally)
            datesWithCalls[hotline, default: []].insert(historySlots[slotIndex].date)
        }

        let slots = LocalSlot.week(week, intervalMinutes: intervalMinutes, in: zone)
        let hotlines = tallies.keys.sorted()
        var perHotlineKey: [String: [SlotKey: Tally]] = [:]
        var totals: [String: Tally] = [:]
        for hotline in hotlines {
            let dates = datesWithCalls[hotline] ?? []
            var byKey: [SlotKey: Tally] = [:]
            var total = Tally()
            for (index, slot) in historySlots.enumerated() where dates.contains(slot.date) && slot.end <= now ?? .max {
                let tally = tallies[hotline]?[index] ?? Tally()
                byKey[SlotKey(weekday: slot.isoWeekday, minuteOfDay: slot.minuteOfDay), default: Tally()].add(tally)
                byKey[SlotKey(weekday: slot.isoWeekday, minuteOfDay: slot.minuteOfDay)]?.seconds += slot.seconds
                total.add(tally)
            }
            perHotlineKey[hotline] = byKey
            totals[hotline] = total
        }
        let all = totals.values.reduce(into: Tally()) { $0.add($1) }
        let centerHandle = all.connected > 0 ? Double(all.handleSeconds) / Double(all.connected) : nil

        var hotlineHandle: [String: Double] = [:], patience: [String: Double] = [:]
        var perSlot: [[SlotForecast]] = []
        for hotline in hotlines {
            let total = totals[hotline] ?? Tally()
            let mean = total.connected > 0 ? Double(total.handleSeconds) / Double(total.connected) : nil
            if let mean { hotlineHandle[hotline] = mean }
            if total.abandoned > 0, total.waitedSeconds > 0, 2 * total.connectedWaitKnown >= total.connected {
                patience[hotline] = Double(total.waitedSeconds) / Double(total.abandoned)
            }
            let prior = mean ?? centerHandle ?? 0
            perSlot.append(slots.map { slot in
                let tally = perHotlineKey[hotline]?[SlotKey(weekday: slot.isoWeekday, minuteOfDay: slot.minuteOfDay)] ?? Tally()
                let calls = tally.seconds > 0 ? Double(tally.arrivals) * Double(slot.seconds) / Double(tally.seconds) : 0
                let n = Double(tally.connected)
                let aht = (Double(tally.handleSeconds) + shrinkageCalls * prior) / (n + shrinkageCalls)
                return SlotForecast(calls: calls, averageHandleSeconds: aht, historyConnected: tally.connected)
            })
        }
        return CallForecast(
            week: week, historyWeeks: historyWeeks, timeZone: zone, historyStart: from, historyEnd: to, hotlines: hotlines, slots: slots,
            perSlot: perSlot, hotlineHandleSeconds: hotlineHandle, patienceSeconds: patience,
            historyCalls: totals.mapValues(\.arrivals), historyDays: datesWithCalls.mapValues(\.count))
    }
}
