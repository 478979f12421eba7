/// One page of sent messages, newest first; `nextCursor` is nil on the last page.
public struct OutboundListPage: Sendable, Hashable {
    public var messages: [OutboundMessageReport]
    public var nextCursor: String?

    public init(messages: [OutboundMessageReport], nextCursor: String?) {
        self.messages = messages
        self.nextCursor = nextCursor
    }
}
