/// The outcome of committing a message to the durable store.
public enum SMTPCommitResult: Hashable, Sendable {
    /// `250 2.0.0 Ok: queued as <id>`.
    case queued(id: String)
    /// `451 4.3.0` (counted as `commit_failed`) unless a specific refusal is given: `452 4.3.1` when the
    /// disk is full, a sync webhook's refusal, a `From:` the user may not use.
    case failed(SMTPRefusal?)
}
