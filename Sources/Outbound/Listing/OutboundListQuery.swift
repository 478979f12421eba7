import Foundation
import Queue

/// The filters and page of `GET /v1/messages`, already validated. Every filter given must hold.
public struct OutboundListQuery: Sendable, Hashable {
    /// At least one recipient in this status.
    public var status: RecipientStatus?
    /// An envelope recipient, compared without regard to case.
    public var recipient: String?
    public var tag: String?
    /// Created at or after.
    public var since: Date?
    /// Created before.
    public var until: Date?
    public var limit: Int
    /// The last message id of the previous page.
    public var cursor: MessageID?

    public init(
        status: RecipientStatus? = nil, recipient: String? = nil, tag: String? = nil, since: Date? = nil,
        until: Date? = nil, limit: Int = OutboundListQuery.defaultLimit, cursor: MessageID? = nil
    ) {
        self.status = status
        self.recipient = recipient
        self.tag = tag
        self.since = since
        self.until = until
        self.limit = limit
        self.cursor = cursor
    }

    public static let defaultLimit = 50
    public static let maximumLimit = 500
}
