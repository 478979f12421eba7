import Foundation
import MailModel

/// A committed message as read back from the store (the body is read separately, streamed).
public struct StoredMessage: Sendable, Hashable {
    public var id: MessageID
    public var envelope: Envelope
    public var metadata: [String: String]
    /// Exact number of body bytes stored.
    public var size: Int
    public var createdAt: Date

    public init(id: MessageID, envelope: Envelope, metadata: [String: String], size: Int, createdAt: Date) {
        self.id = id
        self.envelope = envelope
        self.metadata = metadata
        self.size = size
        self.createdAt = createdAt
    }
}
