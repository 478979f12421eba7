/// The `message` object of the inbound JSON: what was in the message, decoded to UTF-8.
public struct InboundMessageContent: Sendable, Equatable, Codable {
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    /// ISO 8601 UTC, null when the Date header is missing or unreadable.
    public var date: String?
    /// The Date header as written.
    public var dateRaw: String?
    public var subject: String?
    public var from: InboundAddress?
    public var sender: InboundAddress?
    public var replyTo: [InboundAddress]
    public var to: [InboundAddress]
    public var cc: [InboundAddress]
    public var bcc: [InboundAddress]
    public var headers: [HeaderField]
    public var text: String?
    public var html: String?
    /// `text` without the quoted original and the signature.
    public var strippedText: String?
    public var cidReferences: [String] = []

    init(_ header: HeaderSummary) {
        messageID = header.messageID
        inReplyTo = header.inReplyTo
        references = header.references
        date = header.date?.iso8601
        dateRaw = header.date?.raw
        subject = header.subject
        from = header.from.first.map(InboundAddress.init)
        sender = header.sender.map(InboundAddress.init)
        replyTo = header.replyTo.map(InboundAddress.init)
        to = header.to.map(InboundAddress.init)
        cc = header.cc.map(InboundAddress.init)
        bcc = header.bcc.map(InboundAddress.init)
        headers = header.fields
    }

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case inReplyTo = "in_reply_to"
        case references, date
        case dateRaw = "date_raw"
        case subject, from, sender
        case replyTo = "reply_to"
        case to, cc, bcc, headers, text, html
        case strippedText = "stripped_text"
        case cidReferences = "cid_references"
    }

    /// Absent values are written as null, so every key is always present and consumers see one shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(messageID, forKey: .messageID)
        try c.encode(inReplyTo, forKey: .inReplyTo)
        try c.encode(references, forKey: .references)
        try c.encode(date, forKey: .date)
        try c.encode(dateRaw, forKey: .dateRaw)
        try c.encode(subject, forKey: .subject)
        try c.encode(from, forKey: .from)
        try c.encode(sender, forKey: .sender)
        try c.encode(replyTo, forKey: .replyTo)
        try c.encode(to, forKey: .to)
        try c.encode(cc, forKey: .cc)
        try c.encode(bcc, forKey: .bcc)
        try c.encode(headers, forKey: .headers)
        try c.encode(text, forKey: .text)
        try c.encode(html, forKey: .html)
        try c.encode(strippedText, forKey: .strippedText)
        try c.encode(cidReferences, forKey: .cidReferences)
    }
}
