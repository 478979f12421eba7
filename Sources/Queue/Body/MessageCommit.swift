import MailModel

/// One message of a commit that takes several (`QueueStore.commit(_:idempotency:)`): a writer whose body is
/// appended, with what `MessageWriter.commit` would take for it.
public struct MessageCommit: Sendable {
    public var writer: MessageWriter
    public var envelope: Envelope
    public var metadata: [String: String]
    public var jobs: [JobSpec]

    public init(writer: MessageWriter, envelope: Envelope, metadata: [String: String] = [:], jobs: [JobSpec]) {
        self.writer = writer
        self.envelope = envelope
        self.metadata = metadata
        self.jobs = jobs
    }
}
