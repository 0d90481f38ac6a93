/// Large, deterministic CDR and ratings files with known contents, for the crash and shutdown tests.
///
/// Calls are `C000000`, `C000001`, …; every `badEvery`-th row (the first included) has a
/// disposition that does not exist and is rejected. Every third good call is rated once.
struct GeneratedFiles {
    let cdr: String
    let ratings: String
    let rows: Int
    let badEvery: Int

    var badCalls: Int { (rows + badEvery - 1) / badEvery }
    var goodCalls: Int { rows - badCalls }
    let ratingRows: Int

    init(rows: Int, badEvery: Int = 997) {
        self.rows = rows
        self.badEvery = badEvery
        var cdr = "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds,caller,direction,queue,ended_by\n"
        var ratings = "call_id,rating,question,rated_at\n"
        cdr.reserveCapacity(rows * 160)
        var rated = 0
        for i in 0..<rows {
            let id = Self.callID(i)
            let day = 1 + i % 28
            let minute = i / 60 % 60
            let second = i % 60
            let stamp = "2026-10-\(Self.pad(day))T09:\(Self.pad(minute)):\(Self.pad(second))Z"
            let answered = "2026-10-\(Self.pad(day))T09:\(Self.pad(minute)):\(Self.pad(second))Z"
            let ended = "2026-10-\(Self.pad(day))T10:\(Self.pad(minute)):\(Self.pad(second))Z"
            let bad = i % badEvery == 0
            cdr += "\(id),+4180010010\(i % 3),a\(100 + i % 40),\(stamp),\(answered),\(ended),\(bad ? "hung up" : "answered"),"
            cdr += "3000,0,\(i % 30),+41 79 \(100 + i % 900) 45 67,inbound,orders,caller\n"
            if !bad && i % 3 == 0 {
                ratings += "\(id),\(1 + i % 5),overall,2026-10-\(Self.pad(day))T11:00:00Z\n"
                rated += 1
            }
        }
        self.cdr = cdr
        self.ratings = ratings
        self.ratingRows = rated
    }

    static func callID(_ i: Int) -> String {
        let digits = String(i)
        return "C" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
