/// Summary of an attached message (message/rfc822): enough to show it in a list without parsing it.
public struct InboundEmbeddedMessage: Sendable, Equatable, Codable {
    public var messageID: String?
    public var subject: String?
    public var date: String?
    public var from: InboundAddress?
    public var to: [InboundAddress]
    public var cc: [InboundAddress]

    init(_ header: HeaderSummary) {
        messageID = header.messageID
        subject = header.subject
        date = header.date?.iso8601
        from = header.from.first.map(InboundAddress.init)
        to = header.to.map(InboundAddress.init)
        cc = header.cc.map(InboundAddress.init)
    }

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case subject, date, from, to, cc
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(messageID, forKey: .messageID)
        try c.encode(subject, forKey: .subject)
        try c.encode(date, forKey: .date)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(cc, forKey: .cc)
    }
}
