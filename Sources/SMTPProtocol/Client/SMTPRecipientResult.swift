/// The outcome for one recipient: the reply that decided it (RCPT refusal, or the final reply to the body).
public struct SMTPRecipientResult: Hashable, Sendable {
    public var recipient: SMTPEnvelopeRecipient
    public var reply: SMTPReply

    public init(recipient: SMTPEnvelopeRecipient, reply: SMTPReply) {
        self.recipient = recipient
        self.reply = reply
    }

    public var delivered: Bool { self.reply.isPositive }
    /// Worth retrying later (4xx); 5xx is final.
    public var isTransient: Bool { self.reply.isTransientFailure }
}
