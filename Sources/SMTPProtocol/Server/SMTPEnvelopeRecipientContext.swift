/// What a recipient policy may look at besides the address.
public struct SMTPEnvelopeRecipientContext: Hashable, Sendable {
    public var mailFrom: SMTPReversePath
    public var heloName: String
    public var authenticatedUser: String?
    public var acceptedRecipients: Int

    public init(mailFrom: SMTPReversePath, heloName: String, authenticatedUser: String?, acceptedRecipients: Int) {
        self.mailFrom = mailFrom
        self.heloName = heloName
        self.authenticatedUser = authenticatedUser
        self.acceptedRecipients = acceptedRecipients
    }
}
