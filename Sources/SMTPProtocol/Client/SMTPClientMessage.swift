/// The envelope of one message to relay; the body is streamed by the handler on `sendBody`.
public struct SMTPClientMessage: Hashable, Sendable {
    public var mailFrom: SMTPReversePath
    public var parameters: SMTPMailParameters
    public var recipients: [SMTPEnvelopeRecipient]

    public init(mailFrom: SMTPReversePath, parameters: SMTPMailParameters = SMTPMailParameters(), recipients: [SMTPEnvelopeRecipient]) {
        self.mailFrom = mailFrom
        self.parameters = parameters
        self.recipients = recipients
    }
}
