import Foundation

/// A page of the message listing, newest first. Every filter is optional; `before` is the paging cursor
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
    public var before: MessageID?
    public var limit: Int

    public init(
        recipient: String? = nil, sender: String? = nil, since: Date? = nil, until: Date? = nil,
        state: MessageState? = nil, before: MessageID? = nil, limit: Int = 50
    ) {
        self.recipient = recipient
        self.sender = sender
        self.since = since
        self.until = until
        self.state = state
        self.before = before
        self.limit = limit
    }
}
