/// A message's delivery state, derived from its jobs: the first that applies of pending (a job still to
/// run), dead, failed, delivered (every job delivered), held (no job at all: kept, delivered nowhere).
public enum MessageState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending
    case dead
    case failed
    case delivered
    case held

    /// The same derivation in SQL, over `queue_messages m`, for both stores.
    static let sqlExpression = """
        CASE
            WHEN EXISTS (SELECT 1 FROM queue_jobs j WHERE j.message_id = m.id AND j.state IN ('queued', 'leased')) THEN 'pending'
            WHEN EXISTS (SELECT 1 FROM queue_jobs j WHERE j.message_id = m.id AND j.state = 'dead') THEN 'dead'
            WHEN EXISTS (SELECT 1 FROM queue_jobs j WHERE j.message_id = m.id AND j.state = 'failed') THEN 'failed'
            WHEN EXISTS (SELECT 1 FROM queue_jobs j WHERE j.message_id = m.id) THEN 'delivered'
            ELSE 'held'
        END
        """
}
