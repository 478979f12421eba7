/// One page of received messages, newest first; `nextCursor` is nil on the last page.
public struct InboundListPage: Sendable, Equatable, Codable {
    public var messages: [InboundMessageSummary]
    public var nextCursor: String?

    public init(messages: [InboundMessageSummary], nextCursor: String?) {
        self.messages = messages
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case messages
        case nextCursor = "next_cursor"
    }

    // Written by hand so that a missing value is an explicit null, as the OpenAPI schema says.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messages, forKey: .messages)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
