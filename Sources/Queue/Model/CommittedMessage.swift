import Foundation

/// What `MessageWriter.commit` returns once the message and its jobs are durable.
public struct CommittedMessage: Sendable, Hashable {
    public var id: MessageID
    public var size: Int
    public var jobIDs: [JobID]
    public var committedAt: Date
}
