/// How many messages one session sends once started (`.max` for a run bounded by time).
struct SessionPlan: Sendable {
    var messages: Int

    /// `total` split over `sessions` so that every run sends the same count: the first `total % sessions`
    /// sessions send one more.
    static func split(total: Int?, sessions: Int) -> [SessionPlan] {
        guard let total else { return Array(repeating: SessionPlan(messages: .max), count: sessions) }
        return (0..<sessions).map { index in
            SessionPlan(messages: total / sessions + (index < total % sessions ? 1 : 0))
        }
    }
}
