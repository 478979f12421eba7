/// One accepted RCPT TO.
public struct SMTPEnvelopeRecipient: Hashable, Sendable {
    public var path: SMTPForwardPath
    public var parameters: SMTPRecipientParameters

    public init(path: SMTPForwardPath, parameters: SMTPRecipientParameters = SMTPRecipientParameters()) {
        self.path = path
        self.parameters = parameters
    }
}
