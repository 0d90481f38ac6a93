internal import Foundation

/// Queueing theory for staffing: what N agents achieve on a load (`performance`) and the fewest
/// agents that meet a service-level target (`requiredAgents`), by Erlang C (M/M/N, callers wait as
/// long as it takes) or Erlang A (M/M/N+M, callers hang up after an exponential patience).
///
/// Notation: λ arrivals per second (calls ÷ interval), AHT the average handle time, A = λ × AHT the
/// offered load in Erlangs, N the agents, t the target's threshold.
///
/// - Erlang B, B(N, A), by the recursion B(0) = 1, 1/B(n) = 1 + (n/A) × 1/B(n − 1), carried in
///   logarithms (`logBlockingOdds`): no factorial and no power is formed, so 2,000 agents at 1,800
///   Erlangs (or 2,000 agents at 10 Erlangs, where B underflows) stay exact.
/// - Erlang C, the probability of waiting: C = 1 / (1 + (1 − A/N) × (1/B − 1)) for N > A;
///   service level P(W ≤ t) = 1 − C × e^{−(N − A) t / AHT}; ASA = C × AHT / (N − A);
///   occupancy A / N. With N ≤ A the queue never empties: C = 1, service level 0, ASA infinite.
/// - Erlang A: see `erlangA` (Queueing+ErlangA.swift).
package enum Queueing {
    /// What `agents` agents achieve on `calls` arrivals in `intervalSeconds` with the given average
    /// handle time. No load (no calls, or a zero handle time) is served perfectly.
    package static func performance(
        calls: Double, intervalSeconds: Double, averageHandleSeconds: Double,
        agents: Int, target: ServiceTarget, model: QueueModel
    ) -> QueuePerformance {
        let load = offeredLoad(calls: calls, intervalSeconds: intervalSeconds, averageHandleSeconds: averageHandleSeconds)
        let agents = max(0, agents)
        guard load > 0 else {
            let abandonment: Double? = model == .erlangC ? nil : 0
            return QueuePerformance(
                agents: agents, offeredLoad: 0, serviceLevel: 1, probabilityOfWaiting: 0,
                averageSpeedOfAnswerSeconds: 0, occupancy: 0, abandonedShare: abandonment)
        }
        let threshold = Double(max(0, target.answerWithinSeconds))
        switch model {
        case .erlangC:
            return erlangC(agents: agents, load: load, handleSeconds: averageHandleSeconds, threshold: threshold)
        case .erlangA(let patience):
            return erlangA(
                agents: agents, load: load, handleSeconds: averageHandleSeconds,
                patienceSeconds: patience, threshold: threshold)
        }
    }

    /// The smallest N whose service level meets `target` with occupancy ≤ `maxOccupancy`, and what
    /// it achieves; N = 0 when there is no load. Erlang C searches above A (N ≤ A never empties the
    /// queue), Erlang A from 1. Service level grows and occupancy falls with N, so the search
    /// doubles a step until the target is met and then bisects: N − 1 fails. `maxOccupancy` outside
    /// 0.01...1 is clamped to it (callers validate it).
    package static func requiredAgents(
        calls: Double, intervalSeconds: Double, averageHandleSeconds: Double,
        target: ServiceTarget, maxOccupancy: Double, model: QueueModel
    ) -> QueuePerformance {
        func achieved(_ agents: Int) -> QueuePerformance {
            performance(
                calls: calls, intervalSeconds: intervalSeconds, averageHandleSeconds: averageHandleSeconds,
                agents: agents, target: target, model: model)
        }
        let load = offeredLoad(calls: calls, intervalSeconds: intervalSeconds, averageHandleSeconds: averageHandleSeconds)
        guard load > 0 else { return achieved(0) }
        let occupancyCap = maxOccupancy.isNaN ? 1 : min(1, max(0.01, maxOccupancy))
        func meets(_ result: QueuePerformance) -> Bool {
            target.isMet(by: result.serviceLevel) && result.occupancy <= occupancyCap
        }

        // The largest N known to fail. Erlang C: N ≤ A never empties the queue, and its occupancy
        // A / N needs N ≥ A / cap. Erlang A carries less than A (callers hang up), so only N = 0.
        var failing = 0
        if model == .erlangC {
            failing = max(Int(load.rounded(.down)), Int((load / occupancyCap).rounded(.up)) - 1)
        }
        var step = 1
        var meeting = failing + step
        var best = achieved(meeting)
        while !meets(best) {
            failing = meeting
            step = step.multipliedReportingOverflow(by: 2).overflow ? step : step * 2
            meeting = failing + step
            best = achieved(meeting)
        }
        while meeting - failing > 1 {
            let middle = failing + (meeting - failing) / 2
            let result = achieved(middle)
            if meets(result) {
                meeting = middle
                best = result
            } else {
                failing = middle
            }
        }
        return best
    }

    /// A = calls ÷ interval × AHT in Erlangs; 0 for a non-positive or non-finite input.
    static func offeredLoad(calls: Double, intervalSeconds: Double, averageHandleSeconds: Double) -> Double {
        guard calls.isFinite, intervalSeconds.isFinite, averageHandleSeconds.isFinite,
              calls > 0, intervalSeconds > 0, averageHandleSeconds > 0
        else { return 0 }
        return calls / intervalSeconds * averageHandleSeconds
    }

    /// Erlang B: the share of calls that find all `agents` busy in a loss system (no queue).
    package static func erlangB(agents: Int, load: Double) -> Double {
        1 / (1 + exp(logBlockingOdds(agents: agents, load: load)))
    }

    /// ln(1/B(N, A) − 1), by the recursion 1/B(n) = 1 + (n/A) / B(n − 1) kept in logarithms
    /// (r(n) = ln(1/B(n)) = softplus(ln(n/A) + r(n − 1)), and 1/B(N) − 1 = (N/A) / B(N − 1)).
    /// −∞ for N = 0 (B = 1); finite otherwise, even where B itself would underflow.
    static func logBlockingOdds(agents: Int, load: Double) -> Double {
        guard agents > 0 else { return -.infinity }
        let logLoad = log(load)
        var logInverse = 0.0  // r(0): B(0) = 1
        for n in 1..<agents {
            logInverse = softplus(log(Double(n)) - logLoad + logInverse)
        }
        return log(Double(agents)) - logLoad + logInverse
    }

    /// ln(1 + e^z) without overflow.
    static func softplus(_ z: Double) -> Double {
        z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
    }

    static func erlangC(agents: Int, load: Double, handleSeconds: Double, threshold: Double) -> QueuePerformance {
        let n = Double(agents)
        guard n > load else {
            return QueuePerformance(
                agents: agents, offeredLoad: load, serviceLevel: 0, probabilityOfWaiting: 1,
                averageSpeedOfAnswerSeconds: .infinity, occupancy: agents == 0 ? 0 : 1, abandonedShare: nil)
        }
        let odds = logBlockingOdds(agents: agents, load: load)
        let waiting = 1 / (1 + exp(log1p(-load / n) + odds))
        let serviceLevel = 1 - waiting * exp(-(n - load) * threshold / handleSeconds)
        return QueuePerformance(
            agents: agents, offeredLoad: load, serviceLevel: serviceLevel, probabilityOfWaiting: waiting,
            averageSpeedOfAnswerSeconds: waiting * handleSeconds / (n - load), occupancy: load / n,
            abandonedShare: nil)
    }
}
