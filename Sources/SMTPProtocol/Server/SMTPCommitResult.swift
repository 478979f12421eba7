/// The outcome of committing a message to the durable store.
public enum SMTPCommitResult: Hashable, Sendable {
    /// `250 2.0.0 Ok: queued as <id>`.
    case queued(id: String)
    /// `451 4.3.0` unless a specific reply is given (e.g. `452 4.3.1` when the disk is full).
    case failed(SMTPReply?)
}
