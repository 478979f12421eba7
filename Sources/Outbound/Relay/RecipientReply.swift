import SMTPProtocol

/// The reply that decided one recipient in a transaction: its RCPT refusal, or the reply to the body.
public struct RecipientReply: Sendable, Hashable {
    public var recipient: String
    public var reply: SMTPReply

    public init(recipient: String, reply: SMTPReply) {
        self.recipient = recipient
        self.reply = reply
    }
}
