/// What a mail client shows of a header block: the identifying and addressing fields, decoded, plus every field
/// in order. Used for the message and for each attached message.
public struct HeaderSummary: Sendable, Equatable {
    public var fields: [HeaderField] = []
    public var messageID: String?
    public var inReplyTo: [String] = []
    public var references: [String] = []
    public var subject: String?
    public var date: MessageDate?
    public var from: [MailAddress] = []
    public var sender: MailAddress?
    public var replyTo: [MailAddress] = []
    public var to: [MailAddress] = []
    public var cc: [MailAddress] = []
    public var bcc: [MailAddress] = []

    public init() {}

    /// `fallbackCharset` decodes 8-bit header bytes that are not UTF-8 (RFC 6532 covers UTF-8 only).
    init(raw: [RawHeaderField], fallbackCharset: String?) {
        fields.reserveCapacity(raw.count)
        for field in raw {
            let text = HeaderText.decode(field.value, fallbackCharset: fallbackCharset)
            let key = field.key
            switch key {
            case "from": if from.isEmpty { from = AddressListParser.parse(text) }
            case "sender": if sender == nil { sender = AddressListParser.parse(text).first }
            case "reply-to": if replyTo.isEmpty { replyTo = AddressListParser.parse(text) }
            case "to": to += AddressListParser.parse(text)
            case "cc": cc += AddressListParser.parse(text)
            case "bcc": bcc += AddressListParser.parse(text)
            case "message-id": if messageID == nil { messageID = MessageIDParser.parseSingle(text) }
            case "in-reply-to": if inReplyTo.isEmpty { inReplyTo = MessageIDParser.parseList(text) }
            case "references": if references.isEmpty { references = MessageIDParser.parseList(text) }
            case "date": if date == nil { date = DateParser.parse(text.trimmingLWSP()) }
            default: break
            }
            let decoded = EncodedWordDecoder.decode(text)
            if key == "subject", subject == nil { subject = decoded }
            fields.append(HeaderField(name: field.name, value: decoded))
        }
    }
}
