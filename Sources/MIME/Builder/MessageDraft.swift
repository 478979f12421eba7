import Foundation

/// What an outbound message says, before it is written as RFC 5322 bytes by `MessageBuilder`. The send API
/// fills it from a JSON request; every text field is untrusted and checked by the builder.
public struct MessageDraft: Sendable, Hashable {
    public var from: MailAddress
    public var sender: MailAddress?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var replyTo: [MailAddress]
    public var subject: String?
    public var text: String?
    public var html: String?
    /// Extra header fields, written in this order after the structural ones. Bcc is never written: blind
    /// recipients belong to the envelope only.
    public var headers: [DraftHeader]
    public var attachments: [DraftAttachment]
    /// Without angle brackets, e.g. `0192…@mail.example.com` (see `MessageBuilder.makeMessageID`).
    public var messageID: String
    public var date: Date

    public init(
        from: MailAddress,
        sender: MailAddress? = nil,
        to: [MailAddress] = [],
        cc: [MailAddress] = [],
        replyTo: [MailAddress] = [],
        subject: String? = nil,
        text: String? = nil,
        html: String? = nil,
        headers: [DraftHeader] = [],
        attachments: [DraftAttachment] = [],
        messageID: String,
        date: Date
    ) {
        self.from = from
        self.sender = sender
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.headers = headers
        self.attachments = attachments
        self.messageID = messageID
        self.date = date
    }
}
