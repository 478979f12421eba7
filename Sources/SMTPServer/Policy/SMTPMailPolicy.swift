import SMTPProtocol

/// What the SMTP side asks of the mail domain: may this user send as this sender, does a route take this
/// recipient, and what becomes of this message. Declared here so that SMTPServer does not import the
/// domain (`Inbound` implements it); the listener and the queue sink only call it.
public protocol SMTPMailPolicy: Sendable {
    /// At MAIL FROM, after the session's own checks: the refusal to send, or nil to accept.
    func senderRefusal(_ path: SMTPReversePath, user: String?, mode: SMTPSessionMode) -> SMTPRefusal?

    /// At each RCPT TO.
    func recipientVerdict(
        _ path: SMTPForwardPath, context: SMTPEnvelopeRecipientContext, mode: SMTPSessionMode
    ) -> SMTPRecipientVerdict

    /// At the final dot, before the commit: `headerBlock` is the client's bytes up to the blank line,
    /// without our Received header; `headerTruncated` when the header was longer than
    /// ``HeaderCapture/limit`` and `headerBlock` only its start.
    func plan(_ envelope: SMTPEnvelope, session: SMTPSessionInfo, headerBlock: [UInt8], headerTruncated: Bool) -> SMTPMessagePlan
}
