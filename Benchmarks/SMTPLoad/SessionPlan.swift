import NIOCore

/// How many messages one session sends once started (`.max` for a run bounded by time), and, for an
/// open-loop run, when each is due.
struct SessionPlan: Sendable {
    var messages: Int
    /// Open-loop runs: message `j` of this session is due `first + j * every` after the start.
    var schedule: (first: TimeAmount, every: TimeAmount)?

    /// `total` split over `sessions` so that every run sends the same count: the first `total % sessions`
    /// sessions send one more. With `rate`, session `k` sends messages `k, k + sessions, …` of the run, so
    /// the sessions together start messages at exactly `rate` per second.
    static func split(total: Int?, sessions: Int, rate: Double? = nil) -> [SessionPlan] {
        (0..<sessions).map { index in
            let messages = total.map { $0 / sessions + (index < $0 % sessions ? 1 : 0) } ?? .max
            let schedule = rate.map { rate in
                (first: TimeAmount.nanoseconds(Int64(Double(index) / rate * 1e9)),
                 every: TimeAmount.nanoseconds(Int64(Double(sessions) / rate * 1e9)))
            }
            return SessionPlan(messages: messages, schedule: schedule)
        }
    }
}
