/// Per-write result of a group commit: the transaction committed, but each write may have been
/// refused on its own (a stale lease) without affecting the others.
enum WriteOutcome: Sendable {
    case done
    case decision(RetryDecision)
    case refused(QueueStoreError)
}
