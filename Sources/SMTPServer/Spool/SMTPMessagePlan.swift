import Queue
import SMTPProtocol

/// What becomes of one message, decided once its header is in: the jobs committed with it, or a
/// refusal instead of a commit, and optionally work that must finish before the reply (sync webhooks).
public struct SMTPMessagePlan: Sendable {
    public typealias AfterCommit = @Sendable (CommittedMessage) async -> SMTPCommitResult

    public var jobs: [JobSpec]
    /// Added to the message's stored metadata (e.g. recipients held by no route).
    public var metadata: [String: String]
    /// Refuse the message instead of committing it; nothing is stored.
    public var refusal: SMTPRefusal?
    /// Runs after the durable commit; its result is the reply to the client.
    public var afterCommit: AfterCommit?

    public init(
        jobs: [JobSpec], metadata: [String: String] = [:], refusal: SMTPRefusal? = nil, afterCommit: AfterCommit? = nil
    ) {
        self.jobs = jobs
        self.metadata = metadata
        self.refusal = refusal
        self.afterCommit = afterCommit
    }
}
