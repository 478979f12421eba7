/// The ESMTP parameters of RCPT TO that Mailgate understands (RFC 3461).
public struct SMTPRecipientParameters: Hashable, Sendable {
    public var notify: SMTPDSNNotify?
    public var originalRecipient: SMTPOriginalRecipient?

    public init(notify: SMTPDSNNotify? = nil, originalRecipient: SMTPOriginalRecipient? = nil) {
        self.notify = notify
        self.originalRecipient = originalRecipient
    }
}
