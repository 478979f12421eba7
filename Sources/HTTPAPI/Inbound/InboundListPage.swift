/// One page of received messages, newest first; `nextCursor` is nil on the last page.
public struct InboundListPage: Sendable, Equatable, Codable {
    public var messages: [InboundMessageSummary]
    @ExplicitNull public var nextCursor: String?

    public init(messages: [InboundMessageSummary], nextCursor: String?) {
        self.messages = messages
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case messages
        case nextCursor = "next_cursor"
    }
}
