import MailModel

/// Everything the session knows about a message when its body starts.
public struct SMTPEnvelope: Hashable, Sendable {
    public var heloName: String
    public var mailFrom: SMTPReversePath
    public var mailParameters: SMTPMailParameters
    public var recipients: [SMTPEnvelopeRecipient]
    public var authenticatedUser: String?
    public var tls: TLSParameters?

    public init(
        heloName: String, mailFrom: SMTPReversePath, mailParameters: SMTPMailParameters = SMTPMailParameters(),
        recipients: [SMTPEnvelopeRecipient], authenticatedUser: String? = nil, tls: TLSParameters? = nil
    ) {
        self.heloName = heloName
        self.mailFrom = mailFrom
        self.mailParameters = mailParameters
        self.recipients = recipients
        self.authenticatedUser = authenticatedUser
        self.tls = tls
    }
}
