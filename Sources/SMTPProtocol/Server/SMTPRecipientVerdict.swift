/// A recipient policy's answer for one RCPT TO.
public enum SMTPRecipientVerdict: Hashable, Sendable {
    case accept
    /// `550 5.1.1 <address>: Recipient address rejected: User unknown`.
    case unknownRecipient
    /// Any other answer, e.g. a route's reject reply or a 450 while routes are reloading, with the reason
    /// the rejections metric counts it under.
    case reject(SMTPRefusal)
}
