import Foundation

/// The filters and page of `GET /v1/inbound/messages`, already validated.
public struct InboundListQuery: Sendable, Equatable {
    /// Matches messages with this address among their envelope recipients.
    public var recipient: String?
    /// Matches messages with this envelope sender.
    public var sender: String?
    /// Received at or after.
    public var since: Date?
    /// Received before.
    public var until: Date?
    public var status: InboundMessageStatus?
    /// 1...500.
    public var limit: Int
    /// An opaque position from a previous page's `nextCursor`.
    public var cursor: String?

    public init(
        recipient: String? = nil, sender: String? = nil, since: Date? = nil, until: Date? = nil,
        status: InboundMessageStatus? = nil, limit: Int = InboundListQuery.defaultLimit, cursor: String? = nil
    ) {
        self.recipient = recipient
        self.sender = sender
        self.since = since
        self.until = until
        self.status = status
        self.limit = limit
        self.cursor = cursor
    }

    public static let defaultLimit = 50
    public static let maximumLimit = 500
}
