import Foundation

/// A page of the message listing (inbound and outbound APIs), newest first. Every filter is optional; `before` is the paging cursor
/// (the last id of the previous page).
public struct MessageQuery: Sendable, Hashable {
    /// A recipient of the envelope, compared without regard to case.
    public var recipient: String?
    /// The envelope sender, compared without regard to case.
    public var sender: String?
    /// Received at or after.
    public var since: Date?
    /// Received before.
    public var until: Date?
    public var state: MessageState?
    /// Only messages whose metadata holds this key (`origin` selects what the outbound side made).
    public var metadataKey: String?
    /// Only messages with an `outbound.relay` job whose JSON payload lists this string in its `tags` array.
    public var tag: String?
    public var before: MessageID?
    public var limit: Int

    public init(
        recipient: String? = nil, sender: String? = nil, since: Date? = nil, until: Date? = nil,
        state: MessageState? = nil, metadataKey: String? = nil, tag: String? = nil, before: MessageID? = nil,
        limit: Int = 50
    ) {
        self.recipient = recipient
        self.sender = sender
        self.since = since
        self.until = until
        self.state = state
        self.metadataKey = metadataKey
        self.tag = tag
        self.before = before
        self.limit = limit
    }
}
