/// The queueing model a requirement or a calculation uses.
package enum QueueModel: Sendable, Hashable {
    /// Erlang C (M/M/N): callers wait as long as it takes; with N ≤ A agents the queue never empties.
    case erlangC
    /// Erlang A (Palm's M/M/N+M): callers hang up after an exponentially distributed patience with
    /// mean `patienceSeconds`, so any number of agents gives a stable queue.
    case erlangA(patienceSeconds: Double)
}
