/// An error reply with the reason it is counted under, decided together where the refusal is decided.
public struct SMTPRefusal: Hashable, Sendable {
    public var reply: SMTPReply
    public var reason: SMTPRejectionReason

    public init(_ reply: SMTPReply, _ reason: SMTPRejectionReason) {
        self.reply = reply
        self.reason = reason
    }
}
