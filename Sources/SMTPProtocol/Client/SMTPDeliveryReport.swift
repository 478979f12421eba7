/// Per-recipient results of one relayed transaction, in envelope order.
public struct SMTPDeliveryReport: Hashable, Sendable {
    public var results: [SMTPRecipientResult]
    /// Set when nothing was sent because the server's announced extensions rule the message out; each
    /// result then carries `refusal.reply`.
    public var refusal: SMTPClientMessageRefusal?

    public init(results: [SMTPRecipientResult], refusal: SMTPClientMessageRefusal? = nil) {
        self.results = results
        self.refusal = refusal
    }
}
