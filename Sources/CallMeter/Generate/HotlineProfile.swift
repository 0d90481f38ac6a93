/// One synthetic hotline: its number, queue, share of the traffic, how long its calls last and how
/// generous its callers are when they rate.
struct HotlineProfile {
    let number: String
    let queue: String
    /// Relative share of inbound traffic.
    let weight: UInt64
    /// Median talk time of an answered call, in seconds.
    let medianTalkSeconds: Double
    /// Standard deviation of the natural logarithm of talk time (the log-normal's σ).
    let talkSpread: Double
    /// Added to every rating on this hotline, before rounding.
    let generosity: Double
    /// With planted behaviours (`generate --plant-integrity`): the share of answered calls an honest
    /// agent drops within 20 s, and of the other inbound answered calls the agent ends. Without them
    /// both follow the agent's quality instead; with them they follow the hotline only, so that honest
    /// agents differ from their peers by chance alone and the survey-integrity limits can keep their
    /// promised false-alarm rate. The traffic-weighted means (1.7 %, 42 %) are those of the
    /// quality-driven model.
    let droppedShare: Double
    let agentEndedShare: Double

    let numberBytes: [UInt8]
    let queueBytes: [UInt8]

    init(number: String, queue: String, weight: UInt64, medianTalkSeconds: Double, talkSpread: Double, generosity: Double,
         droppedShare: Double, agentEndedShare: Double) {
        self.number = number
        self.queue = queue
        self.weight = weight
        self.medianTalkSeconds = medianTalkSeconds
        self.talkSpread = talkSpread
        self.generosity = generosity
        self.droppedShare = droppedShare
        self.agentEndedShare = agentEndedShare
        numberBytes = Array(number.utf8)
        queueBytes = Array(queue.utf8)
    }

    /// Order line, technical support, insurance claims and medical information: different traffic, talk
    /// times and rating habits (support callers are the harshest, order-line callers the kindest). The
    /// numbers are those `Rules/tiers.json` prices (and the fixtures use): medical information is
    /// +41800300300, claims +41800400400.
    static let all: [HotlineProfile] = [
        HotlineProfile(number: "+41800100100", queue: "orders", weight: 40, medianTalkSeconds: 170, talkSpread: 0.70, generosity: 0.35,
                       droppedShare: 0.014, agentEndedShare: 0.40),
        HotlineProfile(number: "+41800200200", queue: "support", weight: 27, medianTalkSeconds: 390, talkSpread: 0.80, generosity: -0.45,
                       droppedShare: 0.022, agentEndedShare: 0.45),
        HotlineProfile(number: "+41800400400", queue: "claims", weight: 20, medianTalkSeconds: 300, talkSpread: 0.75, generosity: -0.20,
                       droppedShare: 0.018, agentEndedShare: 0.43),
        HotlineProfile(number: "+41800300300", queue: "medinfo", weight: 13, medianTalkSeconds: 250, talkSpread: 0.70, generosity: 0.20,
                       droppedShare: 0.016, agentEndedShare: 0.42),
    ]
}
