import Foundation

/// One recipient's status with the reply that put it there.
public struct RecipientState: Sendable, Hashable {
    public var address: String
    public var status: RecipientStatus
    /// The latest reply about this recipient (nil before the first attempt).
    public var reply: UpstreamReplyDetail?
    public var updatedAt: Date

    public init(address: String, status: RecipientStatus, reply: UpstreamReplyDetail?, updatedAt: Date) {
        self.address = address
        self.status = status
        self.reply = reply
        self.updatedAt = updatedAt
    }
}
